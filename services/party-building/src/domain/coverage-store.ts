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
 * carried; party organizations and stations by their code's prefix (a street holds its
 * communities, a district its streets and communities). That is known_regions' tree: the region
 * registry derives every region's parent from its code's digits (self-governance, parentCodeOf).
 *
 * Every part is index lookups for the regions asked for, so a community's coverage costs the
 * same in a city of 500 communities as in one of 50,000.
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
        count(cov.kind) filter (where ko.state in (${active}))::int as covered_count,
        count(*) filter (where ko.state in (${active}) and cov.kind = 'joint_branch')::int as joint_covered_count,
        count(*) filter (where ko.state = 'suspended')::int as suspended_count
      from known_organizations ko
      -- Each organization of the region looks up its own link (coverage's key, then the party
      -- organization's). Fenced with OFFSET 0 so the planner cannot flatten it into a join that
      -- hashes the whole city's coverage and party organizations for one community's page.
      left join lateral (
        select po.kind from coverage c
        join party_organizations po on po.id = c.party_organization_id
        where c.organization_id = ko.id
        offset 0
      ) cov on true
      where t.code in (ko.community_code, ko.street_code, ko.district_code)
    ) o
    -- Party organizations and stations of a region are those whose street or community code
    -- begins with the region's code: one range of each table's region index per region asked
    -- for, not a pass over the city's rows joined to known_regions.
    cross join lateral (
      select
        count(*)::int as party_count,
        count(*) filter (where po.kind = 'joint_branch')::int as joint_branch_count,
        count(*) filter (where cardinality(po.reorganisation_reasons) > 0 and ${withinPartyInternalScope(identity, sql`po.region_code`)})::int as flagged_count
      from party_organizations po
      where po.region_code between t.code and t.code || '999999'
    ) p
    cross join lateral (
      select count(*)::int as station_count
      from service_stations st
      where st.community_code between t.code and t.code || '999999'
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
