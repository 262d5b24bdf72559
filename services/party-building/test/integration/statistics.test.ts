/**
 * Party-building's part of `RegionStatistics` (the district data office's figures), resolved
 * through `_entities` as the gateway does: stock figures at the end of the period, flow figures
 * within it, records outside the period or the region left out — and one statement per period
 * whether one region or twenty are asked for.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { organizations as orgEvents } from '@sanshe/events';
import { announceOrganizations, announceRegions, deliver, lifecycleEvent } from '../factories/replica-events.ts';
import { ok, startPartyBuilding } from '../factories/party-service.ts';
import { foundPartyOrganization } from '../factories/party-organizations.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;

const P2016 = '2016-01-01..2016-12-31';
const P2017 = '2017-01-01..2017-12-31';

/**
 * Places a station at a time of day, which openedOn (a day) cannot give: the statistics' period
 * boundary is an instant, and this tests it to the half hour.
 */
async function backdateStation(id: string, at: string) {
  await service.database.sql`update service_stations set opened_at = ${at}::timestamptz where id = ${id}`;
}

/**
 * Places a party organization's latest membership change (its one open row and the row it closed)
 * at `at`: updatePartyMembership records the moment it runs.
 */
async function backdateMembershipChange(id: string, at: string) {
  await service.database.sql`update party_membership_history set until = ${at}::timestamptz where party_organization_id = ${id} and until is not null`;
  await service.database.sql`update party_membership_history set since = ${at}::timestamptz where party_organization_id = ${id} and until is null`;
}

beforeAll(async () => {
  service = await startPartyBuilding(subgraphs);
  // A neighbouring district (昆都仑区, 150203): its records are outside every 150204 region.
  await announceRegions(bus, service, [
    { code: '150203', name: '昆都仑区', level: 'district' },
    { code: '150203001', name: '沼潭街道', level: 'street' },
    { code: '150203001001', name: '沼潭第一社区', level: 'community' },
  ]);
  // Social organizations, filed or registered in 2015: 150204001001 A B C · 150204001002 D ·
  // 150204002001 E F · 150203001001 X; G of 150204003001 only in March 2017.
  const [A, B, C, D, E, , X] = await announceOrganizations(
    bus,
    service,
    ['150204001001', '150204001001', '150204001001', '150204001002', '150204002001', '150204002001', '150203001001'],
    new Date('2015-06-01T09:00:00+08:00'),
  );
  await announceOrganizations(bus, service, ['150204003001'], new Date('2017-03-01T09:00:00+08:00'));
  // C is suspended in June 2016 (outside 2016's coverage share) and reinstated in February 2017.
  await deliver(bus, orgEvents.organizationSuspended, lifecycleEvent(orgEvents.organizationSuspended, C!, '150204001001', new Date('2016-06-01T09:00:00+08:00')));

  // Founded on the day given, as a district records the party organizations it already has.
  const inPeriod = '2016-03-01';
  const street = await foundPartyOrganization(service, { kind: 'STREET_WORKING_COMMITTEE', regionCode: '150204001', name: '先锋道街道党工委', fullMembers: 5, probationaryMembers: 0, foundedOn: inPeriod });
  const committee = await foundPartyOrganization(service, { kind: 'COMMUNITY_COMMITTEE', parentId: street.id, name: '先锋道第一社区党委', fullMembers: 7, probationaryMembers: 1, foundedOn: inPeriod });
  await foundPartyOrganization(service, { kind: 'BRANCH', parentId: committee.id, organizationIds: [A], fullMembers: 3, probationaryMembers: 0, foundedOn: inPeriod });
  // A joint branch of the first community covering D of the second: coverage follows the organization.
  const joint = await foundPartyOrganization(service, { kind: 'JOINT_BRANCH', parentId: street.id, organizationIds: [B, D], fullMembers: 4, probationaryMembers: 2, foundedOn: inPeriod });
  // Founded on 2017-01-01, exactly when 2016 ends (district time): in 2017's stock, not 2016's.
  await foundPartyOrganization(service, { kind: 'BRANCH', regionCode: '150204002001', organizationIds: [E], fullMembers: 3, probationaryMembers: 1, foundedOn: '2017-01-01' });
  const otherStreet = await foundPartyOrganization(service, { kind: 'STREET_WORKING_COMMITTEE', regionCode: '150203001', name: '沼潭街道党工委', foundedOn: inPeriod });
  const otherCommittee = await foundPartyOrganization(service, { kind: 'COMMUNITY_COMMITTEE', regionCode: '150203001001', parentId: otherStreet.id, name: '沼潭第一社区党委', foundedOn: inPeriod });
  await foundPartyOrganization(service, { kind: 'BRANCH', regionCode: '150203001001', organizationIds: [X], foundedOn: inPeriod });
  await deliver(bus, orgEvents.organizationReinstated, lifecycleEvent(orgEvents.organizationReinstated, C!, '150204001001', new Date('2017-02-01T09:00:00+08:00')));
  // The joint branch (4 full, 2 probationary members) has 5 full members and no probationary
  // ones from April 2017.
  await ok(service, `mutation ($id: ID!) { updatePartyMembership(id: $id, fullMembers: 5, probationaryMembers: 0) { id } }`, { id: joint.id });
  await backdateMembershipChange(joint.id, '2017-04-01T09:00:00+08:00');
  // D, covered by the joint branch since 2016, is deregistered in June 2017 and leaves it.
  await deliver(bus, orgEvents.organizationDeregistered, lifecycleEvent(orgEvents.organizationDeregistered, D!, '150204001002', new Date('2017-06-01T09:00:00+08:00')));

  const OPEN = `mutation ($input: OpenPartyServiceStationInput!) { openPartyServiceStation(input: $input) { id } }`;
  const open = async (communityCode: string, openedOn: string) => {
    const { openPartyServiceStation } = await ok<{ openPartyServiceStation: { id: string } }>(service, OPEN, {
      input: { name: '党员服务站', communityCode, placement: 'BUILDING', locationLabel: '3号楼', openedOn },
    });
    return openPartyServiceStation.id;
  };
  await open('150204001001', inPeriod);
  // The last half hour of 2016 in district time (still 2016-12-31 15:30 UTC): in.
  await backdateStation(await open('150204001001', '2016-12-31'), '2016-12-31T23:30:00+08:00');
  await open('150204002001', '2017-05-01');
  await open('150203001001', inPeriod);

  const MEET = `mutation ($input: RecordJointMeetingInput!) { recordJointMeeting(input: $input) { id } }`;
  const meet = (hostId: string, heldOn: string) => ok(service, MEET, { input: { hostId, heldOn, participatingUnits: ['包钢集团'], topics: ['停车难'] } });
  await meet(street.id, '2016-05-01');
  await meet(street.id, '2015-12-31');
  await meet(committee.id, '2016-12-31');
  await meet(otherCommittee.id, '2016-06-01');
});

