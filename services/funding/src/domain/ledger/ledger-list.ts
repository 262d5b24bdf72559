import { and, asc, count, eq, type SQL } from 'drizzle-orm';
import { timeIdConnection, type PageArgs } from '@sanshe/service-kit';
import { ledgerAccounts, ledgerEntries, ledgerTransactions, type LedgerEntryRow, type LedgerTransactionRow } from '../../db/ledger-tables.ts';
import type { Db } from '../../context.ts';
import { checkCursor, uuidEquals } from '../filters.ts';

export type LedgerLine = LedgerEntryRow & { transaction: LedgerTransactionRow };

/**
 * Ledger entries in booking order: those on a fund's accounts (its available money and the
 * payables it funds), or every line of a grant's transactions.
 */
export function listLedger(db: Db, scope: { fundId: string } | { grantId: string }, args: PageArgs) {
  const where: SQL = 'fundId' in scope ? uuidEquals(ledgerAccounts.fundId, scope.fundId) : uuidEquals(ledgerTransactions.grantId, scope.grantId);
  const base = () =>
    db
      .select()
      .from(ledgerEntries)
      .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, ledgerEntries.transactionId))
      .innerJoin(ledgerAccounts, eq(ledgerAccounts.code, ledgerEntries.account));
  checkCursor(args, (id) => /^\d{1,18}$/.test(id));
  return timeIdConnection<LedgerLine>(args, {
    rows: async (after, limit) => {
      const rows = await base()
        .where(and(where, after(ledgerTransactions.occurredAt, ledgerEntries.id, 'asc')))
        .orderBy(asc(ledgerTransactions.occurredAt), asc(ledgerEntries.id))
        .limit(limit);
      return rows.map((r) => ({ ...r.ledger_entries, transaction: r.ledger_transactions }));
    },
    count: async () =>
      (
        await db
          .select({ n: count() })
          .from(ledgerEntries)
          .innerJoin(ledgerTransactions, eq(ledgerTransactions.id, ledgerEntries.transactionId))
          .innerJoin(ledgerAccounts, eq(ledgerAccounts.code, ledgerEntries.account))
          .where(where)
      )[0]?.n ?? 0,
    keyOf: (r) => [r.transaction.occurredAt, String(r.id)],
  });
}
