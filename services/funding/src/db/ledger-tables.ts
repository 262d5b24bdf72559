import { sql } from 'drizzle-orm';
import { bigserial, check, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { fen, instant } from './columns.ts';
import { funds } from './fund-tables.ts';
import { grants, tranches } from './grant-tables.ts';
import { microWishPledges } from './micro-fund-tables.ts';
import { programmes } from './programme-tables.ts';

/**
 * The double-entry ledger. The chart of accounts is documented in domain/ledger/accounts.ts;
 * the database enforces (migration 0003_ledger_integrity.sql) that every transaction has two or
 * more entries summing to zero, that no account ends a transaction on its wrong side, and that
 * the ledger is append-only.
 */
export const ACCOUNT_TYPES = ['source', 'fund_available', 'grant_payable', 'pledge_payable', 'payee'] as const;

export const ledgerAccounts = pgTable(
  'ledger_accounts',
  {
    code: text('code').primaryKey(),
    type: text('type', { enum: ACCOUNT_TYPES }).notNull(),
    // The fund whose money the account holds (fund, grant and pledge accounts).
    fundId: uuid('fund_id').references(() => funds.id),
    grantId: uuid('grant_id').references(() => grants.id),
    pledgeId: uuid('pledge_id').references(() => microWishPledges.id),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [index('ledger_accounts_fund_idx').on(t.fundId, t.type)],
);

export const TRANSACTION_KINDS = [
  'deposit',
  'transfer',
  'commitment',
  'release',
  'disbursement',
  'refund',
  'subsidy',
  'pledge',
  'micro_spend',
] as const;

/** A journal transaction; what it concerns is denormalised here so reports group without joins. */
export const ledgerTransactions = pgTable(
  'ledger_transactions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: TRANSACTION_KINDS }).notNull(),
    memo: text('memo').notNull(),
    fundId: uuid('fund_id').references(() => funds.id),
    programmeId: uuid('programme_id').references(() => programmes.id),
    grantId: uuid('grant_id').references(() => grants.id),
    trancheId: uuid('tranche_id').references(() => tranches.id),
    pledgeId: uuid('pledge_id').references(() => microWishPledges.id),
    partyOrganizationId: uuid('party_organization_id'),
    communityCode: text('community_code'),
    occurredAt: instant('occurred_at').notNull().defaultNow(),
  },
  (t) => [
    index('ledger_transactions_community_idx').on(t.communityCode, t.occurredAt),
    // Payments by community and time, for the statistics (domain/region-statistics.ts): pledges,
    // commitments and releases — most of the ledger — stay out of the index and the scan, and the
    // other columns the statistics read are key columns, so the scan is index-only.
    index('ledger_transactions_payments_idx')
      .on(t.communityCode, t.occurredAt, t.kind, t.programmeId, t.id)
      .where(sql`${t.kind} in ('disbursement', 'refund', 'subsidy', 'micro_spend')`),
    index('ledger_transactions_grant_idx').on(t.grantId),
    index('ledger_transactions_fund_idx').on(t.fundId, t.occurredAt),
    index('ledger_transactions_programme_idx').on(t.programmeId),
    // A programme's releases (terminations, failed evaluations) without its awards and payments.
    index('ledger_transactions_releases_idx').on(t.programmeId).where(sql`${t.kind} = 'release'`),
  ],
);

/**
 * Signed amounts: debit > 0, credit < 0. A balance is SUM(amount_fen) over an account, and each
 * entry carries that sum up to and including itself (`balance_after_fen`), so the balance is also
 * the account's latest entry — read in O(log n) by writers and the commit-time checks, however
 * many entries a fund has (5,316 micro-wish pledges against one micro-fund, seed 000).
 */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    transactionId: uuid('transaction_id')
      .notNull()
      .references(() => ledgerTransactions.id),
    account: text('account')
      .notNull()
      .references(() => ledgerAccounts.code),
    amountFen: fen('amount_fen').notNull(),
    /**
     * The account's running balance after this entry. Computed by the database, never by a
     * writer (migration 0007: a BEFORE INSERT trigger locks the account's row, reads the latest
     * entry's running balance, adds the amount and numbers the entry after it — whatever the
     * INSERT said); with the ledger append-only it always equals the sum of the account's entries
     * up to this one (test/factories/ledger-invariants.ts checks).
     */
    balanceAfterFen: fen('balance_after_fen').notNull().default(0),
  },
  (t) => [
    index('ledger_entries_account_idx').on(t.account, t.id),
    index('ledger_entries_transaction_idx').on(t.transactionId),
    check('ledger_entries_amount_nonzero', sql`${t.amountFen} <> 0`),
  ],
);

/**
 * One row per joint branch: the primary key is what makes the seed-000 subsidy "once, never
 * twice", whatever the inbox lets through. The money itself is a `subsidy` ledger transaction.
 */
export const subsidyPayments = pgTable('subsidy_payments', {
  partyOrganizationId: uuid('party_organization_id').primaryKey(),
  paymentId: uuid('payment_id').notNull().defaultRandom().unique(),
  communityCode: text('community_code').notNull(),
  amountFen: fen('amount_fen').notNull(),
  fundId: uuid('fund_id').references(() => funds.id),
  transactionId: uuid('transaction_id').references(() => ledgerTransactions.id),
  paidAt: instant('paid_at').notNull().defaultNow(),
});

export type LedgerAccountRow = typeof ledgerAccounts.$inferSelect;
export type LedgerTransactionRow = typeof ledgerTransactions.$inferSelect;
export type LedgerEntryRow = typeof ledgerEntries.$inferSelect;
export type SubsidyPaymentRow = typeof subsidyPayments.$inferSelect;