const FIELDS = `id partyOrganizations partyOrganizationsByKind { kind count } partyMembers partyServiceStations jointMeetingsHeld partyCoveragePerMille`;

async function statistics(ids: string[]) {
  const before = service.database.statementCount();
  const result = await service.request<{ _entities: Record<string, unknown>[] }>(
    `query ($r: [_Any!]!) { _entities(representations: $r) { ... on RegionStatistics { ${FIELDS} } } }`,
    { r: ids.map((id) => ({ __typename: 'RegionStatistics', id })) },
  );
  return { result, statements: service.database.statementCount() - before };
}

async function figures(id: string) {
  const { result } = await statistics([id]);
  expect(result.errors).toBeUndefined();
  return result.data!._entities[0]!;
}

/** Expected figures; byKind in enum order: working committees, committees, general branches, branches, joint branches. */
const expected = (id: string, byKind: number[], members: number, stations: number, meetings: number, coverage: number | null) => ({
  id,
  partyOrganizations: byKind.reduce((a, b) => a + b, 0),
  partyOrganizationsByKind: ['STREET_WORKING_COMMITTEE', 'COMMUNITY_COMMITTEE', 'GENERAL_BRANCH', 'BRANCH', 'JOINT_BRANCH'].map((kind, i) => ({ kind, count: byKind[i] })),
  partyMembers: members,
  partyServiceStations: stations,
  jointMeetingsHeld: meetings,
  partyCoveragePerMille: coverage,
});

