CREATE TABLE "ended_coverage" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"party_organization_id" uuid NOT NULL,
	"ended_at" timestamp (3) with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organization_states" (
	"organization_id" uuid NOT NULL,
	"state" text NOT NULL,
	"community_code" text NOT NULL,
	"since" timestamp (3) with time zone NOT NULL,
	"until" timestamp (3) with time zone,
	CONSTRAINT "organization_states_organization_id_since_pk" PRIMARY KEY("organization_id","since")
);
--> statement-breakpoint
ALTER TABLE "ended_coverage" ADD CONSTRAINT "ended_coverage_party_organization_id_party_organizations_id_fk" FOREIGN KEY ("party_organization_id") REFERENCES "public"."party_organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "organization_states_community_idx" ON "organization_states" USING btree ("community_code");--> statement-breakpoint
-- Organizations already in the replica: when they reached their state is not known here, so they
-- hold it from -infinity and count in it for every period, as coverage did before this table.
INSERT INTO "organization_states" ("organization_id", "state", "community_code", "since")
SELECT "id", "state", "community_code", '-infinity'::timestamptz FROM "known_organizations";
