CREATE TABLE "annual_inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"year" smallint NOT NULL,
	"result" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "annual_inspections_org_year_key" UNIQUE("organization_id","year")
);
--> statement-breakpoint
CREATE TABLE "evaluation_grades" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"grade" smallint NOT NULL,
	"score" smallint NOT NULL,
	"graded_on" date NOT NULL,
	"valid_until" date NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluation_grades_score_check" CHECK ("evaluation_grades"."score" between 0 and 1000 and "evaluation_grades"."grade" between 1 and 5)
);
--> statement-breakpoint
CREATE TABLE "federation_memberships" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"federation_id" uuid NOT NULL,
	"member_id" uuid NOT NULL,
	"joined_on" date NOT NULL,
	"left_on" date,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "federation_memberships_self_check" CHECK ("federation_memberships"."federation_id" <> "federation_memberships"."member_id")
);
--> statement-breakpoint
CREATE TABLE "incubation_centers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"region_code" text NOT NULL,
	"district_code" text NOT NULL,
	"area_sqm" numeric(10, 2) NOT NULL,
	"capacity" integer NOT NULL,
	"operator" text NOT NULL,
	"opened_on" date,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incubation_centers_name_key" UNIQUE("name"),
	CONSTRAINT "incubation_centers_capacity_check" CHECK ("incubation_centers"."capacity" > 0 and "incubation_centers"."area_sqm" > 0)
);
--> statement-breakpoint
CREATE TABLE "incubation_stints" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"center_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"stage" text DEFAULT 'seed' NOT NULL,
	"admitted_on" date NOT NULL,
	"stage_changed_on" date NOT NULL,
	"ended_on" date,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organization_transitions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_state" text,
	"to_state" text NOT NULL,
	"reason" text,
	"event_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "venue_loans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"venue_name" text NOT NULL,
	"community_code" text NOT NULL,
	"street_code" text NOT NULL,
	"area_sqm" numeric(10, 2) NOT NULL,
	"monthly_rent_fen" integer DEFAULT 0 NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "venue_loans_dates_check" CHECK ("venue_loans"."ends_on" is null or "venue_loans"."ends_on" >= "venue_loans"."starts_on"),
	CONSTRAINT "venue_loans_area_check" CHECK ("venue_loans"."area_sqm" > 0 and "venue_loans"."monthly_rent_fen" >= 0)
);
--> statement-breakpoint
DROP INDEX "organizations_street_idx";--> statement-breakpoint
ALTER TABLE "organizations" ALTER COLUMN "track" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "state" text DEFAULT 'preparing' NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "suspended_from" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "description" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "website" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "hub_kind" text;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "established_on" date;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "grade" smallint;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "grade_valid_until" date;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- Organizations filed or registered before the state machine existed are in the state of their track.
UPDATE "organizations" SET "state" = "track", "established_on" = ("created_at" AT TIME ZONE 'Asia/Shanghai')::date, "updated_at" = "created_at" WHERE "track" IS NOT NULL;--> statement-breakpoint
-- Their history starts with that step, matched to the event it recorded when the outbox still has it.
INSERT INTO "organization_transitions" ("organization_id", "action", "from_state", "to_state", "event_id", "created_at")
SELECT o."id", CASE o."track" WHEN 'filed' THEN 'file' ELSE 'register' END, NULL, o."track",
  (SELECT ob."id" FROM "outbox" ob WHERE ob."envelope"->>'subject' = o."id"::text
     AND ob."type" LIKE '%.organizations.organization.' || o."track" || '.v%' ORDER BY ob."position" LIMIT 1),
  o."created_at"
FROM "organizations" o WHERE o."track" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "annual_inspections" ADD CONSTRAINT "annual_inspections_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_grades" ADD CONSTRAINT "evaluation_grades_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "federation_memberships" ADD CONSTRAINT "federation_memberships_federation_id_organizations_id_fk" FOREIGN KEY ("federation_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "federation_memberships" ADD CONSTRAINT "federation_memberships_member_id_organizations_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incubation_stints" ADD CONSTRAINT "incubation_stints_center_id_incubation_centers_id_fk" FOREIGN KEY ("center_id") REFERENCES "public"."incubation_centers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incubation_stints" ADD CONSTRAINT "incubation_stints_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organization_transitions" ADD CONSTRAINT "organization_transitions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "venue_loans" ADD CONSTRAINT "venue_loans_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evaluation_grades_org_idx" ON "evaluation_grades" USING btree ("organization_id","graded_on");--> statement-breakpoint
CREATE UNIQUE INDEX "federation_memberships_active_key" ON "federation_memberships" USING btree ("federation_id","member_id") WHERE "federation_memberships"."left_on" is null;--> statement-breakpoint
CREATE INDEX "federation_memberships_member_idx" ON "federation_memberships" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "incubation_centers_region_idx" ON "incubation_centers" USING btree ("region_code");--> statement-breakpoint
CREATE INDEX "incubation_centers_created_idx" ON "incubation_centers" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "incubation_stints_active_key" ON "incubation_stints" USING btree ("organization_id") WHERE "incubation_stints"."ended_on" is null;--> statement-breakpoint
CREATE INDEX "incubation_stints_center_idx" ON "incubation_stints" USING btree ("center_id");--> statement-breakpoint
CREATE INDEX "organization_transitions_org_idx" ON "organization_transitions" USING btree ("organization_id","created_at","id");--> statement-breakpoint
CREATE INDEX "venue_loans_org_idx" ON "venue_loans" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "venue_loans_community_idx" ON "venue_loans" USING btree ("community_code");--> statement-breakpoint
CREATE INDEX "organizations_created_idx" ON "organizations" USING btree ("created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "organizations_state_idx" ON "organizations" USING btree ("state");--> statement-breakpoint
CREATE INDEX "organizations_service_fields_idx" ON "organizations" USING gin ("service_fields");--> statement-breakpoint
CREATE INDEX "organizations_street_idx" ON "organizations" USING btree ("street_code","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_state_check" CHECK ("organizations"."state" in ('preparing', 'filed', 'recommended', 'registered', 'suspended', 'deregistered'));--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_track_check" CHECK (("organizations"."state" = 'preparing') = ("organizations"."track" is null));--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_registered_check" CHECK ("organizations"."track" is distinct from 'registered' or ("organizations"."credit_code" is not null and "organizations"."legal_form" is not null));--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_filed_check" CHECK ("organizations"."track" is distinct from 'filed' or "organizations"."filing_number" is not null);--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_suspended_check" CHECK (("organizations"."state" = 'suspended') = ("organizations"."suspended_from" is not null));--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_grade_check" CHECK ("organizations"."grade" between 1 and 5);