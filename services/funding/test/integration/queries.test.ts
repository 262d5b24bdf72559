/**
 * Reading: money by district, street, community, programme and period from the ledger; an
 * organization's applications and grants; connections with filters; every @key entity by
 * reference; unknown and malformed ids answered with null, never a 500.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { partyBuilding } from '@sanshe/events';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { fundingSubgraph } from '../../src/app.ts';
import { COMMUNITY_1, COMMUNITY_2, COMMUNITY_3, DISTRICT, STREET_1, STREET_2, deliver, seedOrganization, seedRegions, type SeededOrganization } from '../factories/events.ts';
import { CREATE_FUND, PAY_TRANCHE, REPORT_MILESTONE, attempt, award, createFund, createProgrammeOn, must, refusalOf, type AwardedGrant } from '../factories/graphql.ts';
import { districtDate } from '@sanshe/service-kit';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;
let org: SeededOrganization;
let fundId: string;
let purchaseId: string;
let postsId: string;
const grants: AwardedGrant[] = [];
let roundId: string;
let applicationId: string;

beforeAll(async () => {
  service = await subgraphs.start('funding', fundingSubgraph);
  await seedRegions(bus, service);
  org = await seedOrganization(bus, { track: 'filed', communityCode: COMMUNITY_2 });
  fundId = (await createFund(service, { name: '青山区购买服务资金', initialDepositFen: 5_000_000 })).id;
  purchaseId = (await createProgrammeOn(service, fundId, { name: '政府购买服务', kind: 'PURCHASE_OF_SERVICES', budgetFen: 2_000_000 })).id;
  postsId = (await createProgrammeOn(service, fundId, { name: '购买社工岗位', kind: 'SOCIAL_WORK_POSTS', budgetFen: 2_000_000 })).id;
  // Street 1: 100,000 to community 1 (paid 40,000) and 200,000 to community 2 (posts); street 2: 300,000.
  grants.push(
    await award(service, {
      programmeId: purchaseId,
      communityCode: COMMUNITY_1,
      organizationId: org.id,
      amountFen: 100_000,
      tranches: [
        { amountFen: 40_000, milestone: '启动' },
        { amountFen: 60_000, milestone: '结项' },
      ],
    }),
  );
  grants.push(await award(service, { programmeId: postsId, communityCode: COMMUNITY_2, organizationId: org.id, amountFen: 200_000, socialWorkPosts: 2 }));
  grants.push(await award(service, { programmeId: purchaseId, communityCode: COMMUNITY_3, amountFen: 300_000 }));
  await must(service, REPORT_MILESTONE, { id: grants[0]!.tranches[0]!.id });
  await must(service, PAY_TRANCHE, { id: grants[0]!.tranches[0]!.id });
  const branch = randomUUID();
  await deliver(bus, partyBuilding.jointBranchSubsidyRequested, { partyOrganizationId: branch, communityCode: COMMUNITY_3, amountFen: 300_000 }, branch);
  // A round with one application from the organization.
  const vp = await createProgrammeOn(service, fundId, { budgetFen: 500_000 });
  roundId = (await must<{ openFundingRound: { id: string } }>(service, `mutation ($input: OpenFundingRoundInput!) { openFundingRound(input: $input) { id } }`, {
    input: { programmeId: vp.id, title: '公益创投', budgetFen: 500_000, eligibility: [{ kind: 'FILED_IN_STREET', streetCode: STREET_1 }] },
  })).openFundingRound.id;
  applicationId = (await must<{ submitApplication: { id: string } }>(service, `mutation ($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }`, {
    input: { roundId, organizationId: org.id, title: '邻里互助', summary: '邻里互助活动', requestedFen: 50_000 },
  })).submitApplication.id;
});

const MONEY = /* GraphQL */ `
  query ($code: ID!, $period: PeriodInput, $programmeId: ID) {
    moneyByRegion(regionCode: $code, period: $period, programmeId: $programmeId) {
      regionCode regionName awardedFen paidFen grantCount period { from to } programme { id }
      byRegion { regionCode name awardedFen paidFen grantCount }
      byProgramme { programme { id name } awardedFen paidFen grantCount }
    }
  }
`;
type Money = { moneyByRegion: Record<string, any> };

