import { sql, type SQL } from 'drizzle-orm';
import { batchByPeriod, type StatisticsBatch, type StatisticsKey, districtDate } from '@sanshe/service-kit';
import type { Db } from '../context.ts';
import { SERVICE_FIELDS } from './labels.ts';
import { CATEGORIES } from './organization-rules.ts';

/**
 * The organizations part of the district data office's `RegionStatistics` (self-governance owns the
 * entity). Semantics, as the README states them:
 *
 * - stock — `organizations` and its breakdowns: organizations that exist at the end of the period:
 *   first filed or registered before `endsAt` and not deregistered before it. Suspended ones still
 *   exist; preparing ones do not yet. Track is the one held then (registered once registered
 *   before `endsAt`, else filed); category and service fields are the current ones (the history
 *   does not keep profile changes); the grade is the evaluation in force on the period's last day
 *   (or today, for a period not over yet), as `Organization.grade` decides it today.
 * - flow — `newOrganizations`: first filed or registered in [startsAt, endsAt) (an organization
 *   filed and later registered is new once); `projectsStarted`: projects whose grant was awarded
 *   in the period, placed by the grant's community (where the work happens).
 */
export interface OrganizationStatistics {
  id: string;
  organizations: number;
  organizationsByTrack: { track: string; count: number }[];
  organizationsByCategory: { category: string; count: number }[];
  organizationsByGrade: { grade: number; count: number }[];
  organizationsByServiceField: { serviceField: string; count: number }[];
  newOrganizations: number;
  projectsStarted: number;
}

const TRACKS = ['filed', 'registered'] as const;
/** Highest grade first, as the bureaus list them. */
const GRADES = [5, 4, 3, 2, 1] as const;

type Dimension = 'track' | 'category' | 'grade' | 'service_field' | 'new' | 'projects_started';

/**
 * The stock figures, each a filter over an organization that exists at the end of the period (`e`)
 * and the grade in force then (`g`). One pass over those organizations computes them all.
 */
function stockFigures(gradeDay: string): { key: string; filter: SQL }[] {
  return [
    ...TRACKS.map((track) => ({ key: `track:${track}`, filter: sql`e.track = ${track}` })),
    ...CATEGORIES.map((category) => ({ key: `category:${category}`, filter: sql`e.category = ${category}` })),
    ...GRADES.map((grade) => ({ key: `grade:${grade}`, filter: sql`g.grade = ${grade} and g.valid_until >= ${gradeDay}::date` })),
    ...SERVICE_FIELDS.map((field) => ({ key: `service_field:${field}`, filter: sql`e.service_fields @> array[${field}]::text[]` })),
  ];
}

/** The figures of every region of one period, by region code and figure key (`track:filed`, `new:` …). */
async function periodFigures(db: Db, batch: StatisticsBatch, today: string): Promise<Map<string, Map<string, number>>> {
  const { query, figures } = periodQuery(batch, today);
  const rows = (await db.execute(query)) as unknown as Record<string, number | string>[];
  const byRegion = new Map<string, Map<string, number>>();
  for (const row of rows) {
    const values = new Map<string, number>(figures.map((f, i) => [f.key, Number(row[`f${i}`])]));
    values.set('new:', Number(row.new));
    values.set('projects_started:', Number(row.projects));
    byRegion.set(String(row.code), values);
  }
  return byRegion;
}

/**
 * One statement per distinct period, whatever the number of regions, reading each organization
 * of the asked regions once: by an index-only scan of the statistics index (district first, then
 * exactly the columns read), those first filed or registered before
 * the period ends — which holds both the stock (still there at the end) and the new ones (first
 * filed or registered within it; a new one deregistered since still counts as new). Aggregated
 * per community in one pass (a column per figure), then summed into every asked region whose
 * code is a prefix of the community's: an equi-join on the community code's district, street and
 * own prefixes (region codes are 6, 9 or 12 digits), so it hashes instead of comparing every pair.
 */
