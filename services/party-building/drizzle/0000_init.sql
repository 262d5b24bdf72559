CREATE TABLE "coverage" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"party_organization_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inbox" (
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
);
--> statement-breakpoint
CREATE TABLE "known_organizations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"track" text NOT NULL,
	"community_code" text NOT NULL,
	"street_code" text NOT NULL,
	"district_code" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "known_regions" (
	"code" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"parent_code" text,
	"district_code" text NOT NULL,
	"street_code" text,
	"population" integer,
	"households" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"position" bigserial NOT NULL,
	"subject" text NOT NULL,
	"type" text NOT NULL,
	"envelope" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text
);
--> statement-breakpoint
CREATE TABLE "party_organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"region_code" text NOT NULL,
	"parent_id" uuid,
	"full_members" integer NOT NULL,
	"probationary_members" integer DEFAULT 0 NOT NULL,
	"founded_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "coverage" ADD CONSTRAINT "coverage_party_organization_id_party_organizations_id_fk" FOREIGN KEY ("party_organization_id") REFERENCES "public"."party_organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_organizations" ADD CONSTRAINT "party_organizations_parent_id_party_organizations_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."party_organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "known_organizations_community_idx" ON "known_organizations" USING btree ("community_code");--> statement-breakpoint
CREATE INDEX "known_regions_street_idx" ON "known_regions" USING btree ("street_code");--> statement-breakpoint
CREATE INDEX "known_regions_district_idx" ON "known_regions" USING btree ("district_code");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "outbox" USING btree ("position") WHERE "outbox"."published_at" is null;--> statement-breakpoint
CREATE INDEX "party_organizations_region_idx" ON "party_organizations" USING btree ("region_code","founded_at","id");