import { sql } from 'drizzle-orm';
import { batchByPeriod, regionBounds, type StatisticsKey } from '@sanshe/service-kit';
import type { Db } from '../context.ts';
import { ACTIVE_ORGANIZATION_STATES } from './coverage.ts';
import type { PartyKind } from './party-rules.ts';
import { partyStatisticsOf, type PartyStatistics, type StatisticsFacts } from './statistics.ts';

interface Row extends Record<string, unknown> {
  code: string;
  kind: PartyKind | null;
  organizations: number;
  members: number;
  stations: number;
  meetings: number;
  active: number;
  covered: number;
}

/**
 * Party-building's part of `RegionStatistics` for any number of regions: ONE statement per
 * distinct period, however many regions (a dashboard asks for one period).
 *
 * The statement adds up each table once per street or community code — within the range of
 * codes the batch's regions span (regionBounds, so the region/community btree indexes apply) —
 * and hands every per-code total to the code's district, street and community (its 6-, 9- and
 * 12-digit prefixes), joined by equality to the regions asked for: linear in the rows, never
 * regions × rows.
 *
 *   stock  party organizations founded before `endsAt`, with their kinds and the members they
 *          had when the period ended (party_membership_history);
 *          service stations opened before `endsAt`; coverage: organizations of the community
 *          active when the period ended (the coverage rule of coverage.ts, applied to the state
 *          then in force: organization_states) and whether a party organization founded before
 *          `endsAt` covered them then (a link that has since ended counts: ended_coverage)
 *   flow   joint meetings held on a day of the period
 */
export async function partyStatistics(db: Db, keys: readonly StatisticsKey[]): Promise<Map<string, PartyStatistics>> {
  const result = new Map<string, PartyStatistics>();
  for (const batch of batchByPeriod(keys)) {
    const { lo, hi } = regionBounds(batch.regionCodes);
    const codes = sql.join(
      batch.regionCodes.map((c) => sql`${c}`),
      sql`, `,
    );
    const active = sql.join(
      ACTIVE_ORGANIZATION_STATES.map((s) => sql`${s}`),
      sql`, `,
    );
    const endsAt = sql`${batch.endsAt.toISOString()}::timestamptz`;
    const rows = (await db.execute(sql`
      with targets(code) as (select distinct unnest(array[${codes}]::text[])),
      facts(code, kind, organizations, members, stations, meetings, active, covered) as (
        select po.region_code, po.kind, count(*), coalesce(sum(m.full_members + m.probationary_members), 0), 0, 0, 0, 0
        from party_organizations po
        -- The members it had when the period ended, not today's.
        left join party_membership_history m on m.party_organization_id = po.id
          and m.since < ${endsAt} and (m.until is null or m.until >= ${endsAt})
        where po.region_code between ${lo} and ${hi} and po.founded_at < ${endsAt}
        group by po.region_code, po.kind
        union all
        select st.community_code, null, 0, 0, count(*), 0, 0, 0
        from service_stations st
        where st.community_code between ${lo} and ${hi} and st.opened_at < ${endsAt}
        group by st.community_code
        union all
        select jm.region_code, null, 0, 0, 0, count(*), 0, 0
        from joint_meetings jm
        where jm.region_code between ${lo} and ${hi} and jm.held_on between ${batch.from}::date and ${batch.to}::date
        group by jm.region_code
        union all
        select os.community_code, null, 0, 0, 0, 0, count(*), count(covered.organization_id)
        -- The state each organization was in when the period ended, not the last one announced.
        from organization_states os
        -- Covered then: by the party organization it belongs to, or by one it left after the
        -- period ended, founded before that. One relation joined on the organization, so the
        -- planner can hash it once; joined link by link, PostgreSQL's generic plan for this
        -- statement looped over every organization (10.7 ms for a district instead of 0.7).
        left join (
          select c.organization_id from coverage c
          join party_organizations po on po.id = c.party_organization_id and po.founded_at < ${endsAt}
          union all
          select e.organization_id from ended_coverage e
          join party_organizations po on po.id = e.party_organization_id and po.founded_at < ${endsAt}
          where e.ended_at >= ${endsAt}
        ) covered on covered.organization_id = os.organization_id
        where os.community_code between ${lo} and ${hi} and os.state in (${active})
          and os.since < ${endsAt} and (os.until is null or os.until >= ${endsAt})
        group by os.community_code
      )
      select t.code, f.kind,
        sum(f.organizations)::int as organizations, sum(f.members)::int as members, sum(f.stations)::int as stations,
        sum(f.meetings)::int as meetings, sum(f.active)::int as active, sum(f.covered)::int as covered
      from facts f
      -- A street's or community's totals also count for its street and district: its code's prefixes.
      cross join lateral (select distinct left(f.code, n) as code from unnest(array[6, 9, 12]) as n where n <= length(f.code)) up
      join targets t on t.code = up.code
      group by t.code, f.kind
    `)) as unknown as Row[];
    const facts = new Map<string, StatisticsFacts[]>();
    for (const row of rows) {
      const list = facts.get(row.code) ?? [];
      list.push({
        kind: row.kind,
        organizations: row.organizations,
        members: row.members,
        stations: row.stations,
        meetings: row.meetings,
        activeOrganizations: row.active,
        coveredOrganizations: row.covered,
      });
      facts.set(row.code, list);
    }
    for (const key of keys) {
      if (key.from !== batch.from || key.to !== batch.to) continue;
      result.set(key.id, partyStatisticsOf(key.id, facts.get(key.regionCode) ?? []));
    }
  }
  return result;
}
