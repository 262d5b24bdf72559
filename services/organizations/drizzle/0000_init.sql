CREATE TABLE "inbox" (
	"consumer" text NOT NULL,
	"event_id" uuid NOT NULL,
	"event_type" text NOT NULL,
	"processed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_consumer_event_id_pk" PRIMARY KEY("consumer","event_id")
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
CREATE TABLE "organizations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"track" text NOT NULL,
	"category" text NOT NULL,
	"service_fields" text[] DEFAULT '{}'::text[] NOT NULL,
	"legal_form" text,
	"credit_code" text,
	"filing_number" text,
	"community_code" text NOT NULL,
	"street_code" text NOT NULL,
	"district_code" text NOT NULL,
	"staff_count" integer DEFAULT 0 NOT NULL,
	"member_count" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organizations_credit_code_key" UNIQUE("credit_code"),
	CONSTRAINT "organizations_filing_number_key" UNIQUE("filing_number")
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
CREATE INDEX "known_regions_street_idx" ON "known_regions" USING btree ("street_code");--> statement-breakpoint
CREATE INDEX "known_regions_district_idx" ON "known_regions" USING btree ("district_code");--> statement-breakpoint
CREATE INDEX "organizations_community_idx" ON "organizations" USING btree ("community_code","created_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "organizations_street_idx" ON "organizations" USING btree ("street_code");--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "outbox" USING btree ("position") WHERE "outbox"."published_at" is null;