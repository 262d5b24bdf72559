import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { createCloudEvent, funding as contracts, partyBuilding } from '@sanshe/events';
import { durableName } from '@sanshe/service-kit';
import { fundingSubgraph } from '../../src/app.ts';
import { selfGovernanceSubgraph } from '../../../self-governance/src/app.ts';
import { organizationsSubgraph } from '../../../organizations/src/app.ts';
import { registerRegions } from '../../../self-governance/test/factories/regions.ts';
import { registerOrganization, type OrganizationResult } from '../../../organizations/test/factories/organizations.ts';
import { countRows, publishRaw, waitForConsumer, waitForKnownOrganizations, waitForKnownRegions } from '../../../organizations/test/factories/replicas.ts';
import { CREATE_PROGRAMME, awardGrant, awardGrantRequest, createProgramme, type GrantResult, type ProgrammeResult } from '../factories/funding.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let selfGovernance: AnySubgraph;
let organizations: AnySubgraph;
let service: AnySubgraph;
let grantee: OrganizationResult;

beforeAll(async () => {
  selfGovernance = await subgraphs.start('self-governance', selfGovernanceSubgraph);
  organizations = await subgraphs.start('organizations', organizationsSubgraph);
  // A pool wider than the default, so the concurrent awards below really run side by side.
  service = await subgraphs.start('funding', fundingSubgraph, { DATABASE_POOL_MAX: '10' });
  await registerRegions(selfGovernance);
  await selfGovernance.flushOutbox();
  await waitForKnownRegions(organizations);
  await waitForKnownRegions(service);
  grantee = await registerOrganization(organizations, { name: '青山区乐龄养老服务中心' });
  await organizations.flushOutbox();
  await waitForKnownOrganizations(service, [grantee.id]);
});

async function counts() {
  return { programmes: await countRows(service, 'programmes'), grants: await countRows(service, 'grants'), outbox: await countRows(service, 'outbox') };
}

async function programmeState(id: string) {
  const result = await service.request<{ programme: { budgetFen: number; awardedFen: number; grants: { totalCount: number } } }>(
    `query ($id: ID!) { programme(id: $id) { budgetFen awardedFen grants { totalCount } } }`,
    { id },
  );
  expect(result.errors).toBeUndefined();
  return result.data!.programme;
}

let budgetProgramme: ProgrammeResult;
const grants: GrantResult[] = [];

