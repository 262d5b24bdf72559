import DataLoader from 'dataloader';
import { inArray } from 'drizzle-orm';
import { isUuid, selectRows, statisticsByIds } from '@sanshe/service-kit';
import { funds, type FundRow } from './db/fund-tables.ts';
import { grantEvaluations, grants, type GrantEvaluationRow, type GrantRow, type TrancheRow } from './db/grant-tables.ts';
import { ledgerEntries, ledgerTransactions, type LedgerEntryRow, type LedgerTransactionRow } from './db/ledger-tables.ts';
import { microWishPledges, type MicroWishPledgeRow } from './db/micro-fund-tables.ts';
import {
  applications,
  catalogueItems,
  fundingRounds,
  programmes,
  reviewers,
  type ApplicationRow,
  type CatalogueItemRow,
  type FundingRoundRow,
  type ProgrammeRow,
  type ReviewerRow,
} from './db/programme-tables.ts';
import { fundBalances, grantMoney, programmeMoney, roundCommitted } from './domain/ledger/balances.ts';
import { communityTotals } from './domain/money-report.ts';
import { fundingStatistics, type FundingStatistics } from './domain/region-statistics.ts';
import { reviewsOf } from './domain/review-store.ts';
import { schedulesOf } from './domain/tranche-store.ts';
import type { Db } from './context.ts';

/** Rows by a uuid key; keys that are not UUIDs resolve to null without a query (never a cast error). */
function byKey<Row, Key extends string>(load: (keys: string[]) => Promise<Row[]>, keyOf: (row: Row) => string | null) {
  return new DataLoader<Key, Row | null>(async (keys) => {
    const valid = keys.filter(isUuid);
    const rows = valid.length ? await load(valid) : [];
    const map = new Map(rows.map((r) => [keyOf(r), r]));
    return keys.map((k) => map.get(k) ?? null);
  });
}

/** Per request: every list of N parents costs one statement per field, not N. */
export function createLoaders(db: Db) {
  return {
    fund: byKey<FundRow, string>((ids) => selectRows(db, funds, inArray(funds.id, ids)), (r) => r.id),
    programme: byKey<ProgrammeRow, string>((ids) => selectRows(db, programmes, inArray(programmes.id, ids)), (r) => r.id),
    round: byKey<FundingRoundRow, string>((ids) => selectRows(db, fundingRounds, inArray(fundingRounds.id, ids)), (r) => r.id),
    application: byKey<ApplicationRow, string>((ids) => selectRows(db, applications, inArray(applications.id, ids)), (r) => r.id),
    grant: byKey<GrantRow, string>((ids) => selectRows(db, grants, inArray(grants.id, ids)), (r) => r.id),
    grantOfApplication: byKey<GrantRow, string>((ids) => selectRows(db, grants, inArray(grants.applicationId, ids)), (r) => r.applicationId),
    reviewer: byKey<ReviewerRow, string>((ids) => selectRows(db, reviewers, inArray(reviewers.id, ids)), (r) => r.id),
    catalogueItem: byKey<CatalogueItemRow, string>((ids) => selectRows(db, catalogueItems, inArray(catalogueItems.id, ids)), (r) => r.id),
    evaluation: byKey<GrantEvaluationRow, string>((ids) => selectRows(db, grantEvaluations, inArray(grantEvaluations.grantId, ids)), (r) => r.grantId),
    transaction: byKey<LedgerTransactionRow, string>((ids) => selectRows(db, ledgerTransactions, inArray(ledgerTransactions.id, ids)), (r) => r.id),
    pledgeOfWish: byKey<MicroWishPledgeRow, string>((ids) => selectRows(db, microWishPledges, inArray(microWishPledges.microWishId, ids)), (r) => r.microWishId),
    entriesOf: new DataLoader<string, LedgerEntryRow[]>(async (ids) => {
      const rows = await selectRows(db, ledgerEntries, inArray(ledgerEntries.transactionId, [...ids]), [ledgerEntries.id]);
      return ids.map((id) => rows.filter((r) => r.transactionId === id));
    }),
    schedule: new DataLoader<string, TrancheRow[]>((ids) => schedulesOf(db, ids)),
    reviews: new DataLoader((ids: readonly string[]) => reviewsOf(db, ids)),
    fundBalance: new DataLoader((ids: readonly string[]) => fundBalances(db, ids)),
    grantMoney: new DataLoader((ids: readonly string[]) => grantMoney(db, ids)),
    programmeMoney: new DataLoader((ids: readonly string[]) => programmeMoney(db, ids)),
    roundCommitted: new DataLoader((ids: readonly string[]) => roundCommitted(db, ids)),
    communityTotals: new DataLoader((codes: readonly string[]) => communityTotals(db, codes)),
    /**
     * `RegionStatistics` by entity id: every representation of an `_entities` call in one batch,
     * answered with one statement per distinct period. A malformed id fails alone (BAD_USER_INPUT).
     */
    statistics: new DataLoader<string, FundingStatistics>((ids) => statisticsByIds(ids, (keys) => fundingStatistics(db, keys))),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
