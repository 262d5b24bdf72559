/** Joint meetings (区域党建联席会议): recording, validation, lists with filters and paging, entities. */
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

interface Conn<T> {
  totalCount: number;
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const MEETING_FIELDS = 'id host { id kind } regionCode heldOn participatingUnits topics outcomes recordedAt';
const RECORD = `mutation ($input: RecordJointMeetingInput!) { recordJointMeeting(input: $input) { ${MEETING_FIELDS} } }`;
interface Meeting {
  id: string;
  host: { id: string };
  regionCode: string;
  heldOn: string;
  participatingUnits: string[];
  topics: string[];
  outcomes: string[];
}
const meetingInput = (overrides: Record<string, unknown> = {}) => ({
  hostId: committee.id,
  heldOn: '2024-03-15',
  participatingUnits: ['包钢集团第三中学', '青山区人民医院'],
  topics: ['老旧小区停车难'],
  outcomes: ['驻区单位夜间开放停车位120个'],
  ...overrides,
});
const record = (overrides: Record<string, unknown> = {}) => service.request<{ recordJointMeeting: Meeting }>(RECORD, { input: meetingInput(overrides) });
const meetings: Meeting[] = [];

describe('joint meetings', () => {
  it('records meetings convened by a community committee or a street working committee', async () => {
    for (const overrides of [
      { heldOn: '2024-03-15' },
      { heldOn: '2024-05-20', outcomes: undefined },
      { heldOn: '2024-05-20', hostId: street.id, participatingUnits: ['包钢集团'], topics: ['共驻共建'] },
      { heldOn: '2023-11-02', hostId: committee2.id },
    ]) {
      const result = await record(overrides);
      expect(result.errors, JSON.stringify(overrides)).toBeUndefined();
      meetings.push(result.data!.recordJointMeeting);
    }
    expect(meetings[0]).toMatchObject({
      host: { id: committee.id, kind: 'COMMUNITY_COMMITTEE' },
      regionCode: '150204001001',
      heldOn: '2024-03-15',
      participatingUnits: ['包钢集团第三中学', '青山区人民医院'],
      outcomes: ['驻区单位夜间开放停车位120个'],
    });
    expect(meetings[1]!.outcomes).toEqual([]);
    expect(meetings[2]!.regionCode).toBe('150204001');
  });

  it('answers bad input with a typed error and writes nothing', async () => {
    const before = await tableCounts(service, ['joint_meetings']);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ hostId: branch.id }, 'RULE_VIOLATION', 'input.hostId'],
      [{ hostId: randomUUID() }, 'NOT_FOUND', 'input.hostId'],
      [{ hostId: 'x' }, 'NOT_FOUND', 'input.hostId'],
      [{ heldOn: '2024-02-30' }, 'BAD_USER_INPUT', 'input.heldOn'],
      [{ heldOn: '2999-01-01' }, 'BAD_USER_INPUT', 'input.heldOn'],
      [{ participatingUnits: [] }, 'BAD_USER_INPUT', 'input.participatingUnits'],
      [{ participatingUnits: ['包钢集团', '包钢集团'] }, 'BAD_USER_INPUT', 'input.participatingUnits.1'],
      [{ topics: [] }, 'BAD_USER_INPUT', 'input.topics'],
    ];
    for (const [overrides, code, field] of cases) {
      expect(refusalOf(await record(overrides)), JSON.stringify(overrides)).toEqual({ code, field });
    }
    expect(await tableCounts(service, ['joint_meetings'])).toEqual(before);
  });

  const list = async (variables: Record<string, unknown>) =>
    (
      await ok<{ jointMeetings: Conn<{ id: string }> }>(
        service,
        `query ($regionCode: ID!, $host: ID, $from: String, $to: String, $first: Int, $after: String) {
          jointMeetings(regionCode: $regionCode, hostId: $host, from: $from, to: $to, first: $first, after: $after) {
            totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`,
        variables,
      )
    ).jointMeetings;

  it('lists meetings newest first by region, host and dates, and pages', async () => {
    const ids = (conn: Conn<{ id: string }>) => conn.edges.map((e) => e.node.id);
    const byDateDesc = [...meetings].sort((a, b) => (a.heldOn === b.heldOn ? (a.id < b.id ? 1 : -1) : a.heldOn < b.heldOn ? 1 : -1)).map((m) => m.id);
    expect(ids(await list({ regionCode: '150204' }))).toEqual(byDateDesc);
    expect((await list({ regionCode: '150204001' })).totalCount).toBe(3);
    expect((await list({ regionCode: '150204001001' })).totalCount).toBe(2);
    expect(ids(await list({ regionCode: '150204', host: street.id }))).toEqual([meetings[2]!.id]);
    expect((await list({ regionCode: '150204', from: '2024-01-01' })).totalCount).toBe(3);
    expect(ids(await list({ regionCode: '150204', from: '2024-03-15', to: '2024-03-15' }))).toEqual([meetings[0]!.id]);
    expect((await list({ regionCode: '150204', host: 'x' })).totalCount).toBe(0);

    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Conn<{ id: string }> = await list({ regionCode: '150204', first: 1, after });
      seen.push(...ids(page));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(byDateDesc);

    expect(refusalOf(await service.request(`{ jointMeetings(regionCode: "150204", from: "2024-13-01") { totalCount } }`))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'from',
    });
    expect(refusalOf(await service.request(`{ jointMeetings(regionCode: "150204", after: "bm9wZQ") { totalCount } }`))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'after',
    });
  });
});

describe('entities', () => {
  it('resolves JointMeeting by id, null for unknown or malformed ids', async () => {
    const result = await service.request<{ _entities: unknown[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on JointMeeting { id heldOn host { id } } } }`,
      {
        r: [
          { __typename: 'JointMeeting', id: meetings[0]!.id },
          { __typename: 'JointMeeting', id: randomUUID() },
          { __typename: 'JointMeeting', id: 'x' },
        ],
      },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([{ id: meetings[0]!.id, heldOn: '2024-03-15', host: { id: committee.id } }, null, null]);
    const byQuery = await ok<{ m: { id: string } | null; none: null }>(
      service,
      `query ($m: ID!) { m: jointMeeting(id: $m) { id } none: jointMeeting(id: "x") { id } }`,
      { m: meetings[1]!.id },
    );
    expect(byQuery).toEqual({ m: { id: meetings[1]!.id }, none: null });
  });
});
