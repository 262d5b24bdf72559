CREATE TABLE "fund_shares" (
	"street_code" text PRIMARY KEY NOT NULL,
	"basis_points" integer NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fund_shares_basis_points_check" CHECK ("fund_shares"."basis_points" between 0 and 10000)
);
--> statement-breakpoint
CREATE TABLE "joint_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"host_id" uuid NOT NULL,
	"region_code" text NOT NULL,
	"held_on" date NOT NULL,
	"participating_units" text[] NOT NULL,
	"topics" text[] NOT NULL,
	"outcomes" text[] NOT NULL,
	"recorded_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "party_dues" (
	"party_organization_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"collected_fen" bigint NOT NULL,
	"rebate_fen" bigint NOT NULL,
	"members_counted" integer NOT NULL,
	"recorded_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "party_dues_party_organization_id_year_pk" PRIMARY KEY("party_organization_id","year"),
	CONSTRAINT "party_dues_amounts_check" CHECK ("party_dues"."collected_fen" >= 0 and "party_dues"."rebate_fen" >= 0 and "party_dues"."rebate_fen" <= "party_dues"."collected_fen")
);
--> statement-breakpoint
CREATE TABLE "service_stations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"community_code" text NOT NULL,
	"placement" text NOT NULL,
	"location_label" text NOT NULL,
	"party_organization_id" uuid,
	"opened_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "party_organizations" ADD COLUMN "reorganisation_reasons" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "party_organizations" ADD COLUMN "reorganisation_flagged_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "joint_meetings" ADD CONSTRAINT "joint_meetings_host_id_party_organizations_id_fk" FOREIGN KEY ("host_id") REFERENCES "public"."party_organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "party_dues" ADD CONSTRAINT "party_dues_party_organization_id_party_organizations_id_fk" FOREIGN KEY ("party_organization_id") REFERENCES "public"."party_organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_stations" ADD CONSTRAINT "service_stations_party_organization_id_party_organizations_id_fk" FOREIGN KEY ("party_organization_id") REFERENCES "public"."party_organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "joint_meetings_region_idx" ON "joint_meetings" USING btree ("region_code","held_on","id");--> statement-breakpoint
CREATE INDEX "joint_meetings_host_idx" ON "joint_meetings" USING btree ("host_id","held_on");--> statement-breakpoint
CREATE INDEX "service_stations_community_idx" ON "service_stations" USING btree ("community_code","opened_at","id");--> statement-breakpoint
CREATE INDEX "service_stations_party_organization_idx" ON "service_stations" USING btree ("party_organization_id");--> statement-breakpoint
CREATE INDEX "coverage_party_organization_idx" ON "coverage" USING btree ("party_organization_id");--> statement-breakpoint
CREATE INDEX "party_organizations_parent_idx" ON "party_organizations" USING btree ("parent_id");--> statement-breakpoint
CREATE UNIQUE INDEX "party_organizations_one_committee_idx" ON "party_organizations" USING btree ("region_code") WHERE "party_organizations"."kind" in ('street_working_committee', 'community_committee');--> statement-breakpoint
ALTER TABLE "party_organizations" ADD CONSTRAINT "party_organizations_members_check" CHECK ("party_organizations"."full_members" >= 0 and "party_organizations"."probationary_members" >= 0);