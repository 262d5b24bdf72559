ALTER TABLE "micro_wishes" ADD COLUMN "posted_by" text;--> statement-breakpoint
ALTER TABLE "needs" ADD COLUMN "reported_by" text;--> statement-breakpoint
CREATE INDEX "needs_reported_by_idx" ON "needs" USING btree ("reported_by","reported_at","id");