describe('money by region, programme and period', () => {
  it('totals a district by street, a street by community, a community itself', async () => {
    const district = (await must<Money>(service, MONEY, { code: DISTRICT })).moneyByRegion;
    expect(district).toMatchObject({ regionCode: DISTRICT, regionName: '青山区', awardedFen: 600_000, paidFen: 340_000, grantCount: 3, period: null, programme: null });
    expect(district.byRegion).toEqual([
      { regionCode: STREET_1, name: '先锋道街道', awardedFen: 300_000, paidFen: 40_000, grantCount: 2 },
      { regionCode: STREET_2, name: '幸福路街道', awardedFen: 300_000, paidFen: 300_000, grantCount: 1 },
    ]);
    const byProgramme = Object.fromEntries(district.byProgramme.map((p: { programme: { name: string } | null }) => [p.programme?.name ?? 'none', p]));
    expect(byProgramme).toMatchObject({
      政府购买服务: { awardedFen: 400_000, paidFen: 40_000, grantCount: 2 },
      购买社工岗位: { awardedFen: 200_000, paidFen: 0, grantCount: 1 },
      // The subsidy was paid outside any programme.
      none: { awardedFen: 0, paidFen: 300_000, grantCount: 0 },
    });
    const street = (await must<Money>(service, MONEY, { code: STREET_1 })).moneyByRegion;
    expect(street.byRegion.map((r: { regionCode: string; awardedFen: number }) => [r.regionCode, r.awardedFen])).toEqual([
      [COMMUNITY_1, 100_000],
      [COMMUNITY_2, 200_000],
    ]);
    const community = (await must<Money>(service, MONEY, { code: COMMUNITY_1 })).moneyByRegion;
    expect(community).toMatchObject({ awardedFen: 100_000, paidFen: 40_000, byRegion: [{ regionCode: COMMUNITY_1, name: '先锋道第一社区' }] });
  });

  it('filters by programme and by period of district days', async () => {
    const purchase = (await must<Money>(service, MONEY, { code: DISTRICT, programmeId: purchaseId })).moneyByRegion;
    expect(purchase).toMatchObject({ awardedFen: 400_000, paidFen: 40_000, grantCount: 2, programme: { id: purchaseId } });
    const today = districtDate();
    const now = (await must<Money>(service, MONEY, { code: DISTRICT, period: { from: today, to: today } })).moneyByRegion;
    expect(now).toMatchObject({ awardedFen: 600_000, paidFen: 340_000, period: { from: today, to: today } });
    const past = (await must<Money>(service, MONEY, { code: DISTRICT, period: { from: '2016-01-01', to: '2016-12-31' } })).moneyByRegion;
    expect(past).toMatchObject({ awardedFen: 0, paidFen: 0, grantCount: 0, byRegion: [], byProgramme: [] });
  });

  it('refuses unknown regions, bad periods and malformed programme ids with typed errors', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ code: '150299' }, 'NOT_FOUND', 'regionCode'],
      [{ code: 'abc' }, 'NOT_FOUND', 'regionCode'],
      [{ code: DISTRICT, period: { from: '2020-02-30', to: '2020-03-01' } }, 'BAD_USER_INPUT', 'period.from'],
      [{ code: DISTRICT, period: { from: '2020-03-02', to: '2020-03-01' } }, 'BAD_USER_INPUT', 'period.to'],
      [{ code: DISTRICT, programmeId: 'not-a-uuid' }, 'NOT_FOUND', 'programmeId'],
    ];
    for (const [variables, code, field] of cases) expect(refusalOf(await attempt(service, MONEY, variables)), JSON.stringify(variables)).toMatchObject({ code, field });
  });
});