describe('RegionStatistics (party-building)', () => {
  it('district: stock at the end of 2016, meetings held in 2016, the other district and 2017 left out', async () => {
    // Working committee 5 + committee 8 + branch 3 + joint branch 6 members; E's branch is 2017's.
    // Active A B D E F (C suspended), covered A B D: 600 ‰.
    expect(await figures(`150204@${P2016}`)).toEqual(expected(`150204@${P2016}`, [1, 1, 0, 1, 1], 22, 2, 2, 600));
  });

  it('street and community: a working committee counts for its street only; coverage follows the organization', async () => {
    expect(await figures(`150204001@${P2016}`)).toEqual(expected(`150204001@${P2016}`, [1, 1, 0, 1, 1], 22, 2, 2, 1000));
    expect(await figures(`150204001001@${P2016}`)).toEqual(expected(`150204001001@${P2016}`, [0, 1, 0, 1, 1], 17, 2, 1, 1000));
    // D is covered by the first community's joint branch.
    expect(await figures(`150204001002@${P2016}`)).toEqual(expected(`150204001002@${P2016}`, [0, 0, 0, 0, 0], 0, 0, 0, 1000));
    // E's branch was founded when 2016 ended: E and F uncovered at the end of 2016.
    expect(await figures(`150204002@${P2016}`)).toEqual(expected(`150204002@${P2016}`, [0, 0, 0, 0, 0], 0, 0, 0, 0));
  });

  it('a later period: stock carries over, flows start again', async () => {
    expect(await figures(`150204002@${P2017}`)).toEqual(expected(`150204002@${P2017}`, [0, 0, 0, 1, 0], 4, 1, 0, 500));
    // Active at the end of 2017: A B C (reinstated) E F G; D deregistered. Covered: A B E.
    // Members: 22, the joint branch one fewer since April, and E's branch's 4.
    expect(await figures(`150204@${P2017}`)).toEqual(expected(`150204@${P2017}`, [1, 1, 0, 2, 1], 25, 3, 0, 500));
  });

  it('members are those a party organization had when the period ended, not today\'s', async () => {
    // The joint branch: 6 members until April 2017, 5 since (its community: committee 8 + branch 3).
    expect((await figures(`150204001001@${P2016}`)).partyMembers).toBe(17);
    expect((await figures(`150204001001@2017-01-01..2017-03-31`)).partyMembers).toBe(17);
    expect((await figures(`150204001001@${P2017}`)).partyMembers).toBe(16);
    // Before its founding a party organization has no members to count.
    expect((await figures(`150204001001@2015-01-01..2015-12-31`)).partyMembers).toBe(0);
  });

  it('coverage counts the organizations active when the period ended, not as last announced', async () => {
    // G was filed in 2017: no organization in 150204003 at the end of 2016, one uncovered in 2017.
    expect((await figures(`150204003@${P2016}`)).partyCoveragePerMille).toBeNull();
    expect((await figures(`150204003@${P2017}`)).partyCoveragePerMille).toBe(0);
    // C: suspended on 2016-06-01, reinstated on 2017-02-01. Within 150204001001 (A B C; A and B
    // covered): out of 2016's share, in 2017's, and in a period that ended while it was suspended.
    expect((await figures(`150204001001@${P2016}`)).partyCoveragePerMille).toBe(1000);
    expect((await figures(`150204001001@${P2017}`)).partyCoveragePerMille).toBe(666);
    expect((await figures(`150204001001@2016-01-01..2017-01-15`)).partyCoveragePerMille).toBe(1000);
    expect((await figures(`150204001001@2015-01-01..2016-05-31`)).partyCoveragePerMille).toBe(666);
    // D left its joint branch when deregistered in 2017: still covered at the end of 2016, gone
    // from 2017's share (deregistered), and from today's.
    expect((await figures(`150204001002@${P2016}`)).partyCoveragePerMille).toBe(1000);
    expect((await figures(`150204001002@${P2017}`)).partyCoveragePerMille).toBeNull();
    expect((await figures(`150204001002@2017-01-01..2017-05-31`)).partyCoveragePerMille).toBe(1000);
    // Before any organization was filed there is no share to give.
    expect((await figures(`150204@2014-01-01..2014-12-31`)).partyCoveragePerMille).toBeNull();
  });

  it('a region without data gets zeros and no coverage share; an unknown region too', async () => {
    expect(await figures(`150204002002@${P2016}`)).toEqual(expected(`150204002002@${P2016}`, [0, 0, 0, 0, 0], 0, 0, 0, null));
    expect(await figures(`150209@${P2016}`)).toEqual(expected(`150209@${P2016}`, [0, 0, 0, 0, 0], 0, 0, 0, null));
  });

  it('the neighbouring district has its own', async () => {
    expect(await figures(`150203@${P2016}`)).toEqual(expected(`150203@${P2016}`, [1, 1, 0, 1, 0], 18, 1, 1, 1000));
  });

  it('costs one statement per period, for one region as for twenty', async () => {
    const twenty = [
      '150204', '150204001', '150204002', '150204003', '150204001001', '150204001002', '150204002001', '150204002002', '150204003001', '150203',
      '150203001', '150203001001', '150205', '150204004', '150204001003', '150204002003', '150204003002', '150204004001', '150206', '150207',
    ].map((code) => `${code}@${P2016}`);
    const one = await statistics(twenty.slice(0, 1));
    const all = await statistics(twenty);
    expect(all.result.errors).toBeUndefined();
    expect(all.result.data!._entities).toHaveLength(20);
    expect(all.result.data!._entities[0]).toEqual(one.result.data!._entities[0]);
    expect(one.statements).toBe(1);
    expect(all.statements).toBe(one.statements);
    // Two periods in one request: one statement each.
    const mixed = await statistics([...twenty.slice(0, 10), ...twenty.slice(0, 10).map((id) => id.replace(P2016, P2017))]);
    expect(mixed.statements).toBe(2);
  });

  it('refuses a malformed id alone, with BAD_USER_INPUT', async () => {
    const { result } = await statistics([`150204@${P2016}`, '1502@2016-01-01..2016-12-31', `150204@2016-02-30..2016-12-31`]);
    expect(result.data!._entities[0]).toEqual(expected(`150204@${P2016}`, [1, 1, 0, 1, 1], 22, 2, 2, 600));
    expect(result.data!._entities[1]).toBeNull();
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT', 'BAD_USER_INPUT']);
  });
});
