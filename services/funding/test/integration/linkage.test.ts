/**
 * 联动 consumed by funding, each event applied in one transaction with its inbox row:
 * joint-branch subsidies paid exactly once from the party service fund; organizations suspended or
 * deregistered → their open grants and pending tranches suspended (reinstated → resumed); a
 * fulfilled micro-wish booked against the micro-fund that pledged for it.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCloudEvent, funding as contracts, partyBuilding, selfGovernance } from '@sanshe/events';
import { durableName } from '@sanshe/service-kit';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { fundingSubgraph } from '../../src/app.ts';
import { publishRaw, waitForConsumer } from '../../../organizations/test/factories/replicas.ts';
import { COMMUNITY_1, COMMUNITY_2, COMMUNITY_3, DISTRICT, STREET_1, deliver, deregisterOrganization, gradeOrganization, reinstateOrganization, seedOrganization, seedRegions, suspendOrganization, type SeededOrganization } from '../factories/events.ts';
import { PAY_TRANCHE, REPORT_MILESTONE, attempt, award, createFund, createProgrammeOn, fundState, grantState, must, refusalOf } from '../factories/graphql.ts';
import { ledgerViolations } from '../factories/ledger-invariants.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;

beforeAll(async () => {
  service = await subgraphs.start('funding', fundingSubgraph);
  await seedRegions(bus, service);
});

describe('joint-branch subsidy from the party service fund', () => {
  it('pays from the district fund someone set up, exactly once under redelivery and a second event id', async () => {
    const fund = await createFund(service, { name: '青山区党组织服务群众专项经费', source: 'PARTY_SERVICE', purpose: 'PARTY_SERVICE', regionCode: DISTRICT, initialDepositFen: 1_000_000 });
    // One designated party service fund per district.
    const second = await attempt(service, `mutation ($input: CreateFundInput!) { createFund(input: $input) { id } }`, {
      input: { name: '第二个', source: 'PARTY_SERVICE', purpose: 'PARTY_SERVICE', regionCode: DISTRICT },
    });
    expect(refusalOf(second)).toMatchObject({ code: 'CONFLICT', field: 'input.regionCode' });

    const branch = randomUUID();
    const data = { partyOrganizationId: branch, communityCode: COMMUNITY_1, amountFen: 300_000 };
    const request = createCloudEvent(partyBuilding.jointBranchSubsidyRequested, data, { subject: branch });
    const again = createCloudEvent(partyBuilding.jointBranchSubsidyRequested, data, { subject: branch });
    let seq = 0;
    // The same event twice (as a redelivery after a crash would), then the same request as another event.
    for (const event of [request, request, again]) seq = (await publishRaw(bus, partyBuilding.jointBranchSubsidyRequested, event)).seq;
    await waitForConsumer(bus, 'funding', partyBuilding.jointBranchSubsidyRequested, seq);

    const inbox = await service.database.sql`select event_id from inbox where consumer = ${durableName('funding', partyBuilding.jointBranchSubsidyRequested)}`;
    expect(inbox.map((r) => r.event_id).sort()).toEqual([request.id, again.id].sort());
    const transactions = await service.database.sql`select kind, fund_id, community_code from ledger_transactions where party_organization_id = ${branch}`;
    expect(transactions).toEqual([{ kind: 'subsidy', fund_id: fund.id, community_code: COMMUNITY_1 }]);
    const [payee] = await service.database.sql`select sum(amount_fen)::int as balance from ledger_entries where account = ${`payee:party-organization:${branch}`}`;
    expect(payee!.balance).toBe(300_000);
    // Paid from what the fund held: no appropriation was needed.
    expect(await fundState(service, fund.id)).toEqual({ availableFen: 700_000, committedFen: 0, paidFen: 300_000, receivedFen: 1_000_000 });
    const community = await must<{ _entities: [{ funding: { subsidiesPaidFen: number; paidFen: number; awardedFen: number } }] }>(
      service,
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { funding { subsidiesPaidFen paidFen awardedFen } } } }`,
      { r: [{ __typename: 'Community', code: COMMUNITY_1 }] },
    );
    expect(community._entities[0].funding).toEqual({ subsidiesPaidFen: 300_000, paidFen: 300_000, awardedFen: 0 });
    await service.flushOutbox();
    const paid = (await bus.events(contracts.subsidyPaid, 2)).filter((e) => e.event.data.partyOrganizationId === branch);
    expect(paid).toHaveLength(1);
    expect(paid[0]!.event.data).toMatchObject({ fundId: fund.id, amountFen: 300_000 });
  });

  it('tops up a short fund from the party service source first: the fund never goes below zero', async () => {
    const funds = await must<{ funds: { edges: { node: { id: string; availableFen: number } }[] } }>(
      service,
      `{ funds(filter: { purpose: PARTY_SERVICE, regionCode: "${DISTRICT}" }) { edges { node { id availableFen } } } }`,
    );
    const fund = funds.funds.edges[0]!.node;
    // Drain it to 100,000 fen.
    const sink = await createFund(service, { name: '临时调剂' });
    await must(service, `mutation ($input: TransferInput!) { transferBetweenFunds(input: $input) { id } }`, { input: { fromFundId: fund.id, toFundId: sink.id, amountFen: fund.availableFen - 100_000 } });
    const branch = randomUUID();
    await deliver(bus, partyBuilding.jointBranchSubsidyRequested, { partyOrganizationId: branch, communityCode: COMMUNITY_3, amountFen: 300_000 }, branch);
    const kinds = await service.database.sql`select kind from ledger_transactions where fund_id = ${fund.id} order by occurred_at desc, kind limit 2`;
    expect(kinds.map((k) => k.kind).sort()).toEqual(['deposit', 'subsidy']);
    expect((await fundState(service, fund.id)).availableFen).toBe(0);
  });
});

describe('organization suspended, reinstated, deregistered', () => {
  let org: SeededOrganization;
  let programmeId: string;
  const grants: { id: string; tranches: { id: string; seq: number }[] }[] = [];

  it('suspends the open grants and pending tranches of a suspended organization, once however often it is told', async () => {
    org = await seedOrganization(bus, { track: 'registered' });
    const fund = await createFund(service, { name: '政府购买服务资金', initialDepositFen: 1_000_000 });
    programmeId = (await createProgrammeOn(service, fund.id, { kind: 'PURCHASE_OF_SERVICES', budgetFen: 1_000_000 })).id;
    const tranches = [
      { amountFen: 50_000, milestone: '项目启动' },
      { amountFen: 50_000, milestone: '项目结项' },
    ];
    grants.push(await award(service, { programmeId, organizationId: org.id, amountFen: 100_000, tranches }));
    grants.push(await award(service, { programmeId, organizationId: org.id, amountFen: 100_000, tranches }));
    await must(service, REPORT_MILESTONE, { id: grants[0]!.tranches[0]!.id });
    await must(service, PAY_TRANCHE, { id: grants[0]!.tranches[0]!.id });
    await must(service, REPORT_MILESTONE, { id: grants[1]!.tranches[0]!.id });

    await suspendOrganization(bus, org, 2);
    const [replica] = await service.database.sql`select state from known_organizations where id = ${org.id}`;
    expect(replica!.state).toBe('suspended');
    const [g0, g1] = [await grantState(service, grants[0]!.id), await grantState(service, grants[1]!.id)];
    expect(g0).toMatchObject({ status: 'SUSPENDED', suspensionReason: 'ORGANIZATION_SUSPENDED', paidFen: 50_000 });
    expect(g0.tranches.map((t) => t.status)).toEqual(['PAID', 'SUSPENDED']);
    expect(g1.tranches.map((t) => t.status)).toEqual(['SUSPENDED', 'SUSPENDED']);
    // Nothing is paid while suspended, and no new grant is awarded to the organization.
    expect(refusalOf(await attempt(service, PAY_TRANCHE, { id: grants[1]!.tranches[0]!.id }))).toMatchObject({ code: 'RULE_VIOLATION', grantStatus: 'suspended' });
    const refused = await attempt(service, `mutation ($input: AwardGrantInput!) { awardGrant(input: $input) { id } }`, {
      input: { programmeId, title: '新项目', communityCode: COMMUNITY_1, organizationId: org.id, amountFen: 1 },
    });
    expect(refusalOf(refused)).toMatchObject({ code: 'RULE_VIOLATION', field: 'input.organizationId' });
    await service.flushOutbox();
    const suspended = (await bus.events(contracts.grantSuspended, 3)).map((e) => e.event.data);
    expect(suspended).toHaveLength(2);
    expect(suspended.find((s) => s.grantId === grants[1]!.id)).toEqual({
      grantId: grants[1]!.id,
      organizationId: org.id,
      reason: 'organization_suspended',
      suspendedTrancheIds: grants[1]!.tranches.map((t) => t.id),
    });
  });

  it('resumes them when the organization is reinstated', async () => {
    await reinstateOrganization(bus, org);
    const g1 = await grantState(service, grants[1]!.id);
    expect(g1).toMatchObject({ status: 'ACTIVE', suspensionReason: null });
    expect(g1.tranches.map((t) => t.status)).toEqual(['PENDING', 'PENDING']);
    const paid = await must<{ payTranche: { status: string } }>(service, PAY_TRANCHE, { id: grants[1]!.tranches[0]!.id });
    expect(paid.payTranche.status).toBe('PAID');
  });

  it('suspends them for good when it is deregistered; terminating returns the unpaid money', async () => {
    await deregisterOrganization(bus, org);
    const [g0, g1] = [await grantState(service, grants[0]!.id), await grantState(service, grants[1]!.id)];
    expect([g0.status, g0.suspensionReason, g1.status, g1.suspensionReason]).toEqual(['SUSPENDED', 'ORGANIZATION_DEREGISTERED', 'SUSPENDED', 'ORGANIZATION_DEREGISTERED']);
    // A reinstatement does not undo a deregistration's suspension.
    await reinstateOrganization(bus, org);
    expect((await grantState(service, grants[0]!.id)).status).toBe('SUSPENDED');
    const terminated = await must<{ terminateGrant: { status: string; payableFen: number; paidFen: number } }>(
      service,
      `mutation ($id: ID!) { terminateGrant(input: { grantId: $id, memo: "组织注销，收回资金" }) { status payableFen paidFen } }`,
      { id: grants[0]!.id },
    );
    expect(terminated.terminateGrant).toEqual({ status: 'TERMINATED', payableFen: 0, paidFen: 50_000 });
    expect(refusalOf(await attempt(service, `mutation ($id: ID!) { terminateGrant(input: { grantId: $id }) { id } }`, { id: grants[0]!.id }))).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
    });
  });

  it('keeps its own table of grades from graded events', async () => {
    const graded = await seedOrganization(bus, { track: 'registered' });
    await gradeOrganization(bus, graded, 3, '2029-06-30');
    await gradeOrganization(bus, graded, 4, '2030-06-30');
    const rows = await service.database.sql`select grade, score, valid_until::text as valid_until from organization_grades where organization_id = ${graded.id}`;
    expect(rows).toEqual([{ grade: 4, score: 720, valid_until: '2030-06-30' }]);
  });
});

describe('micro-wishes paid from a micro-fund', () => {
  const PLEDGE = `mutation ($input: PledgeMicroWishInput!) { pledgeMicroWish(input: $input) { id status amountFen community { code } } }`;
  let fundId: string;
  const wish = randomUUID();
  const needId = randomUUID();

  it('pledges money for a wish of its street, within its per-wish cap', async () => {
    fundId = (await createFund(service, { name: '先锋道街道公益微基金', source: 'DONATION', purpose: 'MICRO_FUND', regionCode: STREET_1, microWishCapFen: 20_000, initialDepositFen: 100_000 })).id;
    const pledge = (input: Record<string, unknown>) => attempt<{ pledgeMicroWish: { id: string } }>(service, PLEDGE, { input: { fundId, microWishId: randomUUID(), communityCode: COMMUNITY_2, amountFen: 10_000, description: '为独居老人购买助听器', ...input } });
    expect((await pledge({ microWishId: wish, amountFen: 20_000 })).errors).toBeUndefined();
    expect(refusalOf(await pledge({ amountFen: 20_001 }))).toMatchObject({ code: 'RULE_VIOLATION', field: 'input.amountFen', capFen: 20_000 });
    expect(refusalOf(await pledge({ communityCode: COMMUNITY_3 }))).toMatchObject({ code: 'RULE_VIOLATION', field: 'input.communityCode' });
    expect(refusalOf(await pledge({ microWishId: wish }))).toMatchObject({ code: 'CONFLICT', field: 'input.microWishId' });
    expect(refusalOf(await pledge({ microWishId: 'wish-1' }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.microWishId' });
    expect(refusalOf(await pledge({ fundId: randomUUID() }))).toMatchObject({ code: 'NOT_FOUND', field: 'input.fundId' });
    const general = await createFund(service, { name: '普通资金', initialDepositFen: 10_000 });
    expect(refusalOf(await pledge({ fundId: general.id }))).toMatchObject({ code: 'RULE_VIOLATION', field: 'input.fundId' });
    expect(await fundState(service, fundId)).toEqual({ availableFen: 80_000, committedFen: 20_000, paidFen: 0, receivedFen: 100_000 });
  });

  it('books the pledged money as spent when the wish is fulfilled, once however often that arrives', async () => {
    const data = { needId, communityCode: COMMUNITY_2, microWishId: wish, fulfilledAt: '2020-06-01T10:00:00+08:00' };
    const event = createCloudEvent(selfGovernance.needFulfilled, data, { subject: needId });
    const other = createCloudEvent(selfGovernance.needFulfilled, data, { subject: needId });
    let seq = 0;
    for (const e of [event, event, other]) seq = (await publishRaw(bus, selfGovernance.needFulfilled, e)).seq;
    await waitForConsumer(bus, 'funding', selfGovernance.needFulfilled, seq);
    const pledge = await must<{ microWishPledge: Record<string, unknown> }>(service, `query ($w: ID!) { microWishPledge(microWishId: $w) { status needId spentAt amountFen fund { id } } }`, { w: wish });
    expect(pledge.microWishPledge).toEqual({ status: 'SPENT', needId, spentAt: '2020-06-01T02:00:00.000Z', amountFen: 20_000, fund: { id: fundId } });
    const spends = await service.database.sql`select count(*)::int as n from ledger_transactions where kind = 'micro_spend'`;
    expect(spends[0]!.n).toBe(1);
    expect(await fundState(service, fundId)).toEqual({ availableFen: 80_000, committedFen: 0, paidFen: 20_000, receivedFen: 100_000 });
  });

  it('remembers wishes fulfilled without a pledge and refuses to pledge for them afterwards; cancels a pledge back into the fund', async () => {
    const unpledged = randomUUID();
    await deliver(bus, selfGovernance.needFulfilled, { needId: randomUUID(), communityCode: COMMUNITY_1, microWishId: unpledged, fulfilledAt: new Date().toISOString() }, unpledged);
    // A need that is not a micro-wish costs funding nothing.
    await deliver(bus, selfGovernance.needFulfilled, { needId: randomUUID(), communityCode: COMMUNITY_1, microWishId: null, fulfilledAt: new Date().toISOString() }, unpledged);
    const late = await attempt(service, PLEDGE, { input: { fundId, microWishId: unpledged, communityCode: COMMUNITY_1, amountFen: 100, description: '迟到的认领' } });
    expect(refusalOf(late)).toMatchObject({ code: 'RULE_VIOLATION', field: 'input.microWishId' });

    const pledged = await must<{ pledgeMicroWish: { id: string } }>(service, PLEDGE, { input: { fundId, microWishId: randomUUID(), communityCode: COMMUNITY_1, amountFen: 5_000, description: '修缮楼道扶手' } });
    const cancel = `mutation ($id: ID!) { cancelMicroWishPledge(pledgeId: $id) { status } }`;
    expect((await must<{ cancelMicroWishPledge: { status: string } }>(service, cancel, { id: pledged.pledgeMicroWish.id })).cancelMicroWishPledge.status).toBe('CANCELLED');
    expect(refusalOf(await attempt(service, cancel, { id: pledged.pledgeMicroWish.id }))).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    expect((await fundState(service, fundId)).availableFen).toBe(80_000);
    await service.flushOutbox();
    const spent = await bus.events(contracts.microWishSpent, 2);
    expect(spent.map((e) => e.event.data)).toEqual([expect.objectContaining({ microWishId: wish, needId, communityCode: COMMUNITY_2, amountFen: 20_000, fundId })]);
    expect(await ledgerViolations(service)).toMatchObject({ unbalanced: [], overdrawn: [], misbooked: [], badGrants: [] });
  });
});