describe('lists and entities', () => {
  it("contributes an organization's applications and grants, with filters", async () => {
    const result = await must<{ _entities: [Record<string, any>] }>(
      service,
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { id
        applications { totalCount edges { node { id status round { id } } } }
        grants(first: 1) { totalCount edges { node { id socialWorkPosts } } pageInfo { hasNextPage endCursor } }
        suspended: grants(status: SUSPENDED) { totalCount } } } }`,
      { r: [{ __typename: 'Organization', id: org.id }] },
    );
    const o = result._entities[0];
    expect(o.applications).toMatchObject({ totalCount: 1, edges: [{ node: { id: applicationId, status: 'SUBMITTED', round: { id: roundId } } }] });
    expect(o.grants).toMatchObject({ totalCount: 2, edges: [{ node: { id: grants[0]!.id, socialWorkPosts: null } }], pageInfo: { hasNextPage: true } });
    expect(o.suspended.totalCount).toBe(0);
    const next = await must<{ grants: { edges: { node: { id: string; socialWorkPosts: number } }[] } }>(
      service,
      `query ($after: String, $o: ID) { grants(filter: { organizationId: $o }, first: 5, after: $after) { edges { node { id socialWorkPosts } } } }`,
      { after: o.grants.pageInfo.endCursor, o: org.id },
    );
    expect(next.grants.edges).toEqual([{ node: { id: grants[1]!.id, socialWorkPosts: 2 } }]);
  });

  it('filters lists and treats malformed filter ids and cursors as the caller’s problem, not a 500', async () => {
    const lists = await must<Record<string, { totalCount: number }>>(
      service,
      `{ funds(filter: { source: DISTRICT_BUDGET }) { totalCount }
         partyFunds: funds(filter: { purpose: PARTY_SERVICE }) { totalCount }
         programmes(filter: { kind: SOCIAL_WORK_POSTS }) { totalCount }
         fundingRounds(filter: { status: OPEN }) { totalCount }
         badProgramme: fundingRounds(filter: { programmeId: "x" }) { totalCount }
         grants(filter: { communityCode: "${COMMUNITY_3}", organizationId: null }) { totalCount }
         badFund: grants(filter: { fundId: "nope" }) { totalCount } }`,
    );
    expect(lists).toEqual({
      funds: { totalCount: 1 },
      partyFunds: { totalCount: 1 },
      programmes: { totalCount: 1 },
      fundingRounds: { totalCount: 1 },
      badProgramme: { totalCount: 0 },
      grants: { totalCount: 1 },
      badFund: { totalCount: 0 },
    });
    const tampered = Buffer.from(JSON.stringify(['2020-01-01T00:00:00.000Z', 'not-a-uuid'])).toString('base64url');
    expect(refusalOf(await attempt(service, `query ($a: String) { grants(after: $a) { totalCount } }`, { a: tampered }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    expect(refusalOf(await attempt(service, `query ($id: ID!, $a: String) { fund(id: $id) { ledger(after: $a) { totalCount } } }`, { id: fundId, a: tampered }))).toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    expect(refusalOf(await attempt(service, `{ grants(first: 101) { totalCount } }`))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('refuses a fund of an empty or unknown region code as the caller’s problem, with nothing written', async () => {
    const funds = async () => (await service.database.sql<{ n: number }[]>`select count(*)::int as n from funds`)[0]!.n;
    const before = await funds();
    for (const regionCode of ['', '150299', 'not-a-code']) {
      const input = { name: '青山区社区基金', source: 'DONATION', regionCode };
      expect(refusalOf(await attempt(service, CREATE_FUND, { input })), regionCode).toMatchObject({ code: 'NOT_FOUND', field: 'input.regionCode' });
    }
    expect(await funds()).toBe(before);
    expect((await createFund(service, { regionCode: DISTRICT })).regionCode).toBe(DISTRICT);
  });

  it('shows a fund its ledger, debits and credits balancing per transaction', async () => {
    const ledger = await must<{ fund: { ledger: { totalCount: number; edges: { node: { account: string; direction: string; amountFen: number; kind: string; transactionId: string } }[] } } }>(
      service,
      `query ($id: ID!) { fund(id: $id) { ledger(first: 100) { totalCount edges { node { account direction amountFen kind transactionId } } } } }`,
      { id: fundId },
    );
    expect(ledger.fund.ledger.edges[0]!.node).toMatchObject({ account: `fund:${fundId}:available`, direction: 'DEBIT', amountFen: 5_000_000, kind: 'DEPOSIT' });
    const kinds = new Set(ledger.fund.ledger.edges.map((e) => e.node.kind));
    expect(kinds).toEqual(new Set(['DEPOSIT', 'COMMITMENT', 'DISBURSEMENT']));
    const transaction = await must<{ depositToFund: { kind: string; amountFen: number; entries: { direction: string; amountFen: number; account: string }[]; fund: { id: string } } }>(
      service,
      `mutation ($input: DepositInput!) { depositToFund(input: $input) { kind amountFen fund { id } entries { direction amountFen account } } }`,
      { input: { fundId, amountFen: 1_000, memo: '企业捐赠' } },
    );
    expect(transaction.depositToFund).toEqual({
      kind: 'DEPOSIT',
      amountFen: 1_000,
      fund: { id: fundId },
      entries: [
        { direction: 'DEBIT', amountFen: 1_000, account: `fund:${fundId}:available` },
        { direction: 'CREDIT', amountFen: 1_000, account: 'source:district_budget' },
      ],
    });
  });

  it('resolves every @key entity by reference, null for unknown or malformed keys', async () => {
    const refs = [
      { __typename: 'Fund', id: fundId },
      { __typename: 'Programme', id: purchaseId },
      { __typename: 'Grant', id: grants[0]!.id },
      { __typename: 'FundingRound', id: roundId },
      { __typename: 'Application', id: applicationId },
      { __typename: 'Community', code: COMMUNITY_1 },
      { __typename: 'Organization', id: org.id },
    ];
    const result = await must<{ _entities: Record<string, unknown>[] }>(
      service,
      `query ($r: [_Any!]!) { _entities(representations: $r) {
        ... on Fund { id name availableFen }
        ... on Programme { id kind remainingBudgetFen fund { id } }
        ... on Grant { id grantStatus: status paidFen payableFen fund { id } }
        ... on FundingRound { id roundStatus: status applications { totalCount } }
        ... on Application { id applicationStatus: status score { countedReviews finalScore } organization { id } }
        ... on Community { code funding { awardedFen paidFen grantCount subsidiesPaidFen } }
        ... on Organization { id grants { totalCount } } } }`,
      { r: [...refs, ...['Fund', 'Programme', 'Grant', 'FundingRound', 'Application'].flatMap((t) => [{ __typename: t, id: randomUUID() }, { __typename: t, id: 'nope' }])] },
    );
    const [fund, programme, grant, round, application, community, organization, ...missing] = result._entities;
    expect(fund).toMatchObject({ id: fundId, name: '青山区购买服务资金' });
    expect(programme).toMatchObject({ id: purchaseId, kind: 'PURCHASE_OF_SERVICES', remainingBudgetFen: 1_600_000, fund: { id: fundId } });
    expect(grant).toMatchObject({ id: grants[0]!.id, grantStatus: 'ACTIVE', paidFen: 40_000, payableFen: 60_000, fund: { id: fundId } });
    expect(round).toMatchObject({ id: roundId, roundStatus: 'OPEN', applications: { totalCount: 1 } });
    expect(application).toMatchObject({ id: applicationId, applicationStatus: 'SUBMITTED', score: { countedReviews: 0, finalScore: null }, organization: { id: org.id } });
    expect(community).toEqual({ code: COMMUNITY_1, funding: { awardedFen: 100_000, paidFen: 40_000, grantCount: 1, subsidiesPaidFen: 0 } });
    expect(organization).toEqual({ id: org.id, grants: { totalCount: 2 } });
    expect(missing).toEqual(Array(10).fill(null));
    const queries = await must<Record<string, unknown>>(service, `{ fund(id: "x") { id } fundingRound(id: "x") { id } application(id: "x") { id } microWishPledge(microWishId: "x") { id } }`);
    expect(queries).toEqual({ fund: null, fundingRound: null, application: null, microWishPledge: null });
  });
});
