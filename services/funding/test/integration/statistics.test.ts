/**
 * Funding's part of `RegionStatistics` (the district data office's figures), resolved through
 * `_entities` as the gateway does: awards by award time, payments (net of refunds) and micro-fund
 * spending by when they happened, per programme — records outside the period or the region left
 * out — and one statement per period whether one region or twenty are asked for.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { partyBuilding, selfGovernance } from '@sanshe/events';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { fundingSubgraph } from '../../src/app.ts';
import { COMMUNITY_1, COMMUNITY_2, COMMUNITY_3, STREET_1, deliver, seedOrganization, seedRegions } from '../factories/events.ts';
import { PAY_TRANCHE, REPORT_MILESTONE, award, createFund, createProgrammeOn, must, type AwardedGrant } from '../factories/graphql.ts';
import { ledgerViolations } from '../factories/ledger-invariants.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;
const programmes: Record<'purchase' | 'posts', string> = { purchase: '', posts: '' };

const P2016 = '2016-01-01..2016-12-31';
const P2017 = '2017-01-01..2017-12-31';
const THIS_YEAR = `${new Date().getUTCFullYear()}-01-01..${new Date().getUTCFullYear()}-12-31`;
/** A community of the neighbouring district (昆都仑区): outside every 150204 region. */
const ELSEWHERE = '150203001001';

/**
 * Places a grant's money in time, as a bulk import with historical timestamps would: the award
 * (grant and commitment) and, in booking order, its payments and refunds. The ledger is
 * append-only, so the fixture lifts its triggers for these statements only (replica mode).
 */
async function backdate(grant: AwardedGrant, awardedAt: string, moves: [kind: 'disbursement' | 'refund', at: string][] = []) {
  await service.database.sql.begin(async (tx) => {
    await tx`set local session_replication_role = replica`;
    await tx`update grants set awarded_at = ${awardedAt}::timestamptz where id = ${grant.id}`;
    await tx`update ledger_transactions set occurred_at = ${awardedAt}::timestamptz where grant_id = ${grant.id} and kind = 'commitment'`;
    const booked = await tx`select id, kind from ledger_transactions where grant_id = ${grant.id} and kind in ('disbursement', 'refund') order by occurred_at, id`;
    expect(booked.map((b) => b.kind)).toEqual(moves.map(([kind]) => kind));
    for (const [i, [, at]] of moves.entries()) await tx`update ledger_transactions set occurred_at = ${at}::timestamptz where id = ${booked[i]!.id}`;
  });
}

async function pay(grant: AwardedGrant, seq = 1) {
  const tranche = grant.tranches.find((t) => t.seq === seq)!;
  await must(service, REPORT_MILESTONE, { id: tranche.id });
  await must(service, PAY_TRANCHE, { id: tranche.id });
}

async function refund(grant: AwardedGrant, amountFen: number) {
  await must(service, `mutation ($input: RefundGrantInput!) { refundGrant(input: $input) { id } }`, { input: { grantId: grant.id, amountFen } });
}

/** A micro-wish of `communityCode` pledged from the micro-fund and, when `fulfilledAt` is given, fulfilled then. */
async function microWish(fundId: string, communityCode: string, amountFen: number, fulfilledAt?: string) {
  const microWishId = randomUUID();
  await must(service, `mutation ($input: PledgeMicroWishInput!) { pledgeMicroWish(input: $input) { id } }`, {
    input: { fundId, microWishId, communityCode, amountFen, description: '为独居老人添置取暖器' },
  });
  if (fulfilledAt) await deliver(bus, selfGovernance.needFulfilled, { needId: randomUUID(), communityCode, microWishId, fulfilledAt }, microWishId);
}

