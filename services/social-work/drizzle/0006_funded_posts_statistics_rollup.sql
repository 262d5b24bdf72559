CREATE TABLE "funded_posts" (
	"grant_id" uuid PRIMARY KEY NOT NULL,
	"community_code" text NOT NULL,
	"organization_id" uuid,
	"programme_id" uuid NOT NULL,
	"programme_kind" text,
	"title" text NOT NULL,
	"posts" integer NOT NULL,
	"amount_fen" bigint NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"funded_at" timestamp (3) with time zone NOT NULL,
	"ended_at" timestamp (3) with time zone,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funded_posts_posts_check" CHECK ("funded_posts"."posts" > 0),
	CONSTRAINT "funded_posts_amount_check" CHECK ("funded_posts"."amount_fen" > 0),
	CONSTRAINT "funded_posts_ended_check" CHECK (("funded_posts"."status" = 'active') = ("funded_posts"."ended_at" is null))
);
--> statement-breakpoint
CREATE TABLE "statistics_rollup" (
	"region_code" text NOT NULL,
	"grain" text NOT NULL,
	"starts_on" date NOT NULL,
	"volunteers_registered" integer DEFAULT 0 NOT NULL,
	"verified_minutes" bigint DEFAULT 0 NOT NULL,
	"verified_records" integer DEFAULT 0 NOT NULL,
	"cases_opened" integer DEFAULT 0 NOT NULL,
	"cases_closed" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "statistics_rollup_region_code_grain_starts_on_pk" PRIMARY KEY("region_code","grain","starts_on"),
	CONSTRAINT "statistics_rollup_region_check" CHECK ("statistics_rollup"."region_code" ~ '^([0-9]{6}|[0-9]{9}|[0-9]{12})$'),
	CONSTRAINT "statistics_rollup_month_check" CHECK ("statistics_rollup"."grain" = 'day' or extract(day from "statistics_rollup"."starts_on") = 1),
	CONSTRAINT "statistics_rollup_nonnegative_check" CHECK ("statistics_rollup"."volunteers_registered" >= 0 and "statistics_rollup"."verified_minutes" >= 0 and "statistics_rollup"."verified_records" >= 0 and "statistics_rollup"."cases_opened" >= 0 and "statistics_rollup"."cases_closed" >= 0)
);
--> statement-breakpoint
ALTER TABLE "social_workers" ADD COLUMN "social_work_graduate" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "funded_posts_community_idx" ON "funded_posts" USING btree ("community_code","funded_at","grant_id");--> statement-breakpoint
-- Backfill the rollup from the rows that exist now (src/db/statistics-tables.ts): every figure for
-- the community, its street and its district, per day and per month (district-local dates).
INSERT INTO "statistics_rollup" ("region_code", "grain", "starts_on", "volunteers_registered", "verified_minutes", "verified_records", "cases_opened", "cases_closed")
SELECT l.region_code, g.grain, CASE WHEN g.grain = 'day' THEN f.day ELSE date_trunc('month', f.day)::date END,
  sum(f.registered), sum(f.minutes), sum(f.records), sum(f.opened), sum(f.closed)
FROM (
  SELECT community_code, (registered_at AT TIME ZONE 'Asia/Shanghai')::date AS day, 1 AS registered, 0 AS minutes, 0 AS records, 0 AS opened, 0 AS closed FROM "volunteers"
  UNION ALL
  SELECT v.community_code, r.service_date, 0, r.minutes, 1, 0, 0 FROM "volunteer_service_records" r JOIN "volunteers" v ON v.id = r.volunteer_id WHERE r.verified_at IS NOT NULL
  UNION ALL
  SELECT community_code, (opened_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 0, 0, 1, 0 FROM "service_cases"
  UNION ALL
  SELECT community_code, (closed_at AT TIME ZONE 'Asia/Shanghai')::date, 0, 0, 0, 0, 1 FROM "service_cases" WHERE closed_at IS NOT NULL
) f
CROSS JOIN LATERAL (VALUES (left(f.community_code, 6)), (left(f.community_code, 9)), (f.community_code)) l(region_code)
CROSS JOIN (VALUES ('day'), ('month')) g(grain)
GROUP BY 1, 2, 3;