describe('programmes and grants', () => {
  it('creates a programme', async () => {
    budgetProgramme = await createProgramme(service, { name: ' 2024年青山区政府购买服务 ', kind: 'PURCHASE_OF_SERVICES', budgetFen: 1_000_000 });
    expect(budgetProgramme).toMatchObject({ name: '2024年青山区政府购买服务', kind: 'PURCHASE_OF_SERVICES', budgetFen: 1_000_000, awardedFen: 0 });
    const [row] = await service.database.sql`select kind, budget_fen::text as budget from programmes where id = ${budgetProgramme.id}`;
    expect(row).toEqual({ kind: 'purchase_of_services', budget: '1000000' });
  });

  it('awards grants until the budget is used exactly, then refuses one fen more and writes nothing', async () => {
    const first = await awardGrant(service, budgetProgramme.id, { amountFen: 400_000, organizationId: grantee.id });
    expect(first).toMatchObject({
      amountFen: 400_000,
      programme: { id: budgetProgramme.id, awardedFen: 400_000 },
      community: { code: '150204001001' },
      organization: { id: grantee.id },
    });
    const second = await awardGrant(service, budgetProgramme.id, { amountFen: 600_000, communityCode: '150204001002' });
    expect(second).toMatchObject({ amountFen: 600_000, organization: null, programme: { awardedFen: 1_000_000 } });
    grants.push(first, second);

    const before = await counts();
    const over = await awardGrantRequest(service, budgetProgramme.id, { amountFen: 1 });
    expect(over.data ?? null).toBeNull();
    expect(over.errors?.[0]?.extensions).toMatchObject({ code: 'INSUFFICIENT_FUNDS', field: 'input.amountFen', availableFen: 0 });
    expect(await counts()).toEqual(before);
    expect(await programmeState(budgetProgramme.id)).toEqual({ budgetFen: 1_000_000, awardedFen: 1_000_000, grants: { totalCount: 2 } });
  });

  it('refuses a grant past the rest of the budget, saying how much is left', async () => {
    const programme = await createProgramme(service, { budgetFen: 500_000 });
    await awardGrant(service, programme.id, { amountFen: 200_000, communityCode: '150204001002' }).then((g) => grants.push(g));
    const before = await counts();
    const over = await awardGrantRequest(service, programme.id, { amountFen: 300_001 });
    expect(over.errors?.[0]?.extensions).toMatchObject({ code: 'INSUFFICIENT_FUNDS', field: 'input.amountFen', availableFen: 300_000 });
    expect(await counts()).toEqual(before);
    grants.push(await awardGrant(service, programme.id, { amountFen: 300_000, communityCode: '150204001002' }));
    expect((await programmeState(programme.id)).awardedFen).toBe(500_000);
  });

  it('never exceeds the budget under concurrent awards: 20 awards in parallel, exactly 10 fit', async () => {
    const programme = await createProgramme(service, { name: '社区微基金并发', kind: 'MICRO_FUND', budgetFen: 100_000 });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => awardGrantRequest(service, programme.id, { amountFen: 10_000, title: `微项目${i}`, communityCode: '150204001002' })),
    );
    const succeeded = results.filter((r) => !r.errors);
    const refused = results.filter((r) => r.errors);
    expect(succeeded).toHaveLength(10);
    expect(refused).toHaveLength(10);
    for (const r of refused) expect(r.errors![0]!.extensions).toMatchObject({ code: 'INSUFFICIENT_FUNDS', field: 'input.amountFen', availableFen: 0 });
    grants.push(...succeeded.map((r) => r.data!.awardGrant));
    // The nested programme is read after the award committed, so it never shows more than the budget.
    for (const r of succeeded) expect(r.data!.awardGrant.programme.awardedFen).toBeLessThanOrEqual(100_000);
    const [sum] = await service.database.sql`select coalesce(sum(amount_fen), 0)::int as total, count(*)::int as n from grants where programme_id = ${programme.id}`;
    expect(sum).toEqual({ total: 100_000, n: 10 });
    const [events] = await service.database.sql`select count(*)::int as n from outbox where type = ${contracts.grantAwarded.type} and envelope->'data'->>'programmeId' = ${programme.id}`;
    expect(events!.n).toBe(10);
    expect(await programmeState(programme.id)).toEqual({ budgetFen: 100_000, awardedFen: 100_000, grants: { totalCount: 10 } });
  });

  it('answers other bad input with a typed error naming the field, and writes nothing', async () => {
    const open = await createProgramme(service, { budgetFen: 1_000_000 });
    const before = await counts();
    const cases: [string, Record<string, unknown>, string, string][] = [
      [randomUUID(), {}, 'NOT_FOUND', 'input.programmeId'],
      ['not-a-uuid', {}, 'NOT_FOUND', 'input.programmeId'],
      [open.id, { communityCode: '150204009001' }, 'UNKNOWN_COMMUNITY', 'input.communityCode'],
      [open.id, { communityCode: '150204001' }, 'UNKNOWN_COMMUNITY', 'input.communityCode'],
      [open.id, { organizationId: randomUUID() }, 'NOT_FOUND', 'input.organizationId'],
      [open.id, { organizationId: 'sunshine' }, 'NOT_FOUND', 'input.organizationId'],
      [open.id, { amountFen: 0 }, 'BAD_USER_INPUT', 'input.amountFen'],
      [open.id, { title: ' x ' }, 'BAD_USER_INPUT', 'input.title'],
    ];
    for (const [programmeId, overrides, code, field] of cases) {
      const result = await awardGrantRequest(service, programmeId, overrides);
      expect(result.data ?? null).toBeNull();
      expect(result.errors?.[0]?.extensions, JSON.stringify([programmeId, overrides])).toMatchObject({ code, field });
    }
    const badName = await service.request(CREATE_PROGRAMME, { input: { name: 'x', kind: 'MICRO_FUND', budgetFen: 1 } });
    expect(badName.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
    expect(await counts()).toEqual(before);
  });
});

