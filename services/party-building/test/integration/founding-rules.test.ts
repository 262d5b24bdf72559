/**
 * The hierarchy and coverage rules of founding, against the database: parents, streets,
 * organizations' state, one committee per region. Organizations come from hand-published events.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { organizations as orgEvents } from '@sanshe/events';
import { announceOrganizations, deliver, lifecycleEvent } from '../factories/replica-events.ts';
import { refusalOf, startPartyBuilding, tableCounts } from '../factories/party-service.ts';
import { FOUND_PARTY_ORGANIZATION, foundInput, foundPartyOrganization, type PartyOrganizationResult } from '../factories/party-organizations.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;
let orgs: string[];
let street1: PartyOrganizationResult;
let street2: PartyOrganizationResult;
let committee: PartyOrganizationResult;
let general: PartyOrganizationResult;
let branch: PartyOrganizationResult;

beforeAll(async () => {
  service = await startPartyBuilding(subgraphs);
  // 0–3 in 150204001001, 4 in 150204001002 (same street), 5 in 150204002001 (another street), 6 suspended, 7 deregistered,
  // 8 preparing (筹备: suspended, then returned to the state it had before).
  orgs = await announceOrganizations(bus, service, [
    '150204001001', '150204001001', '150204001001', '150204001001', '150204001002', '150204002001', '150204001001', '150204001001', '150204001001',
  ]);
  await deliver(bus, orgEvents.organizationSuspended, lifecycleEvent(orgEvents.organizationSuspended, orgs[6]!, '150204001001'));
  await deliver(bus, orgEvents.organizationDeregistered, lifecycleEvent(orgEvents.organizationDeregistered, orgs[7]!, '150204001001'));
  await deliver(bus, orgEvents.organizationSuspended, lifecycleEvent(orgEvents.organizationSuspended, orgs[8]!, '150204001001'));
  const preparing = lifecycleEvent(orgEvents.organizationReinstated, orgs[8]!, '150204001001');
  await deliver(bus, orgEvents.organizationReinstated, { ...preparing, data: { ...(preparing.data as object), state: 'preparing' } });

  street1 = await foundPartyOrganization(service, { kind: 'STREET_WORKING_COMMITTEE', regionCode: '150204001', name: '先锋道街道党工委' });
  street2 = await foundPartyOrganization(service, { kind: 'STREET_WORKING_COMMITTEE', regionCode: '150204002', name: '幸福路街道党工委' });
  committee = await foundPartyOrganization(service, { kind: 'COMMUNITY_COMMITTEE', parentId: street1.id, name: '先锋道第一社区党委' });
  general = await foundPartyOrganization(service, { kind: 'GENERAL_BRANCH', parentId: committee.id, name: '第一社区党总支' });
  branch = await foundPartyOrganization(service, { kind: 'BRANCH', parentId: general.id, organizationIds: [orgs[0]] });
});

const found = (input: Record<string, unknown>) => service.request(FOUND_PARTY_ORGANIZATION, { input: foundInput(input) });

describe('founding within the hierarchy', () => {
  it('builds 街道党工委 → 社区党委 → 党总支 → 党支部', () => {
    expect(committee.parent).toEqual({ id: street1.id });
    expect(general.parent).toEqual({ id: committee.id });
    expect(branch).toMatchObject({ parent: { id: general.id }, coveredOrganizations: [{ id: orgs[0] }] });
  });

  it('founds a joint branch under the street working committee across two communities of its street', async () => {
    const joint = await foundPartyOrganization(service, {
      kind: 'JOINT_BRANCH',
      regionCode: '150204001002',
      parentId: street1.id,
      organizationIds: [orgs[1], orgs[4]],
    });
    expect(joint.parent).toEqual({ id: street1.id });
    expect(joint.coveredOrganizations.map((o) => o.id).sort()).toEqual([orgs[1], orgs[4]].sort());
  });

  it('refuses parents of the wrong kind or area, and writes nothing', async () => {
    const before = await tableCounts(service, ['party_organizations', 'coverage', 'outbox']);
    const cases: [Record<string, unknown>, string][] = [
      [{ kind: 'STREET_WORKING_COMMITTEE', regionCode: '150204003', parentId: street1.id }, 'input.parentId'],
      [{ kind: 'COMMUNITY_COMMITTEE', regionCode: '150204001002', parentId: street2.id }, 'input.parentId'],
      [{ kind: 'COMMUNITY_COMMITTEE', regionCode: '150204001002', parentId: committee.id }, 'input.parentId'],
      [{ kind: 'GENERAL_BRANCH', parentId: street1.id }, 'input.parentId'],
      [{ kind: 'GENERAL_BRANCH', parentId: general.id }, 'input.parentId'],
      [{ kind: 'BRANCH', parentId: branch.id }, 'input.parentId'],
      [{ kind: 'BRANCH', regionCode: '150204001002', parentId: committee.id }, 'input.parentId'],
      [{ kind: 'JOINT_BRANCH', parentId: branch.id, organizationIds: [orgs[2], orgs[3]] }, 'input.parentId'],
      [{ kind: 'JOINT_BRANCH', regionCode: '150204002001', parentId: street1.id, organizationIds: [orgs[5], randomUUID()] }, 'input.parentId'],
    ];
    for (const [input, field] of cases) {
      expect(refusalOf(await found(input)), JSON.stringify(input)).toEqual({ code: 'RULE_VIOLATION', field });
    }
    expect(await tableCounts(service, ['party_organizations', 'coverage', 'outbox'])).toEqual(before);
  });

  it('refuses organizations that are suspended, deregistered, not yet in operation, unknown or in another street', async () => {
    const before = await tableCounts(service, ['party_organizations', 'coverage', 'outbox']);
    const cases: [string[], string][] = [
      [[orgs[2]!, orgs[6]!], 'RULE_VIOLATION'],
      [[orgs[2]!, orgs[7]!], 'RULE_VIOLATION'],
      [[orgs[2]!, orgs[8]!], 'RULE_VIOLATION'],
      [[orgs[2]!, orgs[5]!], 'RULE_VIOLATION'],
      [[orgs[2]!, randomUUID()], 'NOT_FOUND'],
    ];
    for (const [organizationIds, code] of cases) {
      const result = await found({ kind: 'JOINT_BRANCH', parentId: committee.id, organizationIds });
      expect(refusalOf(result), organizationIds.join()).toEqual({ code, field: 'input.organizationIds' });
    }
    const suspended = await found({ kind: 'JOINT_BRANCH', organizationIds: [orgs[2], orgs[6]] });
    expect(suspended.errors![0]!.extensions).toMatchObject({ state: 'suspended' });
    // Only organizations legally in operation are covered: an allow-list, not "anything not suspended".
    const notYet = await found({ kind: 'BRANCH', parentId: general.id, organizationIds: [orgs[8]] });
    expect(notYet.errors![0]!.extensions).toMatchObject({ code: 'RULE_VIOLATION', field: 'input.organizationIds', state: 'preparing' });
    expect(refusalOf(await found({ kind: 'COMMUNITY_COMMITTEE', regionCode: '150204001002', organizationIds: [orgs[4]] }))).toEqual({
      code: 'RULE_VIOLATION',
      field: 'input.organizationIds',
    });
    expect(await tableCounts(service, ['party_organizations', 'coverage', 'outbox'])).toEqual(before);
  });

  it('one working committee per street and one committee per community', async () => {
    const before = await tableCounts(service, ['party_organizations', 'outbox']);
    expect(refusalOf(await found({ kind: 'STREET_WORKING_COMMITTEE', regionCode: '150204001' }))).toEqual({ code: 'CONFLICT', field: 'input.regionCode' });
    expect(refusalOf(await found({ kind: 'COMMUNITY_COMMITTEE', regionCode: '150204001001' }))).toEqual({ code: 'CONFLICT', field: 'input.regionCode' });
    expect(await tableCounts(service, ['party_organizations', 'outbox'])).toEqual(before);
    // Several general branches and branches in one community are fine.
    await foundPartyOrganization(service, { kind: 'GENERAL_BRANCH', parentId: committee.id, name: '第一社区第二党总支' });
  });

  it('answers a member count out of range with BAD_USER_INPUT', async () => {
    expect(refusalOf(await found({ fullMembers: 1_000_001 }))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.fullMembers' });
    expect(refusalOf(await found({ probationaryMembers: -1 }))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.probationaryMembers' });
  });

  it('lists party organizations by region with filters', async () => {
    const list = async (variables: Record<string, unknown>) => {
      const result = await service.request<{ partyOrganizations: { totalCount: number; edges: { node: { id: string; kind: string } }[] } }>(
        `query ($regionCode: ID!, $kind: PartyOrganizationKind, $parentId: ID, $flagged: Boolean, $first: Int) {
          partyOrganizations(regionCode: $regionCode, kind: $kind, parentId: $parentId, needsReorganisation: $flagged, first: $first) {
            totalCount edges { node { id kind } } } }`,
        variables,
      );
      expect(result.errors).toBeUndefined();
      return result.data!.partyOrganizations;
    };
    expect((await list({ regionCode: '150204' })).totalCount).toBe(7);
    expect((await list({ regionCode: '150204001' })).totalCount).toBe(6);
    expect((await list({ regionCode: '150204002' })).totalCount).toBe(1);
    expect((await list({ regionCode: '150204001001' })).totalCount).toBe(4);
    expect((await list({ regionCode: '150204001', kind: 'GENERAL_BRANCH' })).totalCount).toBe(2);
    const children = await list({ regionCode: '150204', parentId: committee.id });
    expect(children.edges.map((e) => e.node.kind).sort()).toEqual(['GENERAL_BRANCH', 'GENERAL_BRANCH']);
    expect((await list({ regionCode: '150204', parentId: 'not-a-uuid' })).totalCount).toBe(0);
    expect((await list({ regionCode: '150204', flagged: true })).totalCount).toBe(0);
    expect((await list({ regionCode: '150204', flagged: false })).totalCount).toBe(7);
    expect((await list({ regionCode: '150204', first: 2 })).edges).toHaveLength(2);
    const bad = await service.request(`{ partyOrganizations(regionCode: "1502") { totalCount } }`);
    expect(refusalOf(bad)).toEqual({ code: 'BAD_USER_INPUT', field: 'regionCode' });
    const tooMany = await service.request(`{ partyOrganizations(regionCode: "150204", first: 101) { totalCount } }`);
    expect(refusalOf(tooMany)).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('resolves PartyOrganization, Organization and Community entities with the new fields', async () => {
    const result = await service.request<{ _entities: unknown[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) {
        ... on PartyOrganization { id kind partyMembers needsReorganisation reorganisationReasons reorganisationFlaggedAt dues { year } parent { id kind } }
        ... on Organization { id partyOrganization { id kind } }
        ... on Community { code partyOrganizations { totalCount } } } }`,
      {
        r: [
          { __typename: 'PartyOrganization', id: branch.id },
          { __typename: 'PartyOrganization', id: randomUUID() },
          { __typename: 'PartyOrganization', id: '42' },
          { __typename: 'Organization', id: orgs[0] },
          { __typename: 'Organization', id: orgs[3] },
          { __typename: 'Organization', id: 'not-a-uuid' },
          { __typename: 'Community', code: '150204001001' },
          { __typename: 'Community', code: '150204003001' },
        ],
      },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([
      {
        id: branch.id,
        kind: 'BRANCH',
        partyMembers: 6,
        needsReorganisation: false,
        reorganisationReasons: [],
        reorganisationFlaggedAt: null,
        dues: [],
        parent: { id: general.id, kind: 'GENERAL_BRANCH' },
      },
      null,
      null,
      { id: orgs[0], partyOrganization: { id: branch.id, kind: 'BRANCH' } },
      { id: orgs[3], partyOrganization: null },
      { id: 'not-a-uuid', partyOrganization: null },
      { code: '150204001001', partyOrganizations: { totalCount: 4 } },
      { code: '150204003001', partyOrganizations: { totalCount: 0 } },
    ]);
  });
});
