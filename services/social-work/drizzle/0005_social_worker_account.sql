ALTER TABLE "social_workers" ADD COLUMN "account_subject" text;--> statement-breakpoint
ALTER TABLE "social_workers" ADD CONSTRAINT "social_workers_account_subject_key" UNIQUE("account_subject");