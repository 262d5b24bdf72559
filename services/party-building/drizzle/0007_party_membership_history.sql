CREATE TABLE "party_membership_history" (
	"party_organization_id" uuid NOT NULL,
	"full_members" integer NOT NULL,
	"probationary_members" integer NOT NULL,
	"since" timestamp (3) with time zone NOT NULL,
	"until" timestamp (3) with time zone,
	CONSTRAINT "party_membership_history_party_organization_id_since_pk" PRIMARY KEY("party_organization_id","since")
);
--> statement-breakpoint
ALTER TABLE "party_membership_history" ADD CONSTRAINT "party_membership_history_party_organization_id_party_organizations_id_fk" FOREIGN KEY ("party_organization_id") REFERENCES "public"."party_organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- Party organizations founded before this table: how their members changed is not known here, so
-- their current counts hold from their founding, and every period counts them as it did before.
INSERT INTO "party_membership_history" ("party_organization_id", "full_members", "probationary_members", "since")
SELECT "id", "full_members", "probationary_members", "founded_at" FROM "party_organizations";
