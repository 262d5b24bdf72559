CREATE TABLE "area_leaders" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"level" text NOT NULL,
	"area" text NOT NULL,
	"grid_code" text NOT NULL,
	"building_id" uuid,
	"unit_id" uuid,
	"community_code" text NOT NULL,
	"name" text NOT NULL,
	"phone" text,
	"appointed_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"stepped_down_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "buildings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"grid_code" text NOT NULL,
	"community_code" text NOT NULL,
	"label" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "committee_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"term_id" uuid NOT NULL,
	"role" text NOT NULL,
	"name" text NOT NULL,
	"phone" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "committee_terms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"committee_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"starts_on" date NOT NULL,
	"ends_on" date NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grids" (
	"code" text PRIMARY KEY NOT NULL,
	"community_code" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "resident_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_code" text NOT NULL,
	"name" text NOT NULL,
	"households" integer,
	"leader_name" text,
	"leader_phone" text,
	"leader_appointed_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "residents_committees" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_code" text NOT NULL,
	"name" text NOT NULL,
	"established_on" date,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "residents_committees_community_key" UNIQUE("community_code")
);
--> statement-breakpoint
CREATE TABLE "service_stations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_code" text NOT NULL,
	"name" text NOT NULL,
	"address" text,
	"opened_on" date,
	"separated_from_committee" boolean NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "units" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"building_id" uuid NOT NULL,
	"grid_code" text NOT NULL,
	"community_code" text NOT NULL,
	"label" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deliberation_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"platform_id" uuid NOT NULL,
	"community_code" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"agenda" jsonb NOT NULL,
	"scheduled_at" timestamp (3) with time zone NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"eligible_count" integer,
	"present_count" integer,
	"minutes" text,
	"held_at" timestamp (3) with time zone,
	"cancelled_at" timestamp (3) with time zone,
	"cancellation_reason" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deliberation_platforms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_code" text NOT NULL,
	"grid_code" text,
	"name" text NOT NULL,
	"description" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proposal_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"proposal_id" uuid NOT NULL,
	"action" text NOT NULL,
	"from_stage" text,
	"to_stage" text NOT NULL,
	"summary" text,
	"participant_count" integer,
	"rating" integer,
	"meeting_id" uuid,
	"vote_id" uuid,
	"at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proposal_votes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"proposal_id" uuid NOT NULL,
	"action" text NOT NULL,
	"meeting_id" uuid,
	"eligible" integer NOT NULL,
	"present" integer NOT NULL,
	"votes_for" integer NOT NULL,
	"votes_against" integer NOT NULL,
	"abstentions" integer NOT NULL,
	"quorum_met" boolean NOT NULL,
	"passed" boolean NOT NULL,
	"taken_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"platform_id" uuid NOT NULL,
	"community_code" text NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"proposer_kind" text NOT NULL,
	"proposer_label" text NOT NULL,
	"stage" text DEFAULT 'proposed' NOT NULL,
	"submitted_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dispute_parties" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dispute_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"phone" text,
	"id_number" text
);
--> statement-breakpoint
CREATE TABLE "disputes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_code" text NOT NULL,
	"grid_code" text,
	"category" text NOT NULL,
	"summary" text NOT NULL,
	"status" text DEFAULT 'reported' NOT NULL,
	"mediator" text,
	"outcome" text,
	"referred_to" text,
	"reported_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"mediation_started_at" timestamp (3) with time zone,
	"closed_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "micro_projects" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_code" text NOT NULL,
	"title" text NOT NULL,
	"category" text NOT NULL,
	"summary" text NOT NULL,
	"budget_fen" bigint NOT NULL,
	"proposal_id" uuid,
	"organization_id" uuid,
	"status" text DEFAULT 'planned' NOT NULL,
	"beneficiary_count" integer,
	"closing_note" text,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp (3) with time zone,
	"closed_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "micro_wishes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_code" text NOT NULL,
	"grid_code" text,
	"title" text NOT NULL,
	"description" text,
	"category" text NOT NULL,
	"poster_name" text NOT NULL,
	"poster_phone" text,
	"status" text DEFAULT 'posted' NOT NULL,
	"claimant_kind" text,
	"claimant_id" uuid,
	"claimant_label" text,
	"fulfilled_via" text,
	"note" text,
	"posted_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"claimed_at" timestamp (3) with time zone,
	"fulfilled_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "needs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_code" text NOT NULL,
	"grid_code" text,
	"category" text NOT NULL,
	"urgency" text NOT NULL,
	"summary" text NOT NULL,
	"reporter_name" text NOT NULL,
	"reporter_phone" text,
	"status" text DEFAULT 'reported' NOT NULL,
	"micro_wish_id" uuid,
	"service_case_id" uuid,
	"reported_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"service_started_at" timestamp (3) with time zone,
	"closed_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "disclosures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"community_code" text NOT NULL,
	"category" text NOT NULL,
	"period" text NOT NULL,
	"title" text NOT NULL,
	"content" text NOT NULL,
	"status" text DEFAULT 'published' NOT NULL,
	"published_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"withdrawn_at" timestamp (3) with time zone,
	"withdrawal_reason" text
);
--> statement-breakpoint
CREATE TABLE "evaluations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"community_code" text NOT NULL,
	"street_code" text NOT NULL,
	"committee_id" uuid,
	"period" text NOT NULL,
	"eligible_raters" integer,
	"satisfied" integer NOT NULL,
	"basically_satisfied" integer NOT NULL,
	"dissatisfied" integer NOT NULL,
	"comments" text,
	"recorded_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "area_leaders" ADD CONSTRAINT "area_leaders_grid_code_grids_code_fk" FOREIGN KEY ("grid_code") REFERENCES "public"."grids"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "area_leaders" ADD CONSTRAINT "area_leaders_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "area_leaders" ADD CONSTRAINT "area_leaders_unit_id_units_id_fk" FOREIGN KEY ("unit_id") REFERENCES "public"."units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "area_leaders" ADD CONSTRAINT "area_leaders_community_code_regions_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buildings" ADD CONSTRAINT "buildings_grid_code_grids_code_fk" FOREIGN KEY ("grid_code") REFERENCES "public"."grids"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buildings" ADD CONSTRAINT "buildings_community_code_regions_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committee_members" ADD CONSTRAINT "committee_members_term_id_committee_terms_id_fk" FOREIGN KEY ("term_id") REFERENCES "public"."committee_terms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "committee_terms" ADD CONSTRAINT "committee_terms_committee_id_residents_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."residents_committees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grids" ADD CONSTRAINT "grids_community_code_regions_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "resident_groups" ADD CONSTRAINT "resident_groups_community_code_regions_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "residents_committees" ADD CONSTRAINT "residents_committees_community_code_regions_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_stations" ADD CONSTRAINT "service_stations_community_code_regions_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_community_code_regions_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliberation_meetings" ADD CONSTRAINT "deliberation_meetings_platform_id_deliberation_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."deliberation_platforms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliberation_meetings" ADD CONSTRAINT "deliberation_meetings_community_code_regions_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliberation_platforms" ADD CONSTRAINT "deliberation_platforms_community_code_regions_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deliberation_platforms" ADD CONSTRAINT "deliberation_platforms_grid_code_grids_code_fk" FOREIGN KEY ("grid_code") REFERENCES "public"."grids"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_steps" ADD CONSTRAINT "proposal_steps_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_steps" ADD CONSTRAINT "proposal_steps_meeting_id_deliberation_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."deliberation_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_steps" ADD CONSTRAINT "proposal_steps_vote_id_proposal_votes_id_fk" FOREIGN KEY ("vote_id") REFERENCES "public"."proposal_votes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_votes" ADD CONSTRAINT "proposal_votes_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_votes" ADD CONSTRAINT "proposal_votes_meeting_id_deliberation_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."deliberation_meetings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_platform_id_deliberation_platforms_id_fk" FOREIGN KEY ("platform_id") REFERENCES "public"."deliberation_platforms"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_community_code_regions_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispute_parties" ADD CONSTRAINT "dispute_parties_dispute_id_disputes_id_fk" FOREIGN KEY ("dispute_id") REFERENCES "public"."disputes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_community_code_regions_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_grid_code_grids_code_fk" FOREIGN KEY ("grid_code") REFERENCES "public"."grids"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_projects" ADD CONSTRAINT "micro_projects_community_code_regions_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_projects" ADD CONSTRAINT "micro_projects_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_wishes" ADD CONSTRAINT "micro_wishes_community_code_regions_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "micro_wishes" ADD CONSTRAINT "micro_wishes_grid_code_grids_code_fk" FOREIGN KEY ("grid_code") REFERENCES "public"."grids"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "needs" ADD CONSTRAINT "needs_community_code_regions_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "needs" ADD CONSTRAINT "needs_grid_code_grids_code_fk" FOREIGN KEY ("grid_code") REFERENCES "public"."grids"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "needs" ADD CONSTRAINT "needs_micro_wish_id_micro_wishes_id_fk" FOREIGN KEY ("micro_wish_id") REFERENCES "public"."micro_wishes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disclosures" ADD CONSTRAINT "disclosures_community_code_regions_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_community_code_regions_code_fk" FOREIGN KEY ("community_code") REFERENCES "public"."regions"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_committee_id_residents_committees_id_fk" FOREIGN KEY ("committee_id") REFERENCES "public"."residents_committees"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "area_leaders_serving_key" ON "area_leaders" USING btree ("area") WHERE "area_leaders"."stepped_down_at" is null;--> statement-breakpoint
