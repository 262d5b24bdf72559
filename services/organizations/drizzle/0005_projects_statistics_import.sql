CREATE TABLE "ignored_grant_awards" (
	"event_id" uuid PRIMARY KEY NOT NULL,
	"grant_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"received_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organization_projects" (
	"grant_id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"programme_id" uuid NOT NULL,
	"programme_kind" text,
	"funding_round_id" uuid,
	"community_code" text NOT NULL,
	"title" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"paid_fen" bigint DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"evaluation_rating" text,
	"started_at" timestamp (3) with time zone NOT NULL,
	"ended_at" timestamp (3) with time zone,
	"award_event_id" uuid NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organization_projects_money_check" CHECK ("organization_projects"."amount_fen" > 0 and "organization_projects"."paid_fen" >= 0)
);
--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "filed_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "registered_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "deregistered_at" timestamp (3) with time zone;--> statement-breakpoint
-- Backfill from the history: the instants of the first file and register steps and of the
-- deregistration; rows whose steps predate the history fall back to created_at / updated_at.
UPDATE "organizations" o SET
  "filed_at" = coalesce(
    (SELECT min(t."created_at") FROM "organization_transitions" t WHERE t."organization_id" = o."id" AND t."action" = 'file'),
    CASE WHEN o."track" = 'filed' THEN o."created_at" END),
  "registered_at" = coalesce(
    (SELECT min(t."created_at") FROM "organization_transitions" t WHERE t."organization_id" = o."id" AND t."action" = 'register'),
    CASE WHEN o."track" = 'registered' THEN o."created_at" END),
  "deregistered_at" = CASE WHEN o."state" = 'deregistered' THEN coalesce(
    (SELECT max(t."created_at") FROM "organization_transitions" t WHERE t."organization_id" = o."id" AND t."action" = 'deregister'),
    o."updated_at") END;--> statement-breakpoint
ALTER TABLE "organization_projects" ADD CONSTRAINT "organization_projects_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "organization_projects_org_idx" ON "organization_projects" USING btree ("organization_id","started_at" DESC NULLS LAST,"grant_id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "organization_projects_started_idx" ON "organization_projects" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "organizations_district_idx" ON "organizations" USING btree ("district_code");--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_established_check" CHECK (("organizations"."track" is null) = ("organizations"."filed_at" is null and "organizations"."registered_at" is null));--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_deregistered_check" CHECK (("organizations"."state" = 'deregistered') = ("organizations"."deregistered_at" is not null));