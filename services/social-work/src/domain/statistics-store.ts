import { sql } from 'drizzle-orm';
import { batchByPeriod, type StatisticsBatch, type StatisticsKey } from '@sanshe/service-kit';
import type { Db } from '../context.ts';
import { textValues } from './json-rows.ts';
import { periodRanges, stockRanges } from './statistics-rollup.ts';

/**
 * The social-work part of the district data office's `RegionStatistics` (self-governance owns the
 * entity). Semantics, as the README states them:
 *
 * - stock, at the end of the period: social workers registered before `endsAt` (counted where
 *   they are assigned now: reassignments keep no history) and, of them, those whose certificate
 *   is dated on or before the period's last day, by level; social-work graduates employed by an
 *   agency; stations opened on or before the last day; volunteers registered by then (volunteers
 *   never leave or move); posts of grants awarded before `endsAt` and neither suspended,
 *   completed nor terminated before it (a suspension later lifted counts from the resumption on:
 *   only the current status and when it began are kept).
 * - flow, in [startsAt, endsAt): verified volunteer minutes and records by service date (for the
 *   volunteer's community, as `Community.volunteerMinutes`; verified later still counts), service
 *   cases opened and closed.
 */
export interface SocialWorkStatistics {
  id: string;
  socialWorkers: number;
  certifiedSocialWorkers: number;
  certifiedSocialWorkersByLevel: { level: CertificationLevelValue; count: number }[];
  professionalSocialWorkersInOrganizations: number;
  socialWorkStationsByKind: { kind: StationKindValue; count: number }[];
  volunteers: number;
  volunteerMinutes: number;
  volunteerRecords: number;
  serviceCasesOpened: number;
  serviceCasesClosed: number;
  fundedSocialWorkPosts: number;
}

export const CERTIFICATION_LEVELS = ['assistant', 'intermediate', 'senior'] as const;
export const STATION_KINDS = ['station', 'centre'] as const;
type CertificationLevelValue = (typeof CERTIFICATION_LEVELS)[number];
type StationKindValue = (typeof STATION_KINDS)[number];

interface Row {
  code: string;
  figure: string;
  n: string | number;
}

/**
 * ONE statement per distinct period, whatever the number of regions:
 *
 * - the small tables (social workers, stations, funded posts) are aggregated per community and
 *   summed into every asked region whose code is a prefix of the community's — an equi-join on
 *   the community code's 6-, 9- and 12-digit prefixes, so it hashes instead of comparing pairs;
 * - volunteers, verified minutes and cases come from `statistics_rollup`, which has a row per
 *   region (community, street and district alike) and month or day: for each asked region its
 *   rows only, by primary-key ranges (a lateral join, so the plan is index look-ups per region,
 *   never a scan of the rollup) — whole months from month rows, a period's ragged edges from day
 *   rows, and a stock from every month before the period's last month plus that month's days.
 */
