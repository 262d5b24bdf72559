import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually, testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { createCloudEvent, organizations as orgContracts, partyBuilding as contracts } from '@sanshe/events';
import { addDays, districtDate, durableName } from '@sanshe/service-kit';
import { partyBuildingSubgraph } from '../../src/app.ts';
import { selfGovernanceSubgraph } from '../../../self-governance/src/app.ts';
import { organizationsSubgraph } from '../../../organizations/src/app.ts';
import { registerRegions } from '../../../self-governance/test/factories/regions.ts';
import { fileOrganization, registerOrganization, type OrganizationResult } from '../../../organizations/test/factories/organizations.ts';
import { countRows, publishRaw, waitForConsumer, waitForKnownOrganizations, waitForKnownRegions } from '../../../organizations/test/factories/replicas.ts';
import { FOUND_PARTY_ORGANIZATION, foundInput, foundPartyOrganization, type PartyOrganizationResult } from '../factories/party-organizations.ts';

const SUBSIDY_FEN = 300_000;
const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let selfGovernance: AnySubgraph;
let organizations: AnySubgraph;
let service: AnySubgraph;
/** Social organizations filed or registered for this file, all in community 150204001001. */
let orgs: OrganizationResult[] = [];

beforeAll(async () => {
  selfGovernance = await subgraphs.start('self-governance', selfGovernanceSubgraph);
  organizations = await subgraphs.start('organizations', organizationsSubgraph);
  service = await subgraphs.start('party-building', partyBuildingSubgraph({ jointBranchSubsidyFen: SUBSIDY_FEN }));
  await registerRegions(selfGovernance);
  await selfGovernance.flushOutbox();
  await waitForKnownRegions(organizations);
  await waitForKnownRegions(service);
  for (let i = 0; i < 8; i += 1) {
    orgs.push(i % 2 === 0 ? await fileOrganization(organizations) : await registerOrganization(organizations));
  }
  await organizations.flushOutbox();
  await waitForKnownOrganizations(service, orgs.map((o) => o.id));
});

async function found(input: Record<string, unknown>) {
  return service.request<{ foundPartyOrganization: PartyOrganizationResult }>(FOUND_PARTY_ORGANIZATION, { input: foundInput(input) });
}

async function counts() {
  return {
    partyOrganizations: await countRows(service, 'party_organizations'),
    coverage: await countRows(service, 'coverage'),
    outbox: await countRows(service, 'outbox'),
  };
}

let committee: PartyOrganizationResult;
let jointBranch: PartyOrganizationResult;
const founded: PartyOrganizationResult[] = [];