describe('the Fen scalar', () => {
  it('refuses fractions, strings and negatives, as literals and as variables, and writes nothing', async () => {
    const before = await counts();
    for (const literal of ['1.5', '"100"', '-1', '9007199254740993']) {
      const result = await service.request(`mutation { createProgramme(input: { name: "字面量", kind: MICRO_FUND, budgetFen: ${literal} }) { id } }`);
      expect(result.data ?? null, literal).toBeNull();
      expect(result.errors?.length, literal).toBeGreaterThan(0);
      expect(result.errors![0]!.extensions?.code, literal).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    for (const value of [1.5, '100', -1, 2 ** 53 + 2]) {
      const result = await service.request(CREATE_PROGRAMME, { input: { name: '变量', kind: 'MICRO_FUND', budgetFen: value } });
      expect(result.data ?? null, String(value)).toBeNull();
      expect(result.errors?.[0]?.extensions?.code, String(value)).toBe('BAD_USER_INPUT');
      const award = await awardGrantRequest(service, budgetProgramme.id, { amountFen: value });
      expect(award.errors?.[0]?.extensions?.code, String(value)).toBe('BAD_USER_INPUT');
    }
    expect(await counts()).toEqual(before);
    // And a whole number goes through.
    const ok = await service.request<{ createProgramme: { budgetFen: number } }>(`mutation { createProgramme(input: { name: "整数预算", kind: MICRO_FUND, budgetFen: 250 }) { budgetFen } }`);
    expect(ok.errors).toBeUndefined();
    expect(ok.data!.createProgramme.budgetFen).toBe(250);
  });
});

describe('community funding', () => {
  it('totals grants per community and pages them in award order', async () => {
    const expected = (code: string) => grants.filter((g) => g.community.code === code);
    type Funding = { awardedFen: number; grantCount: number; subsidiesPaidFen: number; grants: { totalCount: number; edges: { node: { id: string; amountFen: number } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
    const read = async (code: string, after: string | null) => {
      const result = await service.request<{ _entities: [{ code: string; funding: Funding }] }>(
        `query ($r: [_Any!]!, $after: String) { _entities(representations: $r) { ... on Community { code funding {
          awardedFen grantCount subsidiesPaidFen grants(first: 4, after: $after) { totalCount edges { node { id amountFen } } pageInfo { hasNextPage endCursor } } } } } }`,
        { r: [{ __typename: 'Community', code }], after },
      );
      expect(result.errors).toBeUndefined();
      return result.data!._entities[0].funding;
    };
    const code = '150204001002';
    const mine = expected(code);
    expect(mine.length).toBe(13);
    const first = await read(code, null);
    expect(first).toMatchObject({ awardedFen: mine.reduce((s, g) => s + g.amountFen, 0), grantCount: 13, subsidiesPaidFen: 0 });
    expect(first.awardedFen).toBe(600_000 + 500_000 + 100_000);
    const seen = [...first.grants.edges];
    let page = first;
    while (page.grants.pageInfo.hasNextPage) {
      page = await read(code, page.grants.pageInfo.endCursor);
      expect(page.grants.totalCount).toBe(13);
      seen.push(...page.grants.edges);
    }
    expect(seen).toHaveLength(13);
    expect(new Set(seen.map((e) => e.node.id))).toEqual(new Set(mine.map((g) => g.id)));
    // Award order: the first three grants here were awarded one after the other.
    expect(seen.slice(0, 3).map((e) => e.node.id)).toEqual(mine.slice(0, 3).map((g) => g.id));

    const other = await read('150204001001', null);
    expect(other).toMatchObject({ awardedFen: 400_000, grantCount: 1, grants: { totalCount: 1 } });
    const none = await read('150204009001', null);
    expect(none).toMatchObject({ awardedFen: 0, grantCount: 0, subsidiesPaidFen: 0, grants: { totalCount: 0, edges: [] } });
  });

  it('publishes one grant.awarded event per grant', async () => {
    await service.flushOutbox();
    const received = await bus.events(contracts.grantAwarded, grants.length + 1);
    expect(received).toHaveLength(grants.length);
    const first = received.find((e) => e.event.data.grantId === grants[0]!.id)!;
    expect(first.event.subject).toBe(grants[0]!.id);
    // The original fields, plus what organizations (projects) and social work (posts) need.
    expect(first.event.data).toMatchObject({
      grantId: grants[0]!.id,
      programmeId: budgetProgramme.id,
      organizationId: grantee.id,
      communityCode: '150204001001',
      amountFen: 400_000,
      title: grants[0]!.title,
      programmeKind: 'purchase_of_services',
      fundingRoundId: null,
      socialWorkPosts: null,
      tranches: [{ seq: 1, amountFen: 400_000, milestone: '全额拨付', dueOn: null }],
    });
  });
});

describe('joint-branch subsidy', () => {
  it('pays a joint branch once however often, and under however many event ids, its request arrives', async () => {
    const partyOrganizationId = randomUUID();
    const code = '150204002001';
    const data = { partyOrganizationId, communityCode: code, amountFen: 300_000 };
    const request = createCloudEvent(partyBuilding.jointBranchSubsidyRequested, data, { subject: partyOrganizationId });
    const again = createCloudEvent(partyBuilding.jointBranchSubsidyRequested, data, { subject: partyOrganizationId });
    expect(again.id).not.toBe(request.id);

    const acks = [];
    acks.push(await publishRaw(bus, partyBuilding.jointBranchSubsidyRequested, request));
    // A redelivery: the same event under another Nats-Msg-Id, so JetStream stores it again.
    acks.push(await publishRaw(bus, partyBuilding.jointBranchSubsidyRequested, request));
    // The same request as a different event.
    acks.push(await publishRaw(bus, partyBuilding.jointBranchSubsidyRequested, again));
    expect(acks.map((a) => a.duplicate)).toEqual([false, false, false]);
    await waitForConsumer(bus, 'funding', partyBuilding.jointBranchSubsidyRequested, acks.at(-1)!.seq);

    const payments = await service.database.sql`select party_organization_id, community_code, amount_fen::int as amount from subsidy_payments`;
    expect(payments).toEqual([{ party_organization_id: partyOrganizationId, community_code: code, amount: 300_000 }]);
    const inbox = await service.database.sql`select event_id from inbox where consumer = ${durableName('funding', partyBuilding.jointBranchSubsidyRequested)} order by event_id`;
    expect(inbox.map((r) => r.event_id).sort()).toEqual([request.id, again.id].sort());

    const totals = await service.request<{ _entities: [{ funding: { subsidiesPaidFen: number; awardedFen: number } }] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { funding { subsidiesPaidFen awardedFen } } } }`,
      { r: [{ __typename: 'Community', code }] },
    );
    expect(totals.data!._entities[0].funding).toEqual({ subsidiesPaidFen: 300_000, awardedFen: 0 });

    await service.flushOutbox();
    const paid = await bus.events(contracts.subsidyPaid, 2);
    expect(paid).toHaveLength(1);
    const [payment] = await service.database.sql`select payment_id from subsidy_payments where party_organization_id = ${partyOrganizationId}`;
    expect(paid[0]!.event.subject).toBe(partyOrganizationId);
    expect(paid[0]!.event.data).toMatchObject({ partyOrganizationId, communityCode: code, amountFen: 300_000, paymentId: payment!.payment_id });
  });
});

describe('entities', () => {
  it('resolves Programme, Grant and Community by reference', async () => {
    const grant = grants[0]!;
    const result = await service.request<{ _entities: unknown[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) {
        ... on Programme { id kind budgetFen awardedFen grants(first: 1) { totalCount } }
        ... on Grant { id amountFen programme { id } community { code } organization { id } }
        ... on Community { code funding { awardedFen grantCount } } } }`,
      {
        r: [
          { __typename: 'Programme', id: budgetProgramme.id },
          { __typename: 'Programme', id: randomUUID() },
          { __typename: 'Programme', id: 'nope' },
          { __typename: 'Grant', id: grant.id },
          { __typename: 'Grant', id: randomUUID() },
          { __typename: 'Grant', id: 'nope' },
          { __typename: 'Community', code: '150204001001' },
        ],
      },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([
      { id: budgetProgramme.id, kind: 'PURCHASE_OF_SERVICES', budgetFen: 1_000_000, awardedFen: 1_000_000, grants: { totalCount: 2 } },
      null,
      null,
      { id: grant.id, amountFen: 400_000, programme: { id: budgetProgramme.id }, community: { code: '150204001001' }, organization: { id: grantee.id } },
      null,
      null,
      { code: '150204001001', funding: { awardedFen: 400_000, grantCount: 1 } },
    ]);
    const query = await service.request<{ grant: { id: string } | null; programme: null }>(`query ($id: ID!) { grant(id: $id) { id } programme(id: "x") { id } }`, { id: grant.id });
    expect(query.data).toEqual({ grant: { id: grant.id }, programme: null });
  });
});