function periodQuery(batch: StatisticsBatch, today: string) {
  const codes = sql.join(
    batch.regionCodes.map((c) => sql`${c}`),
    sql`, `,
  );
  // Grades are dated: the evaluation in force on the period's last day, or today if that is earlier.
  const gradeDay = batch.to < today ? batch.to : today;
  const ends = sql`${batch.endsAt.toISOString()}::timestamptz`;
  const starts = sql`${batch.startsAt.toISOString()}::timestamptz`;
  const figures = stockFigures(gradeDay);
  const column = (i: number) => sql.raw(`f${i}`);
  // Within the asked regions: the community itself, its street or its district (code prefixes).
  const inRegions = (code: SQL) => sql`(left(${code}, 6) in (select code from regions) or left(${code}, 9) in (select code from regions) or ${code} in (select code from regions))`;
  // The districts as a value, not a subquery: the planner then knows how many rows they hold.
  const districts = `{${[...new Set(batch.regionCodes.map((code) => code.slice(0, 6)))].join(',')}}`;
  const query = sql`
    with regions(code) as (select distinct unnest(array[${codes}]::text[])),
    recorded as (
      select o.id, o.community_code, o.category, o.service_fields,
        case when o.registered_at < ${ends} then 'registered' else 'filed' end as track,
        (o.deregistered_at is null or o.deregistered_at >= ${ends}) as existing,
        least(o.filed_at, o.registered_at) >= ${starts} as new
      from organizations o
      where o.district_code = any(${districts}::text[])
        and ${inRegions(sql`o.community_code`)}
        and least(o.filed_at, o.registered_at) < ${ends}
    ),
    graded as (
      -- The newest evaluation by the grade day, as Organization.grade decides it (created_at: recordedAt).
      select distinct on (g.organization_id) g.organization_id, g.grade, g.valid_until
      from evaluation_grades g
      where g.organization_id in (select id from recorded where existing) and g.graded_on <= ${gradeDay}::date
      order by g.organization_id, g.graded_on desc, g.created_at desc
    ),
    per_community as (
      select e.community_code, ${sql.join(
        figures.map((f, i) => sql`count(*) filter (where e.existing and ${f.filter}) as ${column(i)}`),
        sql`, `,
      )}, count(*) filter (where e.new) as new, 0 as projects
      from recorded e left join graded g on g.organization_id = e.id
      group by 1
      union all
      select community_code, ${sql.join(
        figures.map((_, i) => sql`0 as ${column(i)}`),
        sql`, `,
      )}, 0, count(*)
      from organization_projects
      where started_at >= ${starts} and started_at < ${ends}
        and ${inRegions(sql`community_code`)}
      group by 1
    )
    select r.code, ${sql.join(
      figures.map((_, i) => sql`coalesce(sum(${column(i)}), 0)::int as ${column(i)}`),
      sql`, `,
    )}, coalesce(sum(new), 0)::int as new, coalesce(sum(projects), 0)::int as projects
    from per_community c
    cross join lateral (values (left(c.community_code, 6)), (left(c.community_code, 9)), (c.community_code)) as prefix(code)
    join regions r on r.code = prefix.code
    group by r.code
  `;
  return { query, figures };
}

/** Every asked key's figures; a region without data gets zeros (and full, zero-filled breakdowns). */
export async function organizationStatistics(db: Db, keys: readonly StatisticsKey[], today: string = districtDate()): Promise<Map<string, OrganizationStatistics>> {
  const result = new Map<string, OrganizationStatistics>();
  for (const batch of batchByPeriod(keys)) {
    const byRegion = await periodFigures(db, batch, today);
    for (const key of keys.filter((k) => k.from === batch.from && k.to === batch.to)) {
      result.set(key.id, figuresOf(key.id, byRegion.get(key.regionCode) ?? new Map()));
    }
  }
  return result;
}

export function figuresOf(id: string, figures: Map<string, number>): OrganizationStatistics {
  const n = (dimension: Dimension, value = '') => figures.get(`${dimension}:${value}`) ?? 0;
  const byTrack = TRACKS.map((track) => ({ track, count: n('track', track) }));
  return {
    id,
    organizations: byTrack.reduce((sum, t) => sum + t.count, 0),
    organizationsByTrack: byTrack,
    organizationsByCategory: CATEGORIES.map((category) => ({ category, count: n('category', category) })),
    organizationsByGrade: GRADES.map((grade) => ({ grade, count: n('grade', String(grade)) })),
    organizationsByServiceField: SERVICE_FIELDS.map((serviceField) => ({ serviceField, count: n('service_field', serviceField) })),
    newOrganizations: n('new'),
    projectsStarted: n('projects_started'),
  };
}

/**
 * Organizations per 10,000 residents, rounded to 2 decimals (half up); null without residents.
 * Integer arithmetic first, so 1.005 does not become 1.00 through a binary fraction.
 */
export function perTenThousand(count: number, population: number | null | undefined): number | null {
  if (!population || population <= 0) return null;
  return Math.round((count * 1_000_000) / population) / 100;
}

/** What `RegionStatistics` resolvers get: the figures, and the population the gateway sent (@requires). */
export type RegionStatisticsParent = OrganizationStatistics & { population?: number | null };
