import { desc, eq } from 'drizzle-orm';
import { ledgerAccounts, ledgerEntries, ledgerTransactions, type LedgerTransactionRow } from '../../db/ledger-tables.ts';
import type { Tx } from '../../context.ts';
import type { AccountRef } from './accounts.ts';

export interface JournalLine {
  account: AccountRef;
  /** Signed fen: debit > 0, credit < 0. */
  amountFen: number;
}

export type JournalRefs = Partial<
  Pick<LedgerTransactionRow, 'fundId' | 'programmeId' | 'grantId' | 'trancheId' | 'pledgeId' | 'partyOrganizationId' | 'communityCode'>
>;

export interface Journal {
  kind: LedgerTransactionRow['kind'];
  memo: string;
  refs: JournalRefs;
  lines: JournalLine[];
  /** When the money moved, if not now: a booking of something that happened earlier (default: now). */
  occurredAt?: Date;
}

/**
 * The code's half of "every transaction balances" (the database's half is a deferred trigger):
 * at least two lines, each a non-zero safe integer, summing to zero. A violation is a bug in the
 * caller, never the user's input, so it throws a plain Error (reported as an internal error).
 */
export function checkBalanced(lines: readonly JournalLine[]): void {
  if (lines.length < 2) throw new Error(`a journal transaction needs at least two lines, got ${lines.length}`);
  let total = 0n;
  for (const line of lines) {
    if (!Number.isSafeInteger(line.amountFen) || line.amountFen === 0) {
      throw new Error(`journal line on ${line.account.code} has amount ${line.amountFen}; a line is a non-zero whole number of fen`);
    }
    total += BigInt(line.amountFen);
  }
  if (total !== 0n) throw new Error(`journal transaction does not balance: debits minus credits = ${total} fen`);
}

/** A two-line journal moving `amountFen` from `credit` to `debit`. */
export function move(debit: AccountRef, credit: AccountRef, amountFen: number): JournalLine[] {
  return [
    { account: debit, amountFen },
    { account: credit, amountFen: -amountFen },
  ];
}

/**
 * Writes one balanced journal transaction in the caller's database transaction (which also holds
 * the row locks that make its balance checks safe, and records the change's event). Accounts are
 * opened on first use.
 *
 * Each entry's running balance is the database's (migration 0007): inserting it locks its
 * account's row until commit, in line order. Accounts shared across funds — sources and payees —
 * are always a journal's last contended lock (no writer waits for anything after taking them), so
 * these locks add no deadlock; keep it so when adding a journal to a transaction.
 */
export async function postJournal(tx: Tx, journal: Journal): Promise<LedgerTransactionRow> {
  checkBalanced(journal.lines);
  const accounts = new Map(journal.lines.map((l) => [l.account.code, l.account]));
  await tx
    .insert(ledgerAccounts)
    .values(
      [...accounts.values()].map((a) => ({ code: a.code, type: a.type, fundId: a.fundId ?? null, grantId: a.grantId ?? null, pledgeId: a.pledgeId ?? null })),
    )
    .onConflictDoNothing();
  const [transaction] = (await tx
    .insert(ledgerTransactions)
    .values({ kind: journal.kind, memo: journal.memo, ...journal.refs, ...(journal.occurredAt ? { occurredAt: journal.occurredAt } : {}) })
    .returning()) as [LedgerTransactionRow];
  await tx.insert(ledgerEntries).values(journal.lines.map((l) => ({ transactionId: transaction.id, account: l.account.code, amountFen: l.amountFen })));
  return transaction;
}

/**
 * The balance of one account as this transaction sees it (call after taking the row lock): the
 * running balance of its latest entry — the sum of all its entries, which the database keeps on
 * each entry (migration 0007) — so it costs one index lookup however many entries the account has.
 */
export async function balanceOf(tx: Tx, account: AccountRef | string): Promise<number> {
  const code = typeof account === 'string' ? account : account.code;
  const [row] = await tx
    .select({ balance: ledgerEntries.balanceAfterFen })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.account, code))
    .orderBy(desc(ledgerEntries.id))
    .limit(1);
  return row?.balance ?? 0;
}
