import { and, asc, count, gt, inArray, sql } from 'drizzle-orm';
import { isString, isUuid, knownOrganizations, readPage, toConnection, type Identity, type PageArgs } from '@sanshe/service-kit';
import { withinPartyInternalScope } from '../authorization.ts';
import type { Db } from '../context.ts';
import { ACTIVE_ORGANIZATION_STATES, type RegionCoverage } from './coverage.ts';

interface Row extends Record<string, unknown> {
  code: string;
  known: boolean;
  organization_count: number;
  covered_count: number;
  joint_covered_count: number;
  suspended_count: number;
  party_count: number;
  joint_branch_count: number;
  flagged_count: number;
  station_count: number;
}

/**
 * Coverage of any number of districts, streets and communities in ONE statement, from the
 * replicas this service keeps (known_organizations, known_regions) and its own tables — never
 * the organizations database. `known` says whether known_regions has the region.
 *
 * Organizations fall in a region by the community, street and district codes their own events
 * carried; party organizations and stations by their region's row in known_regions (a street
 * holds its communities, a district its streets and communities).
 *
 * Reorganisation flags are party-internal: the flagged count only counts party organizations in
 * the caller's scope (src/authorization.ts) — zero for callers who may see no flags.
 */
export async function coverageOf(db: Db, identity: Identity, codes: readonly string[]): Promise<Map<string, RegionCoverage>> {
  if (codes.length === 0) return new Map();
  const list = sql.join(
    codes.map((c) => sql`${c}`),
    sql`, `,
  );
  const active = sql.join(
    ACTIVE_ORGANIZATION_STATES.map((s) => sql`${s}`),
    sql`, `,
  );
  const rows = (await db.execute(sql`
    with targets(code) as (select distinct unnest(array[${list}]::text[]))
    select t.code,
      exists (select 1 from known_regions k where k.code = t.code) as known,
      o.organization_count, o.covered_count, o.joint_covered_count, o.suspended_count,
      p.party_count, p.joint_branch_count, p.flagged_count,
      s.station_count
    from targets t
    cross join lateral (
      select
        count(*) filter (where ko.state in (${active}))::int as organization_count,
        count(c.organization_id) filter (where ko.state in (${active}))::int as covered_count,
        count(c.organization_id) filter (where ko.state in (${active}) and po.kind = 'joint_branch')::int as joint_covered_count,
        count(*) filter (where ko.state = 'suspended')::int as suspended_count
      from known_organizations ko
      left join coverage c on c.organization_id = ko.id
      left join party_organizations po on po.id = c.party_organization_id
      where t.code in (ko.community_code, ko.street_code, ko.district_code)
    ) o
    cross join lateral (
      select
        count(*)::int as party_count,
        count(*) filter (where po.kind = 'joint_branch')::int as joint_branch_count,
        count(*) filter (where cardinality(po.reorganisation_reasons) > 0 and ${withinPartyInternalScope(identity, sql`po.region_code`)})::int as flagged_count
      from party_organizations po
      join known_regions r on r.code = po.region_code
      where t.code in (r.code, r.street_code, r.district_code)
    ) p
    cross join lateral (
      select count(*)::int as station_count
      from service_stations st
      join known_regions r on r.code = st.community_code
      where t.code in (r.code, r.street_code, r.district_code)
    ) s
  `)) as unknown as Row[];
  const result = new Map<string, RegionCoverage>();
  for (const row of rows) {
    result.set(row.code, {
      regionCode: row.code,
      known: row.known,
      organizationCount: row.organization_count,
      coveredOrganizationCount: row.covered_count,
      jointBranchCoveredCount: row.joint_covered_count,
      suspendedOrganizationCount: row.suspended_count,
      partyOrganizationCount: row.party_count,
      jointBranchCount: row.joint_branch_count,
      needsReorganisationCount: row.flagged_count,
      serviceStationCount: row.station_count,
    });
  }
  return result;
}

/** Active organizations of a region that no party organization covers yet: who a joint branch could take in. */
export async function listUncoveredOrganizations(db: Db, regionCode: string, args: PageArgs) {
  const page = readPage(args, (v): v is string => isString(v) && isUuid(v));
  const where = and(
    sql`${regionCode} in (${knownOrganizations.communityCode}, ${knownOrganizations.streetCode}, ${knownOrganizations.districtCode})`,
    inArray(knownOrganizations.state, [...ACTIVE_ORGANIZATION_STATES]),
    sql`not exists (select 1 from coverage c where c.organization_id = ${knownOrganizations.id})`,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({ id: knownOrganizations.id })
      .from(knownOrganizations)
      .where(and(where, page.after === null ? undefined : gt(knownOrganizations.id, page.after)))
      .orderBy(asc(knownOrganizations.id))
      .limit(page.fetch),
    db.select({ n: count() }).from(knownOrganizations).where(where),
  ]);
  return toConnection(rows, page, total?.n ?? 0, (r) => r.id);
}
