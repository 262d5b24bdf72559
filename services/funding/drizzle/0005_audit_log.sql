CREATE TABLE "audit_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"subject" text,
	"roles" text[] NOT NULL,
	"kind" text NOT NULL,
	"operation" text NOT NULL,
	"entity" text,
	"entity_id" text,
	"details" jsonb
);
--> statement-breakpoint
CREATE INDEX "audit_log_subject_idx" ON "audit_log" USING btree ("subject","at");