CREATE INDEX "area_leaders_community_idx" ON "area_leaders" USING btree ("community_code","appointed_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "buildings_label_key" ON "buildings" USING btree ("grid_code","label");--> statement-breakpoint
CREATE INDEX "buildings_list_idx" ON "buildings" USING btree ("grid_code","created_at","id");--> statement-breakpoint
CREATE INDEX "committee_members_term_idx" ON "committee_members" USING btree ("term_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "committee_members_one_director_key" ON "committee_members" USING btree ("term_id") WHERE "committee_members"."role" = 'director';--> statement-breakpoint
CREATE UNIQUE INDEX "committee_terms_number_key" ON "committee_terms" USING btree ("committee_id","number");--> statement-breakpoint
CREATE INDEX "committee_terms_dates_idx" ON "committee_terms" USING btree ("committee_id","starts_on");--> statement-breakpoint
CREATE INDEX "grids_community_idx" ON "grids" USING btree ("community_code","code");--> statement-breakpoint
CREATE UNIQUE INDEX "resident_groups_name_key" ON "resident_groups" USING btree ("community_code","name");--> statement-breakpoint
CREATE INDEX "resident_groups_list_idx" ON "resident_groups" USING btree ("community_code","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "service_stations_name_key" ON "service_stations" USING btree ("community_code","name");--> statement-breakpoint
CREATE UNIQUE INDEX "units_label_key" ON "units" USING btree ("building_id","label");--> statement-breakpoint
CREATE INDEX "units_list_idx" ON "units" USING btree ("building_id","created_at","id");--> statement-breakpoint
CREATE INDEX "deliberation_meetings_community_idx" ON "deliberation_meetings" USING btree ("community_code","scheduled_at","id");--> statement-breakpoint
CREATE INDEX "deliberation_meetings_platform_idx" ON "deliberation_meetings" USING btree ("platform_id","scheduled_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "deliberation_platforms_name_key" ON "deliberation_platforms" USING btree ("community_code","name");--> statement-breakpoint
CREATE INDEX "deliberation_platforms_list_idx" ON "deliberation_platforms" USING btree ("community_code","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "proposal_steps_action_key" ON "proposal_steps" USING btree ("proposal_id","action");--> statement-breakpoint
CREATE INDEX "proposal_votes_proposal_idx" ON "proposal_votes" USING btree ("proposal_id","taken_at");--> statement-breakpoint
CREATE INDEX "proposals_community_idx" ON "proposals" USING btree ("community_code","submitted_at","id");--> statement-breakpoint
CREATE INDEX "proposals_platform_idx" ON "proposals" USING btree ("platform_id","submitted_at","id");--> statement-breakpoint
CREATE INDEX "dispute_parties_dispute_idx" ON "dispute_parties" USING btree ("dispute_id","position");--> statement-breakpoint
CREATE INDEX "disputes_community_idx" ON "disputes" USING btree ("community_code","reported_at","id");--> statement-breakpoint
CREATE INDEX "micro_projects_community_idx" ON "micro_projects" USING btree ("community_code","created_at","id");--> statement-breakpoint
CREATE INDEX "micro_wishes_community_idx" ON "micro_wishes" USING btree ("community_code","posted_at","id");--> statement-breakpoint
CREATE INDEX "needs_community_idx" ON "needs" USING btree ("community_code","reported_at","id");--> statement-breakpoint
CREATE INDEX "needs_micro_wish_idx" ON "needs" USING btree ("micro_wish_id");--> statement-breakpoint
CREATE INDEX "disclosures_community_idx" ON "disclosures" USING btree ("community_code","published_at","id");--> statement-breakpoint
CREATE INDEX "disclosures_period_idx" ON "disclosures" USING btree ("community_code","period");--> statement-breakpoint
CREATE UNIQUE INDEX "evaluations_period_key" ON "evaluations" USING btree ("kind","community_code","period");--> statement-breakpoint
CREATE INDEX "evaluations_community_idx" ON "evaluations" USING btree ("community_code","recorded_at","id");