beforeAll(async () => {
  service = await subgraphs.start('funding', fundingSubgraph);
  await seedRegions(bus, service);
  for (const [code, name, level] of [
    ['150203', '昆都仑区', 'district'],
    ['150203001', '沼潭街道', 'street'],
    [ELSEWHERE, '沼潭第一社区', 'community'],
  ] as const) {
    const data = { code, name, level, parentCode: code.length === 6 ? null : code.slice(0, code.length - 3), districtCode: '150203', streetCode: code.length === 12 ? '150203001' : null, population: null, households: null };
    await deliver(bus, selfGovernance.regionRegistered, data, code);
  }
  const grantee = await seedOrganization(bus, { track: 'registered' });

  const fund = await createFund(service, { name: '青山区政府购买服务资金', initialDepositFen: 10_000_000 });
  programmes.purchase = (await createProgrammeOn(service, fund.id, { name: '青山区政府购买服务', kind: 'PURCHASE_OF_SERVICES', budgetFen: 5_000_000 })).id;
  programmes.posts = (await createProgrammeOn(service, fund.id, { name: '购买社会工作岗位', kind: 'SOCIAL_WORK_POSTS', budgetFen: 5_000_000 })).id;

  // In 2016, in the district: awarded 300,000, paid 300,000, 50,000 back.
  const g1 = await award(service, { programmeId: programmes.purchase, communityCode: COMMUNITY_1, organizationId: grantee.id, amountFen: 300_000 });
  await pay(g1);
  await refund(g1, 50_000);
  await backdate(g1, '2016-04-01T10:00:00+08:00', [['disbursement', '2016-06-01T10:00:00+08:00'], ['refund', '2016-10-01T10:00:00+08:00']]);
  // Two posts, 500,000 in two tranches; the first (200,000) paid in 2016.
  const g2 = await award(service, {
    programmeId: programmes.posts, communityCode: COMMUNITY_3, amountFen: 500_000, socialWorkPosts: 2,
    tranches: [{ amountFen: 200_000, milestone: '社工到岗' }, { amountFen: 300_000, milestone: '年度评估' }],
  });
  await pay(g2, 1);
  await backdate(g2, '2016-07-01T10:00:00+08:00', [['disbursement', '2016-08-01T10:00:00+08:00']]);
  // Awarded in the last half hour of 2015 (district time), paid ten minutes into 2016: the payment counts, the award does not.
  const g3 = await award(service, { programmeId: programmes.purchase, communityCode: COMMUNITY_2, amountFen: 100_000 });
  await pay(g3);
  await backdate(g3, '2015-12-31T23:30:00+08:00', [['disbursement', '2016-01-01T00:10:00+08:00']]);
  // The neighbouring district's grant.
  const g4 = await award(service, { programmeId: programmes.purchase, communityCode: ELSEWHERE, amountFen: 200_000 });
  await pay(g4);
  await backdate(g4, '2016-05-01T10:00:00+08:00', [['disbursement', '2016-05-02T10:00:00+08:00']]);
  // Awarded the moment 2016 ends: 2017's.
  const g5 = await award(service, { programmeId: programmes.purchase, communityCode: COMMUNITY_1, amountFen: 150_000 });
  await backdate(g5, '2017-01-01T00:00:00+08:00');

  // The street's micro-fund: wishes fulfilled in 2016 (dated by their fulfilment), in 2017, and one not yet.
  const microFund = await createFund(service, { name: '先锋道街道微基金', source: 'DONATION', purpose: 'MICRO_FUND', regionCode: STREET_1, initialDepositFen: 100_000 });
  await microWish(microFund.id, COMMUNITY_1, 20_000, '2016-09-01T10:00:00+08:00');
  await microWish(microFund.id, COMMUNITY_2, 30_000, '2016-12-31T23:59:00+08:00');
  await microWish(microFund.id, COMMUNITY_2, 10_000, '2017-02-01T10:00:00+08:00');
  await microWish(microFund.id, COMMUNITY_1, 5_000);

  // A joint branch's subsidy, paid now: this year's, outside any programme.
  const branch = randomUUID();
  await deliver(bus, partyBuilding.jointBranchSubsidyRequested, { partyOrganizationId: branch, communityCode: COMMUNITY_3, amountFen: 300_000 }, branch);
});

const FIELDS = `id grantsAwarded awardedFen paidFen microFundSpentFen moneyByProgramme { programme { id kind } awardedFen paidFen grantCount }`;

async function statistics(ids: string[], fields = FIELDS) {
  const before = service.database.statementCount();
  const result = await service.request<{ _entities: Record<string, unknown>[] }>(
    `query ($r: [_Any!]!) { _entities(representations: $r) { ... on RegionStatistics { ${fields} } } }`,
    { r: ids.map((id) => ({ __typename: 'RegionStatistics', id })) },
  );
  return { result, statements: service.database.statementCount() - before };
}

async function figures(id: string) {
  const { result } = await statistics([id]);
  expect(result.errors).toBeUndefined();
  return result.data!._entities[0]!;
}

type Money = [programme: 'purchase' | 'posts' | null, awardedFen: number, paidFen: number, grantCount: number];
const expected = (id: string, grantsAwarded: number, awardedFen: number, paidFen: number, microFundSpentFen: number, byProgramme: Money[]) => ({
  id,
  grantsAwarded,
  awardedFen,
  paidFen,
  microFundSpentFen,
  moneyByProgramme: byProgramme.map(([p, awarded, paid, count]) => ({
    programme: p === null ? null : { id: programmes[p], kind: p === 'purchase' ? 'PURCHASE_OF_SERVICES' : 'SOCIAL_WORK_POSTS' },
    awardedFen: awarded,
    paidFen: paid,
    grantCount: count,
  })),
});

