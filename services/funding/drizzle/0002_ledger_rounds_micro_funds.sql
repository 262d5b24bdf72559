CREATE TABLE "funds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"source" text NOT NULL,
	"purpose" text DEFAULT 'general' NOT NULL,
	"region_code" text,
	"micro_wish_cap_fen" bigint,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funds_cap_positive" CHECK ("funds"."micro_wish_cap_fen" is null or "funds"."micro_wish_cap_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"community_code" text NOT NULL,
	"title" text NOT NULL,
	"summary" text NOT NULL,
	"requested_fen" bigint NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"submitted_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp (3) with time zone,
	CONSTRAINT "applications_round_organization_key" UNIQUE("round_id","organization_id")
);
--> statement-breakpoint
CREATE TABLE "catalogue_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL,
	"ceiling_fen" bigint,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "catalogue_items_programme_code_key" UNIQUE("programme_id","code")
);
--> statement-breakpoint
CREATE TABLE "funding_rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"budget_fen" bigint NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"eligibility" jsonb NOT NULL,
	"eligibility_mode" text DEFAULT 'all' NOT NULL,
	"min_reviewers" integer NOT NULL,
	"passing_score" integer NOT NULL,
	"closes_on" date,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"call_closed_at" timestamp (3) with time zone,
	"concluded_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "reviewers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"linked_organization_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reviews" (
	"application_id" uuid NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"score" integer NOT NULL,
	"comment" text,
	"declared_conflict" boolean DEFAULT false NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reviews_pkey" PRIMARY KEY("application_id","reviewer_id"),
	CONSTRAINT "reviews_score_range" CHECK ("reviews"."score" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "grant_evaluations" (
	"grant_id" uuid PRIMARY KEY NOT NULL,
	"score" integer NOT NULL,
	"rating" text NOT NULL,
	"summary" text NOT NULL,
	"evaluated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "grant_evaluations_score_range" CHECK ("grant_evaluations"."score" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "tranches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"grant_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	"milestone" text NOT NULL,
	"due_on" date,
	"status" text DEFAULT 'pending' NOT NULL,
	"milestone_met_at" timestamp (3) with time zone,
	"paid_at" timestamp (3) with time zone,
	CONSTRAINT "tranches_grant_seq_key" UNIQUE("grant_id","seq"),
	CONSTRAINT "tranches_amount_positive" CHECK ("tranches"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "fulfilled_micro_wishes" (
	"micro_wish_id" uuid PRIMARY KEY NOT NULL,
	"need_id" uuid NOT NULL,
	"community_code" text NOT NULL,
	"fulfilled_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "micro_wish_pledges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"fund_id" uuid NOT NULL,
	"micro_wish_id" uuid NOT NULL,
	"community_code" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"description" text NOT NULL,
	"status" text DEFAULT 'pledged' NOT NULL,
	"need_id" uuid,
	"pledged_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"spent_at" timestamp (3) with time zone,
	"cancelled_at" timestamp (3) with time zone,
	CONSTRAINT "micro_wish_pledges_micro_wish_key" UNIQUE("micro_wish_id"),
	CONSTRAINT "micro_wish_pledges_amount_positive" CHECK ("micro_wish_pledges"."amount_fen" > 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_accounts" (
	"code" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"fund_id" uuid,
	"grant_id" uuid,
	"pledge_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"transaction_id" uuid NOT NULL,
	"account" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	CONSTRAINT "ledger_entries_amount_nonzero" CHECK ("ledger_entries"."amount_fen" <> 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_transactions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"memo" text NOT NULL,
	"fund_id" uuid,
	"programme_id" uuid,
	"grant_id" uuid,
	"tranche_id" uuid,
	"pledge_id" uuid,
	"party_organization_id" uuid,
	"community_code" text,
	"occurred_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organization_grades" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"grade" integer NOT NULL,
	"score" integer NOT NULL,
	"valid_until" date NOT NULL,
	"graded_at" timestamp (3) with time zone NOT NULL,
	CONSTRAINT "organization_grades_grade_range" CHECK ("organization_grades"."grade" between 1 and 5)
);
--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "fund_id" uuid;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "round_id" uuid;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "application_id" uuid;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "catalogue_item_id" uuid;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "description" text;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "social_work_posts" integer;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "status" text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "suspension_reason" text;--> statement-breakpoint
ALTER TABLE "grants" ADD COLUMN "updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "programmes" ADD COLUMN "fund_id" uuid;--> statement-breakpoint
ALTER TABLE "programmes" ADD COLUMN "owner_region_code" text;--> statement-breakpoint
ALTER TABLE "programmes" ADD COLUMN "description" text;--> statement-breakpoint
ALTER TABLE "subsidy_payments" ADD COLUMN "fund_id" uuid;--> statement-breakpoint
ALTER TABLE "subsidy_payments" ADD COLUMN "transaction_id" uuid;--> statement-breakpoint
ALTER TABLE "applications" ADD CONSTRAINT "applications_round_id_funding_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."funding_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_items" ADD CONSTRAINT "catalogue_items_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_rounds" ADD CONSTRAINT "funding_rounds_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_reviewer_id_reviewers_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."reviewers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grant_evaluations" ADD CONSTRAINT "grant_evaluations_grant_id_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."grants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tranches" ADD CONSTRAINT "tranches_grant_id_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."grants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_wish_pledges" ADD CONSTRAINT "micro_wish_pledges_fund_id_funds_id_fk" FOREIGN KEY ("fund_id") REFERENCES "public"."funds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_fund_id_funds_id_fk" FOREIGN KEY ("fund_id") REFERENCES "public"."funds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_grant_id_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."grants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_pledge_id_micro_wish_pledges_id_fk" FOREIGN KEY ("pledge_id") REFERENCES "public"."micro_wish_pledges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_transaction_id_ledger_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."ledger_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_account_ledger_accounts_code_fk" FOREIGN KEY ("account") REFERENCES "public"."ledger_accounts"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_transactions" ADD CONSTRAINT "ledger_transactions_fund_id_funds_id_fk" FOREIGN KEY ("fund_id") REFERENCES "public"."funds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_transactions" ADD CONSTRAINT "ledger_transactions_programme_id_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_transactions" ADD CONSTRAINT "ledger_transactions_grant_id_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."grants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_transactions" ADD CONSTRAINT "ledger_transactions_tranche_id_tranches_id_fk" FOREIGN KEY ("tranche_id") REFERENCES "public"."tranches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_transactions" ADD CONSTRAINT "ledger_transactions_pledge_id_micro_wish_pledges_id_fk" FOREIGN KEY ("pledge_id") REFERENCES "public"."micro_wish_pledges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "funds_one_designated_per_region" ON "funds" USING btree ("purpose","region_code") WHERE "funds"."purpose" in ('micro_fund', 'party_service');--> statement-breakpoint
CREATE INDEX "funds_created_idx" ON "funds" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "applications_round_idx" ON "applications" USING btree ("round_id","submitted_at","id");--> statement-breakpoint
CREATE INDEX "applications_organization_idx" ON "applications" USING btree ("organization_id","submitted_at","id");--> statement-breakpoint
CREATE INDEX "catalogue_items_programme_idx" ON "catalogue_items" USING btree ("programme_id","created_at","id");--> statement-breakpoint
CREATE INDEX "funding_rounds_programme_idx" ON "funding_rounds" USING btree ("programme_id","created_at","id");--> statement-breakpoint
CREATE INDEX "funding_rounds_created_idx" ON "funding_rounds" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "micro_wish_pledges_fund_idx" ON "micro_wish_pledges" USING btree ("fund_id","pledged_at","id");--> statement-breakpoint
CREATE INDEX "ledger_accounts_fund_idx" ON "ledger_accounts" USING btree ("fund_id","type");--> statement-breakpoint
CREATE INDEX "ledger_entries_account_idx" ON "ledger_entries" USING btree ("account","id");--> statement-breakpoint
CREATE INDEX "ledger_entries_transaction_idx" ON "ledger_entries" USING btree ("transaction_id");--> statement-breakpoint
CREATE INDEX "ledger_transactions_community_idx" ON "ledger_transactions" USING btree ("community_code","occurred_at");--> statement-breakpoint
CREATE INDEX "ledger_transactions_grant_idx" ON "ledger_transactions" USING btree ("grant_id");--> statement-breakpoint
CREATE INDEX "ledger_transactions_fund_idx" ON "ledger_transactions" USING btree ("fund_id","occurred_at");--> statement-breakpoint
CREATE INDEX "ledger_transactions_programme_idx" ON "ledger_transactions" USING btree ("programme_id");--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_fund_id_funds_id_fk" FOREIGN KEY ("fund_id") REFERENCES "public"."funds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_round_id_funding_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."funding_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_application_id_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_catalogue_item_id_catalogue_items_id_fk" FOREIGN KEY ("catalogue_item_id") REFERENCES "public"."catalogue_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programmes" ADD CONSTRAINT "programmes_fund_id_funds_id_fk" FOREIGN KEY ("fund_id") REFERENCES "public"."funds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_payments" ADD CONSTRAINT "subsidy_payments_fund_id_funds_id_fk" FOREIGN KEY ("fund_id") REFERENCES "public"."funds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subsidy_payments" ADD CONSTRAINT "subsidy_payments_transaction_id_ledger_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."ledger_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "grants_organization_idx" ON "grants" USING btree ("organization_id","awarded_at","id");--> statement-breakpoint
CREATE INDEX "grants_round_idx" ON "grants" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "programmes_fund_idx" ON "programmes" USING btree ("fund_id","created_at","id");--> statement-breakpoint
CREATE INDEX "programmes_created_idx" ON "programmes" USING btree ("created_at","id");--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_application_key" UNIQUE("application_id");--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_amount_positive" CHECK ("grants"."amount_fen" > 0);