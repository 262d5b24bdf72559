/** Party service stations (党组织服务站点): opening, validation, lists with filters and paging, entities. */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { announceOrganizations } from '../factories/replica-events.ts';
import { ok, refusalOf, startPartyBuilding, tableCounts } from '../factories/party-service.ts';
import { foundPartyOrganization, type PartyOrganizationResult } from '../factories/party-organizations.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;
let street: PartyOrganizationResult;
let committee: PartyOrganizationResult;
let committee2: PartyOrganizationResult;
let branch: PartyOrganizationResult;

beforeAll(async () => {
  service = await startPartyBuilding(subgraphs);
  const [org] = await announceOrganizations(bus, service, ['150204001001']);
  street = await foundPartyOrganization(service, { kind: 'STREET_WORKING_COMMITTEE', regionCode: '150204001', name: '先锋道街道党工委' });
  committee = await foundPartyOrganization(service, { kind: 'COMMUNITY_COMMITTEE', parentId: street.id, name: '先锋道第一社区党委' });
  committee2 = await foundPartyOrganization(service, { kind: 'COMMUNITY_COMMITTEE', regionCode: '150204002001', name: '幸福路第一社区党委' });
  branch = await foundPartyOrganization(service, { kind: 'BRANCH', parentId: committee.id, organizationIds: [org] });
});

const STATION_FIELDS = 'id name community { code } placement locationLabel partyOrganization { id } openedAt';
const OPEN = `mutation ($input: OpenPartyServiceStationInput!) { openPartyServiceStation(input: $input) { ${STATION_FIELDS} } }`;
interface Station {
  id: string;
  name: string;
  community: { code: string };
  placement: string;
  locationLabel: string;
  partyOrganization: { id: string } | null;
}
const stationInput = (overrides: Record<string, unknown> = {}) => ({
  name: '先锋道第一社区党员服务站',
  communityCode: '150204001001',
  placement: 'BUILDING',
  locationLabel: '3号楼',
  ...overrides,
});
const open = (overrides: Record<string, unknown> = {}) => service.request<{ openPartyServiceStation: Station }>(OPEN, { input: stationInput(overrides) });
const stations: Station[] = [];

interface Conn<T> {
  totalCount: number;
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

describe('service stations', () => {
  it('opens stations at every placement level, run by the community’s or the street’s organization', async () => {
    const inputs = [
      { placement: 'COMMUNITY', locationLabel: '社区党群服务中心', partyOrganizationId: committee.id },
      { placement: 'GRID', locationLabel: '第二网格', partyOrganizationId: street.id },
      { placement: 'BUILDING', locationLabel: ' 3号楼 ', partyOrganizationId: branch.id },
      { placement: 'UNIT', locationLabel: '5号楼2单元' },
      { placement: 'UNIT', locationLabel: '7号楼1单元', communityCode: '150204001002', partyOrganizationId: street.id },
      { placement: 'BUILDING', locationLabel: '12号楼', communityCode: '150204002001', partyOrganizationId: committee2.id },
    ];
    for (const input of inputs) {
      const result = await open(input);
      expect(result.errors, JSON.stringify(input)).toBeUndefined();
      stations.push(result.data!.openPartyServiceStation);
    }
    expect(stations[2]).toMatchObject({ placement: 'BUILDING', locationLabel: '3号楼', community: { code: '150204001001' }, partyOrganization: { id: branch.id } });
    expect(stations[3]!.partyOrganization).toBeNull();
  });

  it('answers bad input with a typed error and writes nothing', async () => {
    const before = await tableCounts(service, ['service_stations']);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ name: 'x' }, 'BAD_USER_INPUT', 'input.name'],
      [{ locationLabel: ' ' }, 'BAD_USER_INPUT', 'input.locationLabel'],
      [{ communityCode: '1502' }, 'BAD_USER_INPUT', 'input.communityCode'],
      [{ communityCode: '150204009001' }, 'UNKNOWN_COMMUNITY', 'input.communityCode'],
      [{ partyOrganizationId: randomUUID() }, 'NOT_FOUND', 'input.partyOrganizationId'],
      [{ partyOrganizationId: 'abc' }, 'NOT_FOUND', 'input.partyOrganizationId'],
      [{ partyOrganizationId: committee2.id }, 'RULE_VIOLATION', 'input.partyOrganizationId'],
      [{ communityCode: '150204002001', partyOrganizationId: street.id }, 'RULE_VIOLATION', 'input.partyOrganizationId'],
    ];
    for (const [overrides, code, field] of cases) {
      expect(refusalOf(await open(overrides)), JSON.stringify(overrides)).toEqual({ code, field });
    }
    expect(await tableCounts(service, ['service_stations'])).toEqual(before);
  });

  const list = async (variables: Record<string, unknown>) =>
    (
      await ok<{ partyServiceStations: Conn<{ id: string }> }>(
        service,
        `query ($regionCode: ID!, $placement: StationPlacement, $party: ID, $first: Int, $after: String) {
          partyServiceStations(regionCode: $regionCode, placement: $placement, partyOrganizationId: $party, first: $first, after: $after) {
            totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`,
        variables,
      )
    ).partyServiceStations;

  it('lists stations by community, street and district, with filters', async () => {
    expect((await list({ regionCode: '150204001001' })).totalCount).toBe(4);
    expect((await list({ regionCode: '150204001' })).totalCount).toBe(5);
    expect((await list({ regionCode: '150204' })).totalCount).toBe(6);
    expect((await list({ regionCode: '150204003' })).totalCount).toBe(0);
    expect((await list({ regionCode: '150204', placement: 'UNIT' })).edges.map((e) => e.node.id)).toEqual([stations[3]!.id, stations[4]!.id]);
    expect((await list({ regionCode: '150204', party: street.id })).edges.map((e) => e.node.id)).toEqual([stations[1]!.id, stations[4]!.id]);
    expect((await list({ regionCode: '150204', party: 'x' })).totalCount).toBe(0);
  });

  it('pages in opening order', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Conn<{ id: string }> = await list({ regionCode: '150204', first: 4, after });
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(stations.map((s) => s.id));
    const bad = await service.request(`{ partyServiceStations(regionCode: "150204", after: "garbage") { totalCount } }`);
    expect(refusalOf(bad)).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});

describe('entities', () => {
  it('resolves PartyServiceStation by id, null for unknown or malformed ids', async () => {
    const result = await service.request<{ _entities: unknown[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on PartyServiceStation { id placement partyOrganization { id } } } }`,
      {
        r: [
          { __typename: 'PartyServiceStation', id: stations[0]!.id },
          { __typename: 'PartyServiceStation', id: randomUUID() },
          { __typename: 'PartyServiceStation', id: 'x' },
        ],
      },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([{ id: stations[0]!.id, placement: 'COMMUNITY', partyOrganization: { id: committee.id } }, null, null]);
    const byQuery = await ok<{ s: { id: string } | null; none: null }>(
      service,
      `query ($s: ID!) { s: partyServiceStation(id: $s) { id } none: partyServiceStation(id: "x") { id } }`,
      { s: stations[1]!.id },
    );
    expect(byQuery).toEqual({ s: { id: stations[1]!.id }, none: null });
  });
});