describe('RegionStatistics (funding)', () => {
  it('district: 2016 awards and payments net of refunds, per programme; the other district and other years left out', async () => {
    // Awards g1 300,000 + g2 500,000. Paid g1 300,000 − 50,000, g2 200,000, g3 100,000, wishes 20,000 + 30,000.
    expect(await figures(`150204@${P2016}`)).toEqual(
      expected(`150204@${P2016}`, 2, 800_000, 600_000, 50_000, [
        ['purchase', 300_000, 350_000, 1],
        ['posts', 500_000, 200_000, 1],
        [null, 0, 50_000, 0],
      ]),
    );
  });

  it('streets and communities: money counts where it went', async () => {
    expect(await figures(`${STREET_1}@${P2016}`)).toEqual(
      expected(`${STREET_1}@${P2016}`, 1, 300_000, 400_000, 50_000, [
        ['purchase', 300_000, 350_000, 1],
        [null, 0, 50_000, 0],
      ]),
    );
    expect(await figures(`${COMMUNITY_2}@${P2016}`)).toEqual(
      expected(`${COMMUNITY_2}@${P2016}`, 0, 0, 130_000, 30_000, [
        ['purchase', 0, 100_000, 0],
        [null, 0, 30_000, 0],
      ]),
    );
    expect(await figures(`150204002@${P2016}`)).toEqual(expected(`150204002@${P2016}`, 1, 500_000, 200_000, 0, [['posts', 500_000, 200_000, 1]]));
    expect(await figures(`150203@${P2016}`)).toEqual(expected(`150203@${P2016}`, 1, 200_000, 200_000, 0, [['purchase', 200_000, 200_000, 1]]));
  });

  it('other periods: 2017 has g5 and one wish; this year the subsidy, outside programmes', async () => {
    expect(await figures(`150204@${P2017}`)).toEqual(
      expected(`150204@${P2017}`, 1, 150_000, 10_000, 10_000, [
        ['purchase', 150_000, 0, 1],
        [null, 0, 10_000, 0],
      ]),
    );
    expect(await figures(`${COMMUNITY_3}@${THIS_YEAR}`)).toEqual(expected(`${COMMUNITY_3}@${THIS_YEAR}`, 0, 0, 300_000, 0, [[null, 0, 300_000, 0]]));
  });

  it('a region without money gets zeros and no programmes', async () => {
    expect(await figures(`150209@${P2016}`)).toEqual(expected(`150209@${P2016}`, 0, 0, 0, 0, []));
    expect(await figures(`150204003@${P2016}`)).toEqual(expected(`150204003@${P2016}`, 0, 0, 0, 0, []));
  });

  it('costs one statement per period for the figures, for one region as for twenty (and one for the programmes named)', async () => {
    const twenty = [
      '150204', '150204001', '150204002', '150204003', '150204001001', '150204001002', '150204002001', '150204002002', '150204003001', '150203',
      '150203001', '150203001001', '150205', '150204004', '150204001003', '150204002003', '150204003002', '150204004001', '150206', '150207',
    ].map((code) => `${code}@${P2016}`);
    const bare = `id grantsAwarded awardedFen paidFen microFundSpentFen moneyByProgramme { awardedFen paidFen grantCount }`;
    const one = await statistics(twenty.slice(0, 1), bare);
    const all = await statistics(twenty, bare);
    expect(all.result.errors).toBeUndefined();
    expect(all.result.data!._entities).toHaveLength(20);
    expect(one.statements).toBe(1);
    expect(all.statements).toBe(one.statements);
    // With the programmes: one more, for all of them (the programme loader).
    const named = await statistics(twenty);
    expect(named.statements).toBe(2);
    // Two periods: one statement each.
    const mixed = await statistics([...twenty.slice(0, 10), ...twenty.slice(0, 10).map((id) => id.replace(P2016, P2017))], bare);
    expect(mixed.statements).toBe(2);
  });

  it('refuses a malformed id alone, with BAD_USER_INPUT', async () => {
    const { result } = await statistics([`150204@${P2016}`, `150204@2016-12-31..2016-01-01`]);
    expect(result.data!._entities[0]).toMatchObject({ id: `150204@${P2016}`, grantsAwarded: 2 });
    expect(result.data!._entities[1]).toBeNull();
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });

  it('leaves the ledger consistent (running balances included)', async () => {
    expect(await ledgerViolations(service)).toMatchObject({ unbalanced: [], overdrawn: [], misbooked: [], badGrants: [] });
  });
});