describe('founding', () => {
  it('replicates the organizations it learns from events', async () => {
    const [row] = await service.database.sql`select name, track, community_code, street_code, district_code from known_organizations where id = ${orgs[1]!.id}`;
    expect(row).toEqual({ name: orgs[1]!.name, track: 'registered', community_code: '150204001001', street_code: '150204001', district_code: '150204' });
  });

  it('founds a street working committee, a community committee under it and a branch covering one organization', async () => {
    const street = await foundPartyOrganization(service, { kind: 'STREET_WORKING_COMMITTEE', regionCode: '150204001', name: '先锋道街道党工委', fullMembers: 12 });
    expect(street).toMatchObject({ kind: 'STREET_WORKING_COMMITTEE', regionCode: '150204001', community: null, parent: null, coveredOrganizations: [] });

    committee = await foundPartyOrganization(service, {
      kind: 'COMMUNITY_COMMITTEE',
      name: ' 先锋道第一社区党委 ',
      parentId: street.id,
      fullMembers: 40,
      probationaryMembers: 2,
    });
    expect(committee).toMatchObject({
      name: '先锋道第一社区党委',
      kind: 'COMMUNITY_COMMITTEE',
      regionCode: '150204001001',
      community: { code: '150204001001' },
      parent: { id: street.id },
      fullMembers: 40,
      probationaryMembers: 2,
    });

    const branch = await foundPartyOrganization(service, { kind: 'BRANCH', parentId: committee.id, fullMembers: 3, organizationIds: [orgs[0]!.id] });
    expect(branch).toMatchObject({ kind: 'BRANCH', fullMembers: 3, parent: { id: committee.id }, coveredOrganizations: [{ id: orgs[0]!.id }] });
    const coverage = await service.database.sql`select party_organization_id from coverage where organization_id = ${orgs[0]!.id}`;
    expect(coverage).toEqual([{ party_organization_id: branch.id }]);
    founded.push(committee, branch);
  });

  it('founds a joint branch over two organizations, covers both and asks funding for its subsidy', async () => {
    const covered = [orgs[1]!.id, orgs[2]!.id];
    const result = await found({ kind: 'JOINT_BRANCH', name: '先锋道社会组织联合党支部', parentId: committee.id, fullMembers: 4, organizationIds: covered });
    expect(result.errors).toBeUndefined();
    jointBranch = result.data!.foundPartyOrganization;
    founded.push(jointBranch);
    expect(jointBranch.kind).toBe('JOINT_BRANCH');
    expect(jointBranch.coveredOrganizations.map((o) => o.id).sort()).toEqual([...covered].sort());

    const rows = await service.database.sql`select organization_id, party_organization_id from coverage where organization_id = any(${covered}::uuid[]) order by organization_id`;
    expect(rows).toEqual([...covered].sort().map((id) => ({ organization_id: id, party_organization_id: jointBranch.id })));

    const entities = await service.request<{ _entities: ({ id: string; partyOrganization: { id: string; kind: string; coveredOrganizations: { id: string }[] } | null })[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { id partyOrganization { id kind coveredOrganizations { id } } } } }`,
      { r: covered.map((id) => ({ __typename: 'Organization', id })) },
    );
    expect(entities.errors).toBeUndefined();
    for (const [i, entity] of entities.data!._entities.entries()) {
      expect(entity!.id).toBe(covered[i]);
      expect(entity!.partyOrganization).toMatchObject({ id: jointBranch.id, kind: 'JOINT_BRANCH' });
      expect(entity!.partyOrganization!.coveredOrganizations.map((o) => o.id).sort()).toEqual([...covered].sort());
    }

    await service.flushOutbox();
    const subsidies = await bus.events(contracts.jointBranchSubsidyRequested, 1);
    expect(subsidies).toHaveLength(1);
    expect(subsidies[0]!.event.subject).toBe(jointBranch.id);
    expect(subsidies[0]!.msgId).toBe(subsidies[0]!.event.id);
    expect(subsidies[0]!.event.data).toEqual({ partyOrganizationId: jointBranch.id, communityCode: '150204001001', amountFen: SUBSIDY_FEN });

    const foundedEvents = await bus.events(contracts.partyOrganizationFounded, founded.length + 1);
    const event = foundedEvents.find((e) => e.event.data.partyOrganizationId === jointBranch.id);
    expect(event!.event.data).toMatchObject({
      kind: 'joint_branch',
      regionCode: '150204001001',
      communityCode: '150204001001',
      fullMembers: 4,
      probationaryMembers: 1,
    });
    expect([...event!.event.data.organizationIds].sort()).toEqual([...covered].sort());
    const street = foundedEvents.find((e) => e.event.data.kind === 'street_working_committee');
    expect(street!.event.data).toMatchObject({ regionCode: '150204001', communityCode: null });
  });

  it('refuses to cover an organization twice and writes nothing', async () => {
    const before = await counts();
    const cases: Record<string, unknown>[] = [
      // One already covered by the joint branch, one free: neither the branch nor the free one's coverage may stay.
      { kind: 'JOINT_BRANCH', organizationIds: [orgs[3]!.id, orgs[2]!.id] },
      { kind: 'JOINT_BRANCH', organizationIds: [orgs[1]!.id, orgs[3]!.id] },
      { kind: 'BRANCH', organizationIds: [orgs[0]!.id] },
    ];
    for (const input of cases) {
      const result = await found(input);
      expect(result.errors?.[0]?.extensions, JSON.stringify(input)).toMatchObject({ code: 'CONFLICT', field: 'input.organizationIds' });
    }
    expect(await counts()).toEqual(before);
    const [free] = await service.database.sql`select count(*)::int as n from coverage where organization_id = ${orgs[3]!.id}`;
    expect(free!.n).toBe(0);
  });

  it('answers other bad input with a typed error naming the field, and writes nothing', async () => {
    const before = await counts();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ kind: 'JOINT_BRANCH', organizationIds: [orgs[3]!.id, randomUUID()] }, 'NOT_FOUND', 'input.organizationIds'],
      [{ kind: 'BRANCH', organizationIds: ['not-a-uuid'] }, 'NOT_FOUND', 'input.organizationIds'],
      [{ kind: 'JOINT_BRANCH', organizationIds: [orgs[3]!.id] }, 'RULE_VIOLATION', 'input.organizationIds'],
      [{ kind: 'BRANCH', organizationIds: [orgs[3]!.id, orgs[4]!.id] }, 'RULE_VIOLATION', 'input.organizationIds'],
      [{ kind: 'JOINT_BRANCH', organizationIds: [orgs[3]!.id, orgs[3]!.id] }, 'BAD_USER_INPUT', 'input.organizationIds'],
      [{ fullMembers: 2 }, 'RULE_VIOLATION', 'input.fullMembers'],
      [{ regionCode: '150204009001' }, 'UNKNOWN_COMMUNITY', 'input.regionCode'],
      [{ kind: 'STREET_WORKING_COMMITTEE', regionCode: '150204009' }, 'UNKNOWN_COMMUNITY', 'input.regionCode'],
      [{ kind: 'STREET_WORKING_COMMITTEE', regionCode: '150204001001' }, 'BAD_USER_INPUT', 'input.regionCode'],
      [{ kind: 'COMMUNITY_COMMITTEE', regionCode: '150204001' }, 'BAD_USER_INPUT', 'input.regionCode'],
      [{ parentId: randomUUID() }, 'NOT_FOUND', 'input.parentId'],
      [{ parentId: 'nope' }, 'NOT_FOUND', 'input.parentId'],
      [{ name: ' x ' }, 'BAD_USER_INPUT', 'input.name'],
      // A founding day that has not come, or does not exist.
      [{ foundedOn: addDays(districtDate(), 1) }, 'BAD_USER_INPUT', 'input.foundedOn'],
      [{ foundedOn: '2016-02-30' }, 'BAD_USER_INPUT', 'input.foundedOn'],
    ];
    for (const [input, code, field] of cases) {
      const result = await found(input);
      expect(result.data ?? null).toBeNull();
      expect(result.errors?.[0]?.extensions, JSON.stringify(input)).toMatchObject({ code, field });
    }
    expect(await counts()).toEqual(before);
  });

  it('lets exactly one of several concurrent joint branches cover the same organizations', async () => {
    const before = await counts();
    const covered = [orgs[5]!.id, orgs[6]!.id];
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => found({ kind: 'JOINT_BRANCH', name: `并发联合党支部${i}`, organizationIds: covered })),
    );
    const won = results.filter((r) => !r.errors);
    expect(won).toHaveLength(1);
    for (const lost of results.filter((r) => r.errors)) expect(lost.errors![0]!.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.organizationIds' });
    const winner = won[0]!.data!.foundPartyOrganization;
    founded.push(winner);
    const after = await counts();
    expect(after.partyOrganizations).toBe(before.partyOrganizations + 1);
    expect(after.coverage).toBe(before.coverage + 2);
    // founded + subsidy-requested: one pair, for the winner only.
    expect(after.outbox).toBe(before.outbox + 2);
    const [subsidy] = await service.database.sql`
      select count(*)::int as n from outbox where type = ${contracts.jointBranchSubsidyRequested.type} and envelope->'data'->>'partyOrganizationId' = ${winner.id}`;
    expect(subsidy!.n).toBe(1);
  });
});

describe('reading', () => {
  it('pages Community.partyOrganizations in founding order', async () => {
    interface Conn {
      totalCount: number;
      edges: { node: { id: string } }[];
      pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
    }
    const read = async (after: string | null) => {
      const result = await service.request<{ _entities: [{ code: string; partyOrganizations: Conn }] }>(
        `query ($r: [_Any!]!, $after: String) { _entities(representations: $r) { ... on Community { code
          partyOrganizations(first: 2, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage hasPreviousPage endCursor } } } } }`,
        { r: [{ __typename: 'Community', code: '150204001001' }], after },
      );
      expect(result.errors).toBeUndefined();
      return result.data!._entities[0].partyOrganizations;
    };
    const expected = founded.map((p) => p.id);
    expect(expected).toHaveLength(4);
    const seen: string[] = [];
    let after: string | null = null;
    for (let pageNo = 0; ; pageNo += 1) {
      const conn: Conn = await read(after);
      expect(conn.totalCount).toBe(4);
      expect(conn.pageInfo.hasPreviousPage).toBe(pageNo > 0);
      expect(conn.edges.length).toBeLessThanOrEqual(2);
      seen.push(...conn.edges.map((e) => e.node.id));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);

    const street = await service.request<{ _entities: [{ partyOrganizations: { totalCount: number } }] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { partyOrganizations { totalCount } } } }`,
      { r: [{ __typename: 'Community', code: '150204002001' }] },
    );
    expect(street.data!._entities[0].partyOrganizations.totalCount).toBe(0);
  });

  it('resolves PartyOrganization, Community and Organization entities', async () => {
    const uncovered = orgs[7]!.id;
    const result = await service.request<{ _entities: unknown[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) {
        ... on PartyOrganization { id kind community { code } parent { id } }
        ... on Community { code partyOrganizations(first: 1) { totalCount } }
        ... on Organization { id partyOrganization { id } } } }`,
      {
        r: [
          { __typename: 'PartyOrganization', id: jointBranch.id },
          { __typename: 'PartyOrganization', id: randomUUID() },
          { __typename: 'PartyOrganization', id: 'not-a-uuid' },
          { __typename: 'Community', code: '150204001001' },
          { __typename: 'Organization', id: orgs[0]!.id },
          { __typename: 'Organization', id: uncovered },
          { __typename: 'Organization', id: 'not-a-uuid' },
        ],
      },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([
      { id: jointBranch.id, kind: 'JOINT_BRANCH', community: { code: '150204001001' }, parent: { id: committee.id } },
      null,
      null,
      { code: '150204001001', partyOrganizations: { totalCount: 4 } },
      { id: orgs[0]!.id, partyOrganization: { id: founded[1]!.id } },
      { id: uncovered, partyOrganization: null },
      { id: 'not-a-uuid', partyOrganization: null },
    ]);
    const query = await service.request<{ a: { id: string } | null; b: null }>(`query ($id: ID!) { a: partyOrganization(id: $id) { id } b: partyOrganization(id: "x") { id } }`, {
      id: committee.id,
    });
    expect(query.data).toEqual({ a: { id: committee.id }, b: null });
  });
});

describe('organization replica', () => {
  it('applies a redelivered organizations.organization.filed event once', async () => {
    const organizationId = randomUUID();
    const data = {
      organizationId,
      name: '幸福路读书会',
      communityCode: '150204002001',
      streetCode: '150204002',
      districtCode: '150204',
      category: 'community_service',
      serviceFields: ['culture_and_sports'],
      filingNumber: `幸备-${randomUUID().slice(0, 8)}`,
    };
    const event = createCloudEvent(orgContracts.organizationFiled, data, { subject: organizationId });
    const first = await publishRaw(bus, orgContracts.organizationFiled, event);
    expect(first.duplicate).toBe(false);
    await waitForConsumer(bus, 'party-building', orgContracts.organizationFiled, first.seq);
    const [applied] = await service.database.sql`select name, track, community_code, street_code, district_code, updated_at from known_organizations where id = ${organizationId}`;
    expect(applied).toMatchObject({ name: data.name, track: 'filed', community_code: '150204002001', street_code: '150204002', district_code: '150204' });

    // The same event (same id) again under another Nats-Msg-Id: JetStream stores it, the inbox must drop it.
    const second = await publishRaw(bus, orgContracts.organizationFiled, event);
    expect(second.duplicate).toBe(false);
    expect(second.seq).toBeGreaterThan(first.seq);
    await waitForConsumer(bus, 'party-building', orgContracts.organizationFiled, second.seq);

    const durable = durableName('party-building', orgContracts.organizationFiled);
    const inbox = await service.database.sql`select consumer from inbox where event_id = ${event.id}`;
    expect(inbox).toEqual([{ consumer: durable }]);
    const rows = await service.database.sql`select name, track, community_code, updated_at from known_organizations where id = ${organizationId}`;
    expect(rows).toHaveLength(1);
    // A second application would have rewritten updated_at.
    expect(rows[0]).toEqual({ name: data.name, track: 'filed', community_code: '150204002001', updated_at: applied!.updated_at });

    // And the replica is usable: the organization can now be covered.
    const branch = await eventually(async () => {
      const r = await found({ regionCode: '150204002001', organizationIds: [organizationId] });
      return r.errors ? undefined : r.data!.foundPartyOrganization;
    });
    expect(branch.coveredOrganizations).toEqual([{ id: organizationId }]);
  });
});
