import { funding as contracts } from '@sanshe/events';
import { and, eq, type SQL } from 'drizzle-orm';
import { DomainError, recordEvent, tablePage, type PageArgs } from '@sanshe/service-kit';
import { funds, type FundRow } from '../db/fund-tables.ts';
import type { LedgerTransactionRow } from '../db/ledger-tables.ts';
import type { Db, Tx } from '../context.ts';
import { account } from './ledger/accounts.ts';
import { balanceOf, move, postJournal } from './ledger/journal.ts';
import { lockFund } from './locks.ts';
import { checkFits, parseFen } from './money.ts';
import { checkMicroFundRegion } from './rules/micro-fund.ts';
import { optionalText, requiredText } from './rules/text.ts';
import { requireRegion } from './regions.ts';
import { translateViolations } from './db-errors.ts';
import { checkCursor } from './filters.ts';

export interface CreateFundInput {
  name: string;
  source: FundRow['source'];
  purpose: FundRow['purpose'];
  regionCode?: string | null;
  microWishCapFen?: unknown;
  initialDepositFen?: unknown;
}

/** Inserts a fund and its creation event in the caller's transaction. */
export async function insertFund(tx: Tx, values: typeof funds.$inferInsert): Promise<FundRow> {
  const [fund] = (await translateViolations(() => tx.insert(funds).values(values).returning(), {
    unique: { funds_one_designated_per_region: ['input.regionCode', `this region already has a ${values.purpose} fund`] },
  })) as [FundRow];
  await recordEvent(tx, contracts.fundCreated, { fundId: fund.id, name: fund.name, source: fund.source, purpose: fund.purpose, regionCode: fund.regionCode }, { subject: fund.id });
  return fund;
}

/** Money from the fund's source into the fund, with its event. The caller holds the fund's lock. */
export async function depositInto(tx: Tx, fund: FundRow, amountFen: number, memo: string, refs: { programmeId?: string } = {}): Promise<LedgerTransactionRow> {
  const transaction = await postJournal(tx, {
    kind: 'deposit',
    memo,
    refs: { fundId: fund.id, ...refs },
    lines: move(account.fundAvailable(fund.id), account.source(fund.source), amountFen),
  });
  await recordEvent(tx, contracts.fundDeposited, { fundId: fund.id, transactionId: transaction.id, source: fund.source, amountFen }, { subject: fund.id });
  return transaction;
}

export async function createFund(db: Db, input: CreateFundInput): Promise<FundRow> {
  const name = requiredText(input.name, 'input.name', 2, 100);
  const deposit = input.initialDepositFen == null ? 0 : parseFen(input.initialDepositFen, 'input.initialDepositFen');
  let regionCode = input.regionCode ?? null;
  if (input.purpose === 'micro_fund') regionCode = checkMicroFundRegion(regionCode);
  if (input.purpose === 'party_service' && (!regionCode || !/^\d{6}$/.test(regionCode))) {
    throw new DomainError('BAD_USER_INPUT', "a party service fund is its district's", 'input.regionCode');
  }
  const cap = input.microWishCapFen == null ? null : parseFen(input.microWishCapFen, 'input.microWishCapFen', { positive: true });
  if (cap !== null && input.purpose !== 'micro_fund') throw new DomainError('BAD_USER_INPUT', 'only micro-funds have a per-wish cap', 'input.microWishCapFen');
  return db.transaction(async (tx) => {
    // An empty code is a code too, of no region: left unchecked it reached the fund.created event,
    // whose contract refused it, and the request failed as an internal error.
    if (regionCode !== null) await requireRegion(tx, regionCode, 'input.regionCode');
    const fund = await insertFund(tx, { name, source: input.source, purpose: input.purpose, regionCode, microWishCapFen: cap });
    if (deposit > 0) await depositInto(tx, fund, deposit, '设立时入账');
    return fund;
  });
}

export async function depositToFund(db: Db, input: { fundId: string; amountFen: unknown; memo?: string | null }): Promise<LedgerTransactionRow> {
  const amountFen = parseFen(input.amountFen, 'input.amountFen', { positive: true });
  const memo = optionalText(input.memo, 'input.memo', 200) ?? '入账';
  return db.transaction(async (tx) => depositInto(tx, await lockFund(tx, input.fundId, 'input.fundId'), amountFen, memo));
}

/** Uncommitted money from one fund to another; both rows locked in id order (no deadlock). */
export async function transferBetweenFunds(
  db: Db,
  input: { fromFundId: string; toFundId: string; amountFen: unknown; memo?: string | null },
): Promise<LedgerTransactionRow> {
  const amountFen = parseFen(input.amountFen, 'input.amountFen', { positive: true });
  const memo = optionalText(input.memo, 'input.memo', 200) ?? '资金划转';
  if (input.fromFundId === input.toFundId) throw new DomainError('BAD_USER_INPUT', 'a transfer goes to another fund', 'input.toFundId');
  return db.transaction(async (tx) => {
    const ends = [
      { id: input.fromFundId, field: 'input.fromFundId' },
      { id: input.toFundId, field: 'input.toFundId' },
    ].sort((a, b) => (a.id < b.id ? -1 : 1));
    const locked = new Map<string, FundRow>();
    for (const end of ends) locked.set(end.id, await lockFund(tx, end.id, end.field));
    const from = locked.get(input.fromFundId)!;
    const to = locked.get(input.toFundId)!;
    checkFits(await balanceOf(tx, account.fundAvailable(from.id)), amountFen, 'input.amountFen', 'fund');
    const transaction = await postJournal(tx, { kind: 'transfer', memo, refs: { fundId: from.id }, lines: move(account.fundAvailable(to.id), account.fundAvailable(from.id), amountFen) });
    await recordEvent(tx, contracts.fundTransferred, { transactionId: transaction.id, fromFundId: from.id, toFundId: to.id, amountFen }, { subject: from.id });
    return transaction;
  });
}

export interface FundFilter {
  source?: FundRow['source'] | null;
  purpose?: FundRow['purpose'] | null;
  regionCode?: string | null;
}

export function listFunds(db: Db, filter: FundFilter, args: PageArgs) {
  const conditions: SQL[] = [];
  if (filter.source) conditions.push(eq(funds.source, filter.source));
  if (filter.purpose) conditions.push(eq(funds.purpose, filter.purpose));
  if (filter.regionCode) conditions.push(eq(funds.regionCode, filter.regionCode));
  const where = and(...conditions);
  checkCursor(args);
  return tablePage(db, funds, { time: funds.createdAt, id: funds.id, direction: 'desc' }, where, args);
}
