import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { fen, instant } from './columns.ts';

export const FUND_SOURCES = ['district_budget', 'departmental_purchase', 'party_service', 'donation', 'crowdfunding'] as const;
export const FUND_PURPOSES = ['general', 'micro_fund', 'community_activity', 'party_service'] as const;

/**
 * A pot of money with one source. Its balance is never stored here: it is the sum of its
 * ledger entries (ledger-tables.ts). The row is what writers lock (`SELECT … FOR UPDATE`) so
 * that two payments out of one fund cannot both see the same available balance.
 */
export const funds = pgTable(
  'funds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    source: text('source', { enum: FUND_SOURCES }).notNull(),
    purpose: text('purpose', { enum: FUND_PURPOSES }).notNull().default('general'),
    // The district, street or community that holds the fund (micro-funds: per street or community).
    regionCode: text('region_code'),
    // Micro-funds only: the most one micro-wish may draw.
    microWishCapFen: fen('micro_wish_cap_fen'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [
    // One micro-fund and one party service fund per region: the subsidy consumer and the
    // micro-wish pledges find "the" fund of a region without ambiguity.
    uniqueIndex('funds_one_designated_per_region').on(t.purpose, t.regionCode).where(sql`${t.purpose} in ('micro_fund', 'party_service')`),
    index('funds_created_idx').on(t.createdAt, t.id),
    check('funds_cap_positive', sql`${t.microWishCapFen} is null or ${t.microWishCapFen} > 0`),
  ],
);

export type FundRow = typeof funds.$inferSelect;
