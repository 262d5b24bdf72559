ALTER TABLE "programmes" ALTER COLUMN "fund_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "grants" ALTER COLUMN "fund_id" SET NOT NULL;