async function periodRows(db: Db, batch: StatisticsBatch): Promise<Row[]> {
  const ends = batch.endsAt.toISOString();
  const flow = periodRanges(batch.from, batch.to);
  const stock = stockRanges(batch.to);
  const [first, last] = flow.days;
  return (await db.execute(sql`
    with regions(code) as (select distinct value from ${textValues(batch.regionCodes)}),
    per_community(community_code, figure, n) as (
      select community_code,
        case when certification_level is not null and certified_on <= ${batch.to}::date then 'certified:' || certification_level else 'uncertified' end,
        count(*)
      from social_workers where registered_at < ${ends}::timestamptz
      group by 1, 2
      union all
      select community_code, 'professional', count(*)
      from social_workers
      where registered_at < ${ends}::timestamptz and social_work_graduate and employer_organization_id is not null
      group by 1
      union all
      select community_code, 'station:' || kind, count(*) from social_work_stations where opened_on <= ${batch.to}::date group by 1, 2
      union all
      select community_code, 'funded_posts', sum(posts)
      from funded_posts
      where funded_at < ${ends}::timestamptz and (ended_at is null or ended_at >= ${ends}::timestamptz)
      group by 1
    ),
    per_region(region_code, figure, n) as (
      select prefix.code, p.figure, p.n
      from per_community p
      cross join lateral (values (left(p.community_code, 6)), (left(p.community_code, 9)), (p.community_code)) as prefix(code)
      union all
      select r.code, f.figure, f.n
      from regions r
      cross join lateral (
        select s.verified_minutes, s.verified_records, s.cases_opened, s.cases_closed from statistics_rollup s
        where s.region_code = r.code and s.grain = 'month' and s.starts_on >= ${flow.months.from}::date and s.starts_on < ${flow.months.until}::date
        union all
        select s.verified_minutes, s.verified_records, s.cases_opened, s.cases_closed from statistics_rollup s
        where s.region_code = r.code and s.grain = 'day' and s.starts_on >= ${first.from}::date and s.starts_on < ${first.until}::date
        union all
        select s.verified_minutes, s.verified_records, s.cases_opened, s.cases_closed from statistics_rollup s
        where s.region_code = r.code and s.grain = 'day' and s.starts_on >= ${last.from}::date and s.starts_on < ${last.until}::date
      ) as s
      cross join lateral (values
        ('volunteer_minutes', s.verified_minutes), ('volunteer_records', s.verified_records::bigint),
        ('cases_opened', s.cases_opened::bigint), ('cases_closed', s.cases_closed::bigint)) as f(figure, n)
      union all
      select r.code, 'volunteers', s.volunteers_registered::bigint
      from regions r
      cross join lateral (
        select s.volunteers_registered from statistics_rollup s
        where s.region_code = r.code and s.grain = 'month' and s.starts_on < ${stock.monthsUntil}::date
        union all
        select s.volunteers_registered from statistics_rollup s
        where s.region_code = r.code and s.grain = 'day' and s.starts_on >= ${stock.days.from}::date and s.starts_on < ${stock.days.until}::date
      ) as s
    )
    select r.code, p.figure, sum(p.n)::bigint as n
    from per_region p join regions r on r.code = p.region_code
    group by 1, 2
  `)) as unknown as Row[];
}

/** A region's figures from its rows; a region without data gets zeros and zero-filled breakdowns. */
export function statisticsOf(id: string, figures: ReadonlyMap<string, number>): SocialWorkStatistics {
  const n = (figure: string) => figures.get(figure) ?? 0;
  const byLevel = CERTIFICATION_LEVELS.map((level) => ({ level, count: n(`certified:${level}`) }));
  const certified = byLevel.reduce((total, l) => total + l.count, 0);
  return {
    id,
    socialWorkers: certified + n('uncertified'),
    certifiedSocialWorkers: certified,
    certifiedSocialWorkersByLevel: byLevel,
    professionalSocialWorkersInOrganizations: n('professional'),
    socialWorkStationsByKind: STATION_KINDS.map((kind) => ({ kind, count: n(`station:${kind}`) })),
    volunteers: n('volunteers'),
    volunteerMinutes: n('volunteer_minutes'),
    volunteerRecords: n('volunteer_records'),
    serviceCasesOpened: n('cases_opened'),
    serviceCasesClosed: n('cases_closed'),
    fundedSocialWorkPosts: n('funded_posts'),
  };
}

/** Every key's figures, by key id: one statement per distinct period (see periodRows). */
export async function socialWorkStatistics(db: Db, keys: readonly StatisticsKey[]): Promise<Map<string, SocialWorkStatistics>> {
  const result = new Map<string, SocialWorkStatistics>();
  for (const batch of batchByPeriod(keys)) {
    const byRegion = new Map<string, Map<string, number>>();
    for (const row of await periodRows(db, batch)) {
      const figures = byRegion.get(row.code) ?? new Map<string, number>();
      figures.set(row.figure, Number(row.n));
      byRegion.set(row.code, figures);
    }
    for (const key of keys) {
      if (key.from === batch.from && key.to === batch.to) result.set(key.id, statisticsOf(key.id, byRegion.get(key.regionCode) ?? new Map()));
    }
  }
  return result;
}
