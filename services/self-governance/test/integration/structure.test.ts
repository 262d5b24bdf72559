import { beforeAll, describe, expect, it } from 'vitest';
import { testSubgraphs } from '@sanshe/testing';
import { selfGovernance as contracts } from '@sanshe/events';
import { COMMUNITY, OTHER_COMMUNITY, countRows, ok, outboxCount, outsider, refused, resident, startSelfGovernance, type SelfGovernance } from '../factories/self-governance.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: SelfGovernance;

beforeAll(async () => {
  service = await startSelfGovernance(subgraphs);
});

const ESTABLISH = `mutation ($input: EstablishResidentsCommitteeInput!) { establishResidentsCommittee(input: $input) { id name establishedOn community { code } } }`;
const TERM = `mutation ($input: StartCommitteeTermInput!) { startCommitteeTerm(input: $input) { id number startsOn endsOn committee { id } } }`;
const MEMBER = `mutation ($input: AddCommitteeMemberInput!) { addCommitteeMember(input: $input) { id role person { name phone } term { number } } }`;

let committeeId = '';
let termId = '';

describe('residents’ committee, terms and members', () => {
  it('establishes one committee per community', async () => {
    const data = await ok(service, ESTABLISH, { input: { communityCode: COMMUNITY, name: ' 先锋道第一社区居民委员会 ', establishedOn: '2001-07-01' } });
    committeeId = data.establishResidentsCommittee.id;
    expect(data.establishResidentsCommittee).toMatchObject({ name: '先锋道第一社区居民委员会', establishedOn: '2001-07-01', community: { code: COMMUNITY } });
    expect(await refused(service, ESTABLISH, { input: { communityCode: COMMUNITY, name: '第二个居委会' } })).toMatchObject({
      code: 'CONFLICT',
      field: 'input.communityCode',
    });
    expect(await refused(service, ESTABLISH, { input: { communityCode: '150204001', name: '街道不是社区' } })).toMatchObject({
      code: 'UNKNOWN_COMMUNITY',
      field: 'input.communityCode',
    });
    expect(await refused(service, ESTABLISH, { input: { communityCode: OTHER_COMMUNITY, name: 'x', establishedOn: '2001-02-30' } })).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect(await countRows(service, 'residents_committees')).toBe(1);
  });

  it('records terms of at most five years that never overlap', async () => {
    const today = new Date();
    const start = `${today.getUTCFullYear() - 1}-06-01`;
    const end = `${today.getUTCFullYear() + 4}-05-31`;
    const data = await ok(service, TERM, { input: { committeeId, number: 8, startsOn: start, endsOn: end } });
    termId = data.startCommitteeTerm.id;
    await ok(service, TERM, { input: { committeeId, number: 7, startsOn: '2016-06-01', endsOn: '2021-05-31' } });
    const cases = [
      [{ committeeId, number: 9, startsOn: `${today.getUTCFullYear() + 3}-01-01`, endsOn: `${today.getUTCFullYear() + 8}-01-01` }, 'RULE_VIOLATION', 'input.startsOn'],
      [{ committeeId, number: 6, startsOn: '2010-01-01', endsOn: '2016-01-02' }, 'RULE_VIOLATION', 'input.endsOn'],
      [{ committeeId, number: 7, startsOn: '2001-01-01', endsOn: '2004-01-01' }, 'CONFLICT', 'input.number'],
      [{ committeeId: 'not-a-uuid', number: 6, startsOn: '2001-01-01', endsOn: '2004-01-01' }, 'NOT_FOUND', 'input.committeeId'],
      [{ committeeId: '00000000-0000-4000-8000-000000000000', number: 6, startsOn: '2001-01-01', endsOn: '2004-01-01' }, 'NOT_FOUND', 'input.committeeId'],
    ] as const;
    for (const [input, code, field] of cases) expect(await refused(service, TERM, { input })).toMatchObject({ code, field });
    expect(await countRows(service, 'committee_terms')).toBe(2);
  });

  it('adds members — one director, at most nine — showing their data unmasked only to staff of the community', async () => {
    const director = await ok(service, MEMBER, { input: { termId, role: 'DIRECTOR', person: resident('王秀英', '138 1234 5678') } });
    expect(director.addCommitteeMember).toMatchObject({ role: 'DIRECTOR', person: { name: '王秀英', phone: '13812345678' }, term: { number: 8 } });
    const seen = await ok(service, `{ community(code: "${COMMUNITY}") { residentsCommittee { currentTerm { members { edges { node { person { name phone } } } } } } } }`, {}, outsider);
    expect(seen.community.residentsCommittee.currentTerm.members.edges[0].node.person).toEqual({ name: '王**', phone: '138****5678' });
    const [stored] = await service.database.sql`select name, phone from committee_members`;
    expect(stored).toEqual({ name: '王秀英', phone: '13812345678' });
    expect(await refused(service, MEMBER, { input: { termId, role: 'DIRECTOR', person: resident('刘建国') } })).toMatchObject({
      code: 'CONFLICT',
      field: 'input.role',
    });
    expect(await refused(service, MEMBER, { input: { termId, role: 'MEMBER', person: resident('刘建国', '12345') } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.person.phone',
    });
    for (let i = 0; i < 8; i += 1) await ok(service, MEMBER, { input: { termId, role: i === 0 ? 'DEPUTY_DIRECTOR' : 'MEMBER', person: resident(`委员${i}`) } });
    expect(await refused(service, MEMBER, { input: { termId, role: 'MEMBER', person: resident('第十人') } })).toMatchObject({
      code: 'RULE_VIOLATION',
      field: 'input.termId',
    });
  });

  it('serves the committee with its current term and paged members, filtered by role', async () => {
    const data = await ok(
      service,
      `{ community(code: "${COMMUNITY}") { residentsCommittee { id currentTerm { number members(first: 3) { totalCount edges { node { role } } pageInfo { hasNextPage endCursor } } }
         terms { totalCount edges { node { number } } } } } }`,
    );
    const committee = data.community.residentsCommittee;
    expect(committee.currentTerm.number).toBe(8);
    expect(committee.currentTerm.members.totalCount).toBe(9);
    expect(committee.currentTerm.members.edges.map((e: any) => e.node.role)).toEqual(['DIRECTOR', 'DEPUTY_DIRECTOR', 'MEMBER']);
    expect(committee.terms.edges.map((e: any) => e.node.number)).toEqual([8, 7]);
    const next = await ok(service, `query ($after: String) { residentsCommittee(id: "${committeeId}") { currentTerm { members(first: 10, after: $after) { edges { node { role } } pageInfo { hasNextPage } } } } }`, {
      after: committee.currentTerm.members.pageInfo.endCursor,
    });
    expect(next.residentsCommittee.currentTerm.members.edges).toHaveLength(6);
    expect(next.residentsCommittee.currentTerm.members.pageInfo.hasNextPage).toBe(false);
    const deputies = await ok(service, `{ residentsCommittee(id: "${committeeId}") { currentTerm { members(role: DEPUTY_DIRECTOR) { totalCount } } } }`);
    expect(deputies.residentsCommittee.currentTerm.members.totalCount).toBe(1);
    const other = await ok(service, `{ community(code: "${OTHER_COMMUNITY}") { residentsCommittee { id } } a: residentsCommittee(id: "nope") { id } }`);
    expect(other).toEqual({ community: { residentsCommittee: null }, a: null });
  });
});

describe('service stations and resident groups', () => {
  it('opens a station (居站分设) and forms groups with leaders masked to outsiders', async () => {
    const station = await ok(
      service,
      `mutation ($input: OpenServiceStationInput!) { openServiceStation(input: $input) { id name separatedFromCommittee community { code } } }`,
      { input: { communityCode: COMMUNITY, name: '先锋道第一社区工作站', address: '钢铁大街12号', openedOn: '2015-03-01', separatedFromCommittee: true } },
    );
    expect(station.openServiceStation).toMatchObject({ separatedFromCommittee: true, community: { code: COMMUNITY } });
    const FORM = `mutation ($input: FormResidentGroupInput!) { formResidentGroup(input: $input) { id name households leader { name phone } } }`;
    const group = await ok(service, FORM, { input: { communityCode: COMMUNITY, name: '第一居民小组', households: 120, leader: resident('孙志刚', '13600001111') } });
    expect(group.formResidentGroup).toMatchObject({ households: 120, leader: { name: '孙志刚', phone: '13600001111' } });
    const seen = await ok(service, `{ residentGroup(id: "${group.formResidentGroup.id}") { leader { name phone } } }`, {}, outsider);
    expect(seen.residentGroup.leader).toEqual({ name: '孙**', phone: '136****1111' });
    const leaderless = await ok(service, FORM, { input: { communityCode: COMMUNITY, name: '第二居民小组' } });
    expect(leaderless.formResidentGroup.leader).toBeNull();
    expect(await refused(service, FORM, { input: { communityCode: COMMUNITY, name: '第一居民小组' } })).toMatchObject({ code: 'CONFLICT', field: 'input.name' });
    const appointed = await ok(
      service,
      `mutation ($input: AppointResidentGroupLeaderInput!) { appointResidentGroupLeader(input: $input) { leader { name } leaderAppointedAt } }`,
      { input: { groupId: leaderless.formResidentGroup.id, leader: resident('周丽') } },
    );
    expect(appointed.appointResidentGroupLeader.leader.name).toBe('周丽');
    const listed = await ok(service, `{ community(code: "${COMMUNITY}") { serviceStations { totalCount } residentGroups(first: 1) { totalCount edges { node { name } } } } }`);
    expect(listed.community).toEqual({ serviceStations: { totalCount: 1 }, residentGroups: { totalCount: 2, edges: [{ node: { name: '第一居民小组' } }] } });
  });
});

describe('grids, buildings, units and the 三长', () => {
  let buildingId = '';
  let unitId = '';
  const GRID = `mutation ($input: DrawGridInput!) { drawGrid(input: $input) { code name community { code } } }`;
  const APPOINT = `mutation ($input: AppointAreaLeaderInput!) { appointAreaLeader(input: $input) { id level person { name phone } grid { code } building { label } unit { label } } }`;

  it('draws grids coded under the community, with buildings and units', async () => {
    const grid = await ok(service, GRID, { input: { communityCode: COMMUNITY, number: 1, name: '第一网格' } });
    expect(grid.drawGrid).toEqual({ code: '150204001001001', name: '第一网格', community: { code: COMMUNITY } });
    await ok(service, GRID, { input: { communityCode: COMMUNITY, number: 2, name: '第二网格' } });
    expect(await refused(service, GRID, { input: { communityCode: COMMUNITY, number: 1, name: '重复' } })).toMatchObject({ code: 'CONFLICT', field: 'input.number' });
    expect(await refused(service, GRID, { input: { communityCode: COMMUNITY, number: 1000, name: 'x' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.number' });
    const building = await ok(service, `mutation { registerBuilding(input: { gridCode: "150204001001001", label: "3号楼" }) { id label grid { code } } }`);
    buildingId = building.registerBuilding.id;
    const unit = await ok(service, `mutation { registerBuildingUnit(input: { buildingId: "${buildingId}", label: "2单元" }) { id label building { label } } }`);
    unitId = unit.registerBuildingUnit.id;
    expect(unit.registerBuildingUnit.building.label).toBe('3号楼');
    expect(await refused(service, `mutation { registerBuilding(input: { gridCode: "150204001001009", label: "1号楼" }) { id } }`)).toMatchObject({
      code: 'NOT_FOUND',
      field: 'input.gridCode',
    });
    expect(await refused(service, `mutation { registerBuildingUnit(input: { buildingId: "${buildingId}", label: "2单元" }) { id } }`)).toMatchObject({
      code: 'CONFLICT',
      field: 'input.label',
    });
  });

  it('appoints one leader per area, replacing the one before', async () => {
    const grid = await ok(service, APPOINT, { input: { level: 'GRID', areaId: '150204001001001', leader: resident('郑海', '15800002222') } });
    expect(grid.appointAreaLeader).toMatchObject({ level: 'GRID', person: { name: '郑海', phone: '15800002222' }, grid: { code: '150204001001001' }, building: null });
    await ok(service, APPOINT, { input: { level: 'BUILDING', areaId: buildingId, leader: resident('冯大伟') } });
    await ok(service, APPOINT, { input: { level: 'UNIT', areaId: unitId, leader: resident('陈小红') } });
    const replacement = await ok(service, APPOINT, { input: { level: 'UNIT', areaId: unitId, leader: resident('褚卫东') } });
    expect(replacement.appointAreaLeader).toMatchObject({ unit: { label: '2单元' }, building: { label: '3号楼' } });
    expect(await refused(service, APPOINT, { input: { level: 'BUILDING', areaId: unitId, leader: resident('x') } })).toMatchObject({ code: 'NOT_FOUND', field: 'input.areaId' });
    expect(await refused(service, APPOINT, { input: { level: 'GRID', areaId: 'garbage', leader: resident('x') } })).toMatchObject({ code: 'NOT_FOUND', field: 'input.areaId' });

    const data = await ok(
      service,
      `{ community(code: "${COMMUNITY}") {
          grids { totalCount edges { node { code leader { person { name } } buildings { edges { node { label leader { person { name } } units { edges { node { label leader { person { name } } } } } } } } } } }
          areaLeaders { totalCount edges { node { level } } }
          units: areaLeaders(level: UNIT) { totalCount edges { node { person { name } } } } } }`,
      {},
      outsider,
    );
    const [first, second] = data.community.grids.edges.map((e: any) => e.node);
    expect(first.leader.person.name).toBe('郑*');
    expect(first.buildings.edges[0].node.leader.person.name).toBe('冯**');
    expect(first.buildings.edges[0].node.units.edges[0].node.leader.person.name).toBe('褚**');
    expect(second).toMatchObject({ code: '150204001001002', leader: null });
    expect(data.community.areaLeaders.totalCount).toBe(3);
    expect(data.community.units).toEqual({ totalCount: 1, edges: [{ node: { person: { name: '褚**' } } }] });
    const [stepped] = await service.database.sql`select count(*)::int as n from area_leaders where stepped_down_at is not null`;
    expect(stepped!.n).toBe(1);
  });
});

describe('events and entities', () => {
  it('publishes an event per change, carrying no personal data', async () => {
    await service.flushOutbox();
    const expected: [typeof contracts.residentsCommitteeEstablished, number][] = [
      [contracts.residentsCommitteeEstablished, 1],
      [contracts.committeeTermStarted as never, 2],
      [contracts.committeeMemberJoined as never, 9],
      [contracts.serviceStationOpened as never, 1],
      [contracts.residentGroupFormed as never, 2],
      [contracts.residentGroupLeaderAppointed as never, 1],
      [contracts.gridDrawn as never, 2],
      [contracts.buildingRegistered as never, 1],
      [contracts.unitRegistered as never, 1],
      [contracts.areaLeaderAppointed as never, 4],
    ];
    for (const [contract, n] of expected) {
      // Exactly n in the outbox, all published; the bus hands back those n, checked against the contract.
      expect(await outboxCount(service, contract.type), contract.name).toBe(n);
      const events = await bus.events(contract, n);
      expect(events, contract.name).toHaveLength(n);
      const text = JSON.stringify(events.map((e) => e.event.data));
      for (const personal of ['王秀英', '13812345678', '孙志刚', '郑海', '褚卫东']) expect(text).not.toContain(personal);
    }
    const [leader] = (await bus.events(contracts.areaLeaderAppointed, 4)).slice(-1);
    expect(leader!.event.data).toMatchObject({ level: 'unit', replacedLeaderId: expect.any(String) });
    const [pending] = await service.database.sql`select count(*)::int as n from outbox where published_at is null`;
    expect(pending!.n).toBe(0);
    expect(await outboxCount(service)).toBe(6 + 24);
  });

  it('resolves every entity with a key by reference', async () => {
    const ids = await service.database.sql`
      select (select id from residents_committees limit 1) as committee, (select id from service_stations limit 1) as station,
             (select id from resident_groups where name = '第一居民小组') as "group", (select id from buildings limit 1) as building, (select id from units limit 1) as unit`;
    const r = ids[0]!;
    const data = await ok<{ _entities: unknown[] }>(
      service,
      `query ($r: [_Any!]!) { _entities(representations: $r) {
        ... on ResidentsCommittee { id name } ... on CommunityServiceStation { id name } ... on ResidentGroup { id name }
        ... on Grid { code name } ... on Building { id label } ... on BuildingUnit { id label } } }`,
      {
        r: [
          { __typename: 'ResidentsCommittee', id: r.committee },
          { __typename: 'CommunityServiceStation', id: r.station },
          { __typename: 'ResidentGroup', id: r.group },
          { __typename: 'Grid', code: '150204001001002' },
          { __typename: 'Building', id: r.building },
          { __typename: 'BuildingUnit', id: r.unit },
          { __typename: 'ResidentsCommittee', id: 'not-a-uuid' },
          { __typename: 'Grid', code: '1' },
        ],
      },
    );
    expect(data._entities).toEqual([
      { id: r.committee, name: '先锋道第一社区居民委员会' },
      { id: r.station, name: '先锋道第一社区工作站' },
      { id: r.group, name: '第一居民小组' },
      { code: '150204001001002', name: '第二网格' },
      { id: r.building, label: '3号楼' },
      { id: r.unit, label: '2单元' },
      null,
      null,
    ]);
  });
});
