/**
 * The ledger's invariants under concurrency, against real PostgreSQL: many requests race for the
 * same fund, grant and micro-fund; whatever the interleaving, every transaction balances, no fund
 * (or grant, pledge, payee) balance is ever negative, and no grant pays more than it awarded.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { fundingSubgraph } from '../../src/app.ts';
import { COMMUNITY_1, COMMUNITY_2, STREET_1, seedOrganization, seedRegions, type SeededOrganization } from '../factories/events.ts';
import { AWARD, PAY_TRANCHE, REPORT_MILESTONE, attempt, award, createFund, createProgrammeOn, fundState, grantState, must, refusalOf, type AwardedGrant } from '../factories/graphql.ts';
import { ledgerViolations } from '../factories/ledger-invariants.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;
let grantee: SeededOrganization;

beforeAll(async () => {
  // A pool of 10 so the requests below really run side by side in the database.
  service = await subgraphs.start('funding', fundingSubgraph, { DATABASE_POOL_MAX: '10' });
  await seedRegions(bus, service);
  grantee = await seedOrganization(bus, { track: 'registered' });
});

const codes = (results: { errors?: { extensions?: Record<string, unknown> }[] }[]) => results.map((r) => (r.errors ? String(r.errors[0]!.extensions?.code) : 'OK'));
const tally = (list: string[]) => list.reduce<Record<string, number>>((t, c) => ({ ...t, [c]: (t[c] ?? 0) + 1 }), {});

describe('concurrent awards against one fund', () => {
  it('30 awards of 50,000 fen race for a fund holding 1,000,000: exactly 20 fit, the fund ends at 0', async () => {
    const fund = await createFund(service, { name: '青山区公益创投资金', initialDepositFen: 1_000_000 });
    // The programme's budget is larger than the fund: the fund is the limit here.
    const programme = await createProgrammeOn(service, fund.id, { budgetFen: 5_000_000 });
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        attempt(service, AWARD, { input: { programmeId: programme.id, title: `并发资助${i}`, communityCode: COMMUNITY_1, organizationId: grantee.id, amountFen: 50_000 } }),
      ),
    );
    expect(tally(codes(results))).toEqual({ OK: 20, INSUFFICIENT_FUNDS: 10 });
    for (const r of results.filter((x) => x.errors)) {
      expect(refusalOf(r)).toMatchObject({ code: 'INSUFFICIENT_FUNDS', field: 'input.amountFen', scope: 'fund', availableFen: 0 });
    }
    expect(await fundState(service, fund.id)).toEqual({ availableFen: 0, committedFen: 1_000_000, paidFen: 0, receivedFen: 1_000_000 });
    const violations = await ledgerViolations(service);
    expect(violations).toMatchObject({ unbalanced: [], overdrawn: [], misbooked: [], badGrants: [] });
    expect(violations.grantsChecked).toBe(20);
  });
});

describe('concurrent tranche payments', () => {
  it('30 payment requests, awards, transfers and a termination race: each tranche is paid once, only what fits is taken', async () => {
    const fund = await createFund(service, { name: '青山区政府购买服务资金', initialDepositFen: 1_000_000 });
    const other = await createFund(service, { name: '街道众筹资金', source: 'CROWDFUNDING' });
    const programme = await createProgrammeOn(service, fund.id, { kind: 'PURCHASE_OF_SERVICES', budgetFen: 1_000_000 });
    // Five grants of 100,000 fen in four tranches of 25,000: 500,000 of the fund stays uncommitted.
    const schedule = ['项目启动', '中期评估', '服务完成', '结项验收'].map((milestone) => ({ amountFen: 25_000, milestone }));
    const grants: AwardedGrant[] = [];
    for (let i = 0; i < 5; i += 1) grants.push(await award(service, { programmeId: programme.id, title: `居家养老服务${i}`, organizationId: grantee.id, amountFen: 100_000, tranches: schedule }));
    for (const g of grants) for (const t of g.tranches.slice(0, 2)) await must(service, REPORT_MILESTONE, { id: t.id });
    const [a, b, c, d, e] = grants as [AwardedGrant, AwardedGrant, AwardedGrant, AwardedGrant, AwardedGrant];

    // Per grant: tranche 1 three times, tranche 2 twice, tranche 3 (milestone not met) once = 30.
    const payments = grants.flatMap((g) => [g.tranches[0]!, g.tranches[0]!, g.tranches[0]!, g.tranches[1]!, g.tranches[1]!, g.tranches[2]!].map((t) => ({ grant: g.id, seq: t.seq, id: t.id })));
    expect(payments).toHaveLength(30);
    const pay = payments.map((p) => attempt(service, PAY_TRANCHE, { id: p.id }));
    // Meanwhile 10 awards and 10 transfers of 100,000 race for the 500,000 left: 5 of the 20 fit.
    const awards = Array.from({ length: 10 }, (_, i) =>
      attempt(service, AWARD, { input: { programmeId: programme.id, title: `追加资助${i}`, communityCode: COMMUNITY_2, amountFen: 100_000 } }),
    );
    const transfers = Array.from({ length: 10 }, () =>
      attempt(service, `mutation ($input: TransferInput!) { transferBetweenFunds(input: $input) { id amountFen } }`, { input: { fromFundId: fund.id, toFundId: other.id, amountFen: 100_000 } }),
    );
    // And grant E is terminated while its tranches are being paid, and grantees refund 1 fen of
    // A–D (refused while nothing is paid yet). Both lock the fund, then the grant, while payments
    // hold the grant and book against the fund: no deadlock, no internal error.
    const termination = attempt(service, `mutation ($id: ID!) { terminateGrant(input: { grantId: $id }) { id status } }`, { id: e.id });
    const refunds = [a, b, c, d, a, b, c, d].map((g) =>
      attempt(service, `mutation ($input: RefundGrantInput!) { refundGrant(input: $input) { id } }`, { input: { grantId: g.id, amountFen: 1 } }),
    );
    const [paid, awarded, transferred, terminated, refunded] = await Promise.all([Promise.all(pay), Promise.all(awards), Promise.all(transfers), termination, Promise.all(refunds)]);

    expect(terminated.errors).toBeUndefined();
    for (const code of codes([...paid, ...awarded, ...transferred, ...refunded])) expect(['OK', 'CONFLICT', 'RULE_VIOLATION', 'INSUFFICIENT_FUNDS']).toContain(code);
    const outcomes = payments.map((p, i) => ({ ...p, code: codes([paid[i]!])[0]! }));
    // Money-limited: exactly 5 of the 20 awards and transfers fit into the 500,000 fen left.
    const moneyOk = [...codes(awarded), ...codes(transferred)];
    expect(tally(moneyOk)).toEqual({ OK: 5, INSUFFICIENT_FUNDS: 15 });

    for (const g of [a, b, c, d]) {
      const mine = outcomes.filter((o) => o.grant === g.id);
      // Tranche 1 is paid exactly once; the duplicates are told it was already paid.
      expect(tally(mine.filter((o) => o.seq === 1).map((o) => o.code))).toEqual({ OK: 1, CONFLICT: 2 });
      // Tranche 2: at most once (a request that came before tranche 1 was paid is refused).
      expect(mine.filter((o) => o.seq === 2 && o.code === 'OK').length).toBeLessThanOrEqual(1);
      // Tranche 3's milestone is not met: never paid.
      expect(mine.filter((o) => o.seq === 3).map((o) => o.code)).toEqual(['RULE_VIOLATION']);
    }
    // Every successful response is one paid tranche, and every paid tranche one disbursement.
    const successes = outcomes.filter((o) => o.code === 'OK').length;
    const [counted] = await service.database.sql`
      select (select count(*)::int from tranches where status = 'paid') as tranches,
             (select count(*)::int from ledger_transactions where kind = 'disbursement') as disbursements`;
    expect(counted).toEqual({ tranches: successes, disbursements: successes });

    for (const g of grants) {
      const state = await grantState(service, g.id);
      const paidTranches = state.tranches.filter((t) => t.status === 'PAID').reduce((s, t) => s + t.amountFen, 0);
      const refundedFen = [a, b, c, d, a, b, c, d].filter((x, i) => x.id === g.id && !refunded[i]!.errors).length;
      expect(state.paidFen).toBe(paidTranches - refundedFen);
      expect(state.paidFen).toBeLessThanOrEqual(state.amountFen);
      if (g.id === e.id) {
        // Terminated: what was paid stays paid, the rest went back to the fund, nothing is payable.
        expect(state).toMatchObject({ status: 'TERMINATED', payableFen: 0 });
        expect(state.tranches.filter((t) => t.status !== 'PAID').every((t) => t.status === 'CANCELLED')).toBe(true);
      } else {
        expect(state.payableFen).toBe(state.amountFen - paidTranches);
      }
    }
    const fundAfter = await fundState(service, fund.id);
    expect(fundAfter.availableFen).toBeGreaterThanOrEqual(0);
    const violations = await ledgerViolations(service);
    expect(violations).toMatchObject({ unbalanced: [], overdrawn: [], misbooked: [], badGrants: [] });
    expect(violations.grantsChecked).toBeGreaterThanOrEqual(20 + 5 + 1);
  });
});

describe('lock order', () => {
  it('a payment holding its grant can book against the fund a termination holds: no deadlock', async () => {
    const fund = await createFund(service, { name: '死锁探针资金', initialDepositFen: 10_000 });
    const programme = await createProgrammeOn(service, fund.id, { kind: 'PURCHASE_OF_SERVICES', budgetFen: 10_000 });
    const grant = await award(service, { programmeId: programme.id, organizationId: grantee.id, amountFen: 10_000 });
    let termination: Promise<unknown> | null = null;
    const probe = service.database.sql
      .begin(async (tx) => {
        // What payTranche does first: lock the grant.
        await tx`select id from grants where id = ${grant.id} for no key update`;
        // Meanwhile a termination locks the fund, then waits for the grant.
        termination = attempt(service, `mutation ($id: ID!) { terminateGrant(input: { grantId: $id }) { status } }`, { id: grant.id });
        await new Promise((r) => setTimeout(r, 500));
        // The payment books against the fund: the foreign-key check takes KEY SHARE on the fund row,
        // which the termination's fund lock must not block (it would with FOR UPDATE: a deadlock).
        await tx`insert into ledger_transactions (kind, memo, fund_id) values ('deposit', 'probe', ${fund.id})`;
        throw new Error('roll back the probe');
      })
      .catch((error: Error) => error.message);
    expect(await probe).toBe('roll back the probe');
    expect(await termination).toEqual({ data: { terminateGrant: { status: 'TERMINATED' } } });
  });
});

describe('concurrent micro-wish pledges', () => {
  it('30 pledges of 10,000 fen race for a micro-fund of 100,000: exactly 10 fit', async () => {
    const fund = await createFund(service, { name: '先锋道街道微基金', source: 'DONATION', purpose: 'MICRO_FUND', regionCode: STREET_1, initialDepositFen: 100_000 });
    const { randomUUID } = await import('node:crypto');
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        attempt(service, `mutation ($input: PledgeMicroWishInput!) { pledgeMicroWish(input: $input) { id } }`, {
          input: { fundId: fund.id, microWishId: randomUUID(), communityCode: i % 2 ? COMMUNITY_1 : COMMUNITY_2, amountFen: 10_000, description: `微心愿${i}` },
        }),
      ),
    );
    expect(tally(codes(results))).toEqual({ OK: 10, INSUFFICIENT_FUNDS: 20 });
    expect(await fundState(service, fund.id)).toEqual({ availableFen: 0, committedFen: 100_000, paidFen: 0, receivedFen: 100_000 });
    expect(await ledgerViolations(service)).toMatchObject({ unbalanced: [], overdrawn: [], misbooked: [], badGrants: [] });
  });
});

describe('programme budget net of releases', () => {
  it('money a termination releases can be awarded again, to the fen; the award check agrees with Programme.remainingBudgetFen', async () => {
    const fund = await createFund(service, { name: '社区微项目资金', initialDepositFen: 1_000_000 });
    const programme = await createProgrammeOn(service, fund.id, { kind: 'MICRO_FUND', budgetFen: 100_000 });
    const first = await award(service, { programmeId: programme.id, amountFen: 60_000 });
    await award(service, { programmeId: programme.id, amountFen: 40_000 });
    const over = { input: { programmeId: programme.id, title: '超预算', communityCode: COMMUNITY_1, amountFen: 1 } };
    expect(refusalOf(await attempt(service, AWARD, over))).toMatchObject({ code: 'INSUFFICIENT_FUNDS', availableFen: 0 });
    await must(service, `mutation ($id: ID!) { terminateGrant(input: { grantId: $id }) { status } }`, { id: first.id });
    const remaining = `query ($id: ID!) { programme(id: $id) { awardedFen remainingBudgetFen } }`;
    expect(await must(service, remaining, { id: programme.id })).toEqual({ programme: { awardedFen: 100_000, remainingBudgetFen: 60_000 } });
    await award(service, { programmeId: programme.id, amountFen: 60_000 });
    expect(refusalOf(await attempt(service, AWARD, over))).toMatchObject({ code: 'INSUFFICIENT_FUNDS', availableFen: 0 });
    expect(await must(service, remaining, { id: programme.id })).toEqual({ programme: { awardedFen: 160_000, remainingBudgetFen: 0 } });
  });
});

describe('the database enforces the ledger too', () => {
  const sql = () => service.database.sql;

  async function anyFundAccount(): Promise<string> {
    const [row] = await sql()`select code from ledger_accounts where type = 'fund_available' limit 1`;
    return row!.code as string;
  }

  it('refuses at commit a transaction whose entries do not balance, or that has one entry', async () => {
    const fund = await anyFundAccount();
    const before = await sql()`select count(*)::int as n from ledger_entries`;
    await expect(
      sql().begin(async (tx) => {
        const [t] = await tx`insert into ledger_transactions (kind, memo) values ('deposit', 'unbalanced') returning id`;
        await tx`insert into ledger_entries (transaction_id, account, amount_fen) values (${t!.id}, ${fund}, 100), (${t!.id}, 'source:district_budget', -99)`;
      }),
    ).rejects.toThrow(/does not balance/);
    await expect(
      sql().begin(async (tx) => {
        const [t] = await tx`insert into ledger_transactions (kind, memo) values ('deposit', 'one-legged') returning id`;
        await tx`insert into ledger_entries (transaction_id, account, amount_fen) values (${t!.id}, ${fund}, 100)`;
      }),
    ).rejects.toThrow(/at least two/);
    await expect(sql().begin(async (tx) => tx`insert into ledger_transactions (kind, memo) values ('deposit', 'empty')`)).rejects.toThrow(/at least two/);
    expect(await sql()`select count(*)::int as n from ledger_entries`).toEqual(before);
  });

  it('refuses at commit a balanced transaction that overdraws a fund, and a zero entry at once', async () => {
    const [fund] = await sql()`select a.code, coalesce(sum(e.amount_fen), 0)::bigint as balance from ledger_accounts a left join ledger_entries e on e.account = a.code
      where a.type = 'fund_available' group by a.code limit 1`;
    const tooMuch = Number(fund!.balance) + 1;
    await expect(
      sql().begin(async (tx) => {
        const [t] = await tx`insert into ledger_transactions (kind, memo) values ('transfer', 'overdraft') returning id`;
        await tx`insert into ledger_accounts (code, type) values ('payee:community:150204001001', 'payee') on conflict do nothing`;
        await tx`insert into ledger_entries (transaction_id, account, amount_fen) values (${t!.id}, 'payee:community:150204001001', ${tooMuch}), (${t!.id}, ${fund!.code}, ${-tooMuch})`;
      }),
    ).rejects.toThrow(/overdrawn/);
    await expect(
      sql().begin(async (tx) => {
        const [t] = await tx`insert into ledger_transactions (kind, memo) values ('deposit', 'zero') returning id`;
        await tx`insert into ledger_entries (transaction_id, account, amount_fen) values (${t!.id}, ${fund!.code}, 0), (${t!.id}, 'source:district_budget', 0)`;
      }),
    ).rejects.toThrow(/ledger_entries_amount_nonzero/);
  });

  it('keeps each entry’s running balance itself — whatever the INSERT says — in the order concurrent writers got the account', async () => {
    const fund = await createFund(service, { name: '运行余额探针资金', initialDepositFen: 1_000 });
    const code = `fund:${fund.id}:available`;
    const book = (amountFen: number) =>
      sql().begin(async (tx) => {
        const [t] = await tx`insert into ledger_transactions (kind, memo, fund_id) values ('deposit', 'probe', ${fund.id}) returning id`;
        await tx`insert into ledger_entries (transaction_id, account, amount_fen, balance_after_fen)
          values (${t!.id}, ${code}, ${amountFen}, 999999999), (${t!.id}, 'source:district_budget', ${-amountFen}, 0)`;
      });
    await Promise.all([100, 200, 300, 400, 500].map(book));
    const rows = await sql()`select amount_fen::int as amount, balance_after_fen::int as after from ledger_entries where account = ${code} order by id`;
    let running = 0;
    for (const row of rows) {
      running += row.amount as number;
      expect(row.after).toBe(running);
    }
    expect(running).toBe(2_500);
    expect(await fundState(service, fund.id)).toMatchObject({ availableFen: 2_500 });
    expect((await ledgerViolations(service)).misbooked).toEqual([]);
  });

  it('is append-only: entries and transactions are never updated or deleted', async () => {
    await expect(sql()`update ledger_entries set amount_fen = amount_fen * 2`).rejects.toThrow(/append-only/);
    await expect(sql()`delete from ledger_entries`).rejects.toThrow(/append-only/);
    await expect(sql()`update ledger_transactions set memo = 'rewritten'`).rejects.toThrow(/append-only/);
    await expect(sql()`delete from ledger_transactions`).rejects.toThrow(/append-only/);
    await expect(sql()`truncate ledger_entries cascade`).rejects.toThrow(/append-only/);
  });
});
