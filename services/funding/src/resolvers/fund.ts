import type { EntryDirection, FundResolvers, LedgerEntryResolvers, LedgerTransactionResolvers } from '../generated/resolvers-types.ts';
import { listLedger } from '../domain/ledger/ledger-list.ts';
import { listPledges } from '../domain/micro-wish-store.ts';
import { listProgrammes } from '../domain/programme-store.ts';
import { mayReadInternal } from '../authorization.ts';
import { emptyConnection } from './empty-connection.ts';
import { iso, optionalFromGraphql, toGraphql } from './enums.ts';

export const Fund: FundResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.fund.load(ref.id),
  source: (f) => toGraphql(f.source),
  purpose: (f) => toGraphql(f.purpose),
  receivedFen: async (f, _a, { loaders }) => (await loaders.fundBalance.load(f.id)).receivedFen,
  availableFen: async (f, _a, { loaders }) => (await loaders.fundBalance.load(f.id)).availableFen,
  committedFen: async (f, _a, { loaders }) => (await loaders.fundBalance.load(f.id)).committedFen,
  paidFen: async (f, _a, { loaders }) => (await loaders.fundBalance.load(f.id)).paidFen,
  programmes: (f, page, { db }) => listProgrammes(db, { fundId: f.id }, page),
  pledges: (f, { status, ...page }, { db }) => listPledges(db, { fundId: f.id, status: optionalFromGraphql(status) }, page),
  ledger: (f, page, { db, identity }) => (mayReadInternal(identity, f.regionCode) ? listLedger(db, { fundId: f.id }, page) : emptyConnection()),
  createdAt: (f) => iso(f.createdAt),
};

export const LedgerTransaction: LedgerTransactionResolvers = {
  kind: (t) => toGraphql(t.kind),
  fund: (t, _a, { loaders }) => (t.fundId ? loaders.fund.load(t.fundId) : null),
  grant: (t, _a, { loaders }) => (t.grantId ? loaders.grant.load(t.grantId) : null),
  amountFen: async (t, _a, { loaders }) => (await loaders.entriesOf.load(t.id)).reduce((s, e) => s + Math.max(e.amountFen, 0), 0),
  entries: async (t, _a, { loaders }) => (await loaders.entriesOf.load(t.id)).map((e) => ({ ...e, transaction: t })),
  occurredAt: (t) => iso(t.occurredAt),
};

/** Signed amounts inside; a debit or a credit of a positive amount outside. */
export const LedgerEntry: LedgerEntryResolvers = {
  id: (e) => String(e.id),
  direction: (e): EntryDirection => (e.amountFen > 0 ? 'DEBIT' : 'CREDIT'),
  amountFen: (e) => Math.abs(e.amountFen),
  transactionId: (e) => e.transactionId,
  kind: (e) => toGraphql(e.transaction.kind),
  memo: (e) => e.transaction.memo,
  occurredAt: (e) => iso(e.transaction.occurredAt),
};
