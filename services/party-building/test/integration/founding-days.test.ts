/**
 * Founding and opening days in the past: how a district brings the party organizations and
 * stations it already has onto the platform. The day given is what the statistics of past
 * periods see; a joint branch recorded long after its founding is not paid a new subsidy.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { addDays, districtDate } from '@sanshe/service-kit';
import { partyBuilding as contracts } from '@sanshe/events';
import { announceOrganizations } from '../factories/replica-events.ts';
import { ok, startPartyBuilding } from '../factories/party-service.ts';
import { foundPartyOrganization } from '../factories/party-organizations.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;
/** Five social organizations of 150204001001, filed or registered in 2015. */
let orgs: string[] = [];

beforeAll(async () => {
  service = await startPartyBuilding(subgraphs);
  orgs = await announceOrganizations(bus, service, Array(5).fill('150204001001'), new Date('2015-06-01T09:00:00+08:00'));
});

const FIELDS = `id partyOrganizations partyMembers partyServiceStations partyCoveragePerMille`;

async function figures(id: string) {
  const data = await ok<{ _entities: Record<string, unknown>[] }>(
    service,
    `query ($r: [_Any!]!) { _entities(representations: $r) { ... on RegionStatistics { ${FIELDS} } } }`,
    { r: [{ __typename: 'RegionStatistics', id }] },
  );
  return data._entities[0]!;
}

/** What the outbox holds for a party organization, by event type. */
async function outboxFor(id: string) {
  const rows = await service.database.sql`
    select type, envelope->'data' as data from outbox where envelope->'data'->>'partyOrganizationId' = ${id} order by type`;
  return new Map(rows.map((row) => [row.type as string, row.data as Record<string, unknown>]));
}

describe('a founding day in the past', () => {
  let branch: Awaited<ReturnType<typeof foundPartyOrganization>>;

  it('founds the organization at the start of that day in Beijing time, its first members and its event with it', async () => {
    branch = await foundPartyOrganization(service, { kind: 'BRANCH', organizationIds: [orgs[0]], fullMembers: 6, probationaryMembers: 1, foundedOn: '2016-03-01' });
    expect(branch.foundedAt).toBe('2016-02-29T16:00:00.000Z');
    const history = await service.database.sql`
      select since = '2016-03-01T00:00:00+08:00'::timestamptz as begins_with_it, until, full_members, probationary_members
      from party_membership_history where party_organization_id = ${branch.id}`;
    expect(history).toEqual([{ begins_with_it: true, until: null, full_members: 6, probationary_members: 1 }]);
    const events = await outboxFor(branch.id);
    expect(events.get(contracts.partyOrganizationFounded.type)).toMatchObject({ partyOrganizationId: branch.id, foundedAt: '2016-02-29T16:00:00.000Z' });
  });

  it('counts in the statistics of the periods after it, with its members and coverage, and not before', async () => {
    // Five active organizations, one covered: 200 ‰.
    expect(await figures('150204001001@2016-01-01..2016-12-31')).toEqual({
      id: '150204001001@2016-01-01..2016-12-31',
      partyOrganizations: 1,
      partyMembers: 7,
      partyServiceStations: 0,
      partyCoveragePerMille: 200,
    });
    // The last day before its founding.
    expect(await figures('150204001001@2016-01-01..2016-02-29')).toMatchObject({ partyOrganizations: 0, partyMembers: 0, partyCoveragePerMille: 0 });
  });

  it('asks for no subsidy for a joint branch founded more than a year ago, and for one founded within the year', async () => {
    const today = districtDate();
    const old = await foundPartyOrganization(service, { kind: 'JOINT_BRANCH', organizationIds: [orgs[1], orgs[2]], foundedOn: addDays(today, -366) });
    const recent = await foundPartyOrganization(service, { kind: 'JOINT_BRANCH', organizationIds: [orgs[3], orgs[4]], foundedOn: addDays(today, -30) });
    const oldEvents = await outboxFor(old.id);
    expect([...oldEvents.keys()]).toEqual([contracts.partyOrganizationFounded.type]);
    const recentEvents = await outboxFor(recent.id);
    expect([...recentEvents.keys()].sort()).toEqual([contracts.jointBranchSubsidyRequested.type, contracts.partyOrganizationFounded.type].sort());
    expect(recentEvents.get(contracts.jointBranchSubsidyRequested.type)).toMatchObject({ partyOrganizationId: recent.id, communityCode: '150204001001' });
  });
});

describe('an opening day in the past', () => {
  it("opens the station at the start of that day and counts it from that day's period on", async () => {
    const OPEN = `mutation ($input: OpenPartyServiceStationInput!) { openPartyServiceStation(input: $input) { id openedAt } }`;
    const { openPartyServiceStation: station } = await ok<{ openPartyServiceStation: { id: string; openedAt: string } }>(service, OPEN, {
      input: { name: '党员服务站', communityCode: '150204001001', placement: 'GRID', locationLabel: '第二网格', openedOn: '2016-05-01' },
    });
    expect(station.openedAt).toBe('2016-04-30T16:00:00.000Z');
    expect(await figures('150204001001@2016-05-01..2016-05-01')).toMatchObject({ partyServiceStations: 1 });
    expect(await figures('150204001001@2016-01-01..2016-04-30')).toMatchObject({ partyServiceStations: 0 });
  });

  it('refuses a day that has not come or does not exist, naming the field, and opens nothing', async () => {
    const OPEN = `mutation ($input: OpenPartyServiceStationInput!) { openPartyServiceStation(input: $input) { id } }`;
    const [before] = await service.database.sql`select count(*)::int as n from service_stations`;
    for (const openedOn of [addDays(districtDate(), 1), '2016-02-30', '1949-09-30']) {
      const result = await service.request(OPEN, {
        input: { name: '党员服务站', communityCode: '150204001001', placement: 'GRID', locationLabel: '第二网格', openedOn },
      });
      expect(result.errors?.[0]?.extensions, openedOn).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.openedOn' });
    }
    const [after] = await service.database.sql`select count(*)::int as n from service_stations`;
    expect(after!.n).toBe(before!.n);
  });
});
