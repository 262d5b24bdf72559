import { eq, inArray, sql, type SQL } from 'drizzle-orm';
import { ledgerAccounts, ledgerEntries, ledgerTransactions } from '../../db/ledger-tables.ts';
import { grants } from '../../db/grant-tables.ts';
import { fenFromSum } from '../money.ts';
import type { Queryable } from '../../context.ts';

/**
 * Balances are sums over ledger entries, for a batch of funds, grants, programmes or rounds in
 * one or two grouped statements however large the batch (DataLoaders call these per request;
 * writers call them inside their transaction, after taking the row lock).
 */
const total = (filter: SQL) => sql<string | null>`sum(${ledgerEntries.amountFen}) filter (where ${filter})`;
const ofType = (...types: string[]) => sql`${ledgerAccounts.type} in (${sql.join(types.map((t) => sql`${t}`), sql`, `)})`;
const ofKind = (...kinds: string[]) => sql`${ledgerTransactions.kind} in (${sql.join(kinds.map((k) => sql`${k}`), sql`, `)})`;

function byKey<K extends string, R extends { key: string | null }, V>(keys: readonly K[], rows: R[], read: (row: R | undefined) => V): V[] {
  const map = new Map(rows.map((r) => [r.key, r]));
  return keys.map((k) => read(map.get(k)));
}

export interface FundBalance {
  availableFen: number;
  committedFen: number;
  paidFen: number;
  receivedFen: number;
}

export async function fundBalances(db: Queryable, fundIds: readonly string[]): Promise<FundBalance[]> {
  if (fundIds.length === 0) return [];
  const [held, flows] = await Promise.all([
    db
      .select({ key: ledgerAccounts.fundId, available: total(ofType('fund_available')), committed: total(ofType('grant_payable', 'pledge_payable')) })
      .from(ledgerEntries)
      .innerJoin(ledgerAccounts, eq(ledgerAccounts.code, ledgerEntries.account))
      .where(inArray(ledgerAccounts.fundId, [...fundIds]))
      .groupBy(ledgerAccounts.fundId),
    db
      .select({ key: ledgerTransactions.fundId, paid: total(ofType('payee')), received: total(ofType('source')) })
      .from(ledgerTransactions)
      .innerJoin(ledgerEntries, eq(ledgerEntries.transactionId, ledgerTransactions.id))
      .innerJoin(ledgerAccounts, eq(ledgerAccounts.code, ledgerEntries.account))
      .where(inArray(ledgerTransactions.fundId, [...fundIds]))
      .groupBy(ledgerTransactions.fundId),
  ]);
  const h = byKey(fundIds, held, (r) => r);
  const f = byKey(fundIds, flows, (r) => r);
  return fundIds.map((_, i) => ({
    availableFen: fenFromSum(h[i]?.available ?? 0),
    committedFen: fenFromSum(h[i]?.committed ?? 0),
    paidFen: fenFromSum(f[i]?.paid ?? 0),
    // Sources are credited when they give: what a fund received is minus their entries.
    receivedFen: -fenFromSum(f[i]?.received ?? 0),
  }));
}

export interface GrantMoney {
  payableFen: number;
  paidFen: number;
  releasedFen: number;
}

export async function grantMoney(db: Queryable, grantIds: readonly string[]): Promise<GrantMoney[]> {
  if (grantIds.length === 0) return [];
  const rows = await db
    .select({
      key: ledgerTransactions.grantId,
      payable: total(ofType('grant_payable')),
      paid: total(ofType('payee')),
      released: total(sql`${ofKind('release')} and ${ofType('grant_payable')}`),
    })
    .from(ledgerTransactions)
    .innerJoin(ledgerEntries, eq(ledgerEntries.transactionId, ledgerTransactions.id))
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.code, ledgerEntries.account))
    .where(inArray(ledgerTransactions.grantId, [...grantIds]))
    .groupBy(ledgerTransactions.grantId);
  return byKey(grantIds, rows, (r) => ({
    payableFen: fenFromSum(r?.payable ?? 0),
    paidFen: fenFromSum(r?.paid ?? 0),
    releasedFen: -fenFromSum(r?.released ?? 0),
  }));
}

export interface ProgrammeMoney {
  /** Sum of the awards (commitments) ever made. */
  awardedFen: number;
  /** Awards less what was released back to the fund: what counts against the budget. */
  committedFen: number;
  paidFen: number;
}

export async function programmeMoney(db: Queryable, programmeIds: readonly string[]): Promise<ProgrammeMoney[]> {
  if (programmeIds.length === 0) return [];
  const rows = await db
    .select({
      key: ledgerTransactions.programmeId,
      awarded: total(sql`${ofKind('commitment')} and ${ofType('grant_payable')}`),
      committed: total(sql`${ofKind('commitment', 'release')} and ${ofType('grant_payable')}`),
      paid: total(ofType('payee')),
    })
    .from(ledgerTransactions)
    .innerJoin(ledgerEntries, eq(ledgerEntries.transactionId, ledgerTransactions.id))
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.code, ledgerEntries.account))
    .where(inArray(ledgerTransactions.programmeId, [...programmeIds]))
    .groupBy(ledgerTransactions.programmeId);
  return byKey(programmeIds, rows, (r) => ({
    awardedFen: fenFromSum(r?.awarded ?? 0),
    committedFen: fenFromSum(r?.committed ?? 0),
    paidFen: fenFromSum(r?.paid ?? 0),
  }));
}

/**
 * What a programme has committed against its budget — its awards less what was released back to
 * the fund — for the award check, under the programme's lock. The same number as
 * `programmeMoney(…).committedFen`, read without walking the programme's whole ledger (every
 * award's commitment and every payment): awards are the grants' amounts (each grant is committed
 * once, for exactly its amount), releases the programme's few `release` transactions. Both reads
 * are index-only or nearly (`grants_programme_amount_idx`, `ledger_transactions_releases_idx`), so
 * the 1,000th award of a programme costs about what the first did.
 */
export async function programmeCommitted(db: Queryable, programmeId: string): Promise<number> {
  const [row] = (await db.execute(sql`
    select
      (select coalesce(sum(g.amount_fen), 0) from grants g where g.programme_id = ${programmeId})
      + (select coalesce(sum(e.amount_fen), 0)
           from ledger_transactions t join ledger_entries e on e.transaction_id = t.id
           where t.programme_id = ${programmeId} and t.kind = 'release' and e.account like 'grant:%')
      as committed
  `)) as unknown as { committed: string }[];
  return fenFromSum(row?.committed ?? 0);
}

/** Net commitments of each round's grants (awards less releases): what counts against its budget. */
export async function roundCommitted(db: Queryable, roundIds: readonly string[]): Promise<number[]> {
  if (roundIds.length === 0) return [];
  const rows = await db
    .select({ key: grants.roundId, committed: total(sql`${ofKind('commitment', 'release')} and ${ofType('grant_payable')}`) })
    .from(grants)
    .innerJoin(ledgerTransactions, eq(ledgerTransactions.grantId, grants.id))
    .innerJoin(ledgerEntries, eq(ledgerEntries.transactionId, ledgerTransactions.id))
    .innerJoin(ledgerAccounts, eq(ledgerAccounts.code, ledgerEntries.account))
    .where(inArray(grants.roundId, [...roundIds]))
    .groupBy(grants.roundId);
  return byKey(roundIds, rows, (r) => fenFromSum(r?.committed ?? 0));
}
