CREATE TABLE "evaluations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"evaluator_organization_id" uuid NOT NULL,
	"station_id" uuid,
	"social_worker_id" uuid,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"score" integer NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluations_one_subject_check" CHECK (("evaluations"."station_id" is null) <> ("evaluations"."social_worker_id" is null)),
	CONSTRAINT "evaluations_score_check" CHECK ("evaluations"."score" between 0 and 100)
);
--> statement-breakpoint
CREATE TABLE "social_work_stations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"community_code" text NOT NULL,
	"operator_organization_id" uuid,
	"opened_on" date NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "social_work_stations_community_name_key" UNIQUE("community_code","name")
);
--> statement-breakpoint
CREATE TABLE "social_worker_trainings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"social_worker_id" uuid NOT NULL,
	"title" text NOT NULL,
	"provider" text NOT NULL,
	"trained_on" date NOT NULL,
	"minutes" integer NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "social_worker_trainings_minutes_check" CHECK ("social_worker_trainings"."minutes" > 0)
);
--> statement-breakpoint
CREATE TABLE "supervisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"supervisor_id" uuid NOT NULL,
	"supervisee_id" uuid NOT NULL,
	"supervised_on" date NOT NULL,
	"minutes" integer NOT NULL,
	"topics" text[] NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "supervisions_distinct_check" CHECK ("supervisions"."supervisor_id" <> "supervisions"."supervisee_id")
);
--> statement-breakpoint
CREATE TABLE "volunteer_certificate_records" (
	"certificate_id" uuid NOT NULL,
	"record_id" uuid NOT NULL,
	CONSTRAINT "volunteer_certificate_records_certificate_id_record_id_pk" PRIMARY KEY("certificate_id","record_id")
);
--> statement-breakpoint
CREATE TABLE "volunteer_certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"number" text NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"handler_name" text NOT NULL,
	"issued_on" date NOT NULL,
	"total_minutes" integer NOT NULL,
	"record_count" integer NOT NULL,
	"first_service_date" date NOT NULL,
	"last_service_date" date NOT NULL,
	"issued_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_certificates_number_key" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "volunteer_commendations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"title" text NOT NULL,
	"conferred_by" text NOT NULL,
	"conferred_on" date NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "volunteer_service_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"activity" text NOT NULL,
	"service_date" date NOT NULL,
	"starts_at" timestamp (3) with time zone,
	"ends_at" timestamp (3) with time zone,
	"minutes" integer NOT NULL,
	"verified_at" timestamp (3) with time zone,
	"recorded_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_service_records_minutes_check" CHECK ("volunteer_service_records"."minutes" between 1 and 1440),
	CONSTRAINT "volunteer_service_records_span_check" CHECK (("volunteer_service_records"."starts_at" is null) = ("volunteer_service_records"."ends_at" is null) and ("volunteer_service_records"."starts_at" is null or "volunteer_service_records"."ends_at" > "volunteer_service_records"."starts_at"))
);
--> statement-breakpoint
CREATE TABLE "volunteer_trainings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"volunteer_id" uuid NOT NULL,
	"title" text NOT NULL,
	"provider" text NOT NULL,
	"trained_on" date NOT NULL,
	"minutes" integer NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteer_trainings_minutes_check" CHECK ("volunteer_trainings"."minutes" > 0)
);
--> statement-breakpoint
CREATE TABLE "volunteers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"phone" text NOT NULL,
	"id_number" text NOT NULL,
	"community_code" text NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"registered_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteers_id_number_key" UNIQUE("id_number")
);
--> statement-breakpoint
CREATE TABLE "case_service_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"case_id" uuid NOT NULL,
	"social_worker_id" uuid NOT NULL,
	"service_date" date NOT NULL,
	"minutes" integer NOT NULL,
	"notes" text,
	"recorded_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "case_service_records_minutes_check" CHECK ("case_service_records"."minutes" between 1 and 1440)
);
--> statement-breakpoint
CREATE TABLE "organization_service_fields" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"service_fields" text[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"need_id" uuid NOT NULL,
	"community_code" text NOT NULL,
	"grid_code" text,
	"category" text NOT NULL,
	"urgency" text NOT NULL,
	"summary" text NOT NULL,
	"micro_wish_id" uuid,
	"social_worker_id" uuid,
	"organization_id" uuid,
	"matched_by" text,
	"status" text DEFAULT 'open' NOT NULL,
	"resolved" boolean,
	"close_reason" text,
	"opened_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp (3) with time zone,
	CONSTRAINT "service_cases_need_id_key" UNIQUE("need_id"),
	CONSTRAINT "service_cases_one_assignee_check" CHECK ("service_cases"."social_worker_id" is null or "service_cases"."organization_id" is null)
);
--> statement-breakpoint
ALTER TABLE "social_workers" ADD COLUMN "station_id" uuid;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_station_id_social_work_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."social_work_stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_social_worker_id_social_workers_id_fk" FOREIGN KEY ("social_worker_id") REFERENCES "public"."social_workers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "social_worker_trainings" ADD CONSTRAINT "social_worker_trainings_social_worker_id_social_workers_id_fk" FOREIGN KEY ("social_worker_id") REFERENCES "public"."social_workers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervisions" ADD CONSTRAINT "supervisions_supervisor_id_social_workers_id_fk" FOREIGN KEY ("supervisor_id") REFERENCES "public"."social_workers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supervisions" ADD CONSTRAINT "supervisions_supervisee_id_social_workers_id_fk" FOREIGN KEY ("supervisee_id") REFERENCES "public"."social_workers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_certificate_records" ADD CONSTRAINT "volunteer_certificate_records_certificate_id_volunteer_certificates_id_fk" FOREIGN KEY ("certificate_id") REFERENCES "public"."volunteer_certificates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_certificate_records" ADD CONSTRAINT "volunteer_certificate_records_record_id_volunteer_service_records_id_fk" FOREIGN KEY ("record_id") REFERENCES "public"."volunteer_service_records"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_certificates" ADD CONSTRAINT "volunteer_certificates_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_commendations" ADD CONSTRAINT "volunteer_commendations_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_service_records" ADD CONSTRAINT "volunteer_service_records_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteer_trainings" ADD CONSTRAINT "volunteer_trainings_volunteer_id_volunteers_id_fk" FOREIGN KEY ("volunteer_id") REFERENCES "public"."volunteers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_service_records" ADD CONSTRAINT "case_service_records_case_id_service_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."service_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_service_records" ADD CONSTRAINT "case_service_records_social_worker_id_social_workers_id_fk" FOREIGN KEY ("social_worker_id") REFERENCES "public"."social_workers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_cases" ADD CONSTRAINT "service_cases_social_worker_id_social_workers_id_fk" FOREIGN KEY ("social_worker_id") REFERENCES "public"."social_workers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "evaluations_station_idx" ON "evaluations" USING btree ("station_id");--> statement-breakpoint
CREATE INDEX "evaluations_worker_idx" ON "evaluations" USING btree ("social_worker_id");--> statement-breakpoint
CREATE INDEX "social_work_stations_community_idx" ON "social_work_stations" USING btree ("community_code","created_at","id");--> statement-breakpoint
CREATE INDEX "social_worker_trainings_worker_idx" ON "social_worker_trainings" USING btree ("social_worker_id","created_at","id");--> statement-breakpoint
CREATE INDEX "supervisions_supervisor_idx" ON "supervisions" USING btree ("supervisor_id");--> statement-breakpoint
CREATE INDEX "supervisions_supervisee_idx" ON "supervisions" USING btree ("supervisee_id");--> statement-breakpoint
CREATE INDEX "volunteer_certificate_records_record_idx" ON "volunteer_certificate_records" USING btree ("record_id");--> statement-breakpoint
CREATE INDEX "volunteer_certificates_volunteer_idx" ON "volunteer_certificates" USING btree ("volunteer_id","issued_at","id");--> statement-breakpoint
CREATE INDEX "volunteer_certificates_organization_idx" ON "volunteer_certificates" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "volunteer_commendations_volunteer_idx" ON "volunteer_commendations" USING btree ("volunteer_id","created_at","id");--> statement-breakpoint
CREATE INDEX "volunteer_service_records_volunteer_idx" ON "volunteer_service_records" USING btree ("volunteer_id","service_date");--> statement-breakpoint
CREATE INDEX "volunteer_service_records_organization_idx" ON "volunteer_service_records" USING btree ("organization_id","recorded_at","id");--> statement-breakpoint
CREATE INDEX "volunteer_trainings_volunteer_idx" ON "volunteer_trainings" USING btree ("volunteer_id","created_at","id");--> statement-breakpoint
CREATE INDEX "volunteers_community_idx" ON "volunteers" USING btree ("community_code","registered_at","id");--> statement-breakpoint
CREATE INDEX "case_service_records_case_idx" ON "case_service_records" USING btree ("case_id","recorded_at","id");--> statement-breakpoint
CREATE INDEX "service_cases_community_idx" ON "service_cases" USING btree ("community_code","opened_at","id");--> statement-breakpoint
CREATE INDEX "service_cases_worker_idx" ON "service_cases" USING btree ("social_worker_id","status");--> statement-breakpoint
CREATE INDEX "service_cases_organization_idx" ON "service_cases" USING btree ("organization_id","status");--> statement-breakpoint
ALTER TABLE "social_workers" ADD CONSTRAINT "social_workers_station_id_social_work_stations_id_fk" FOREIGN KEY ("station_id") REFERENCES "public"."social_work_stations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "social_workers_station_idx" ON "social_workers" USING btree ("station_id");