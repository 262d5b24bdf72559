import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { fen, instant } from './columns.ts';
import { funds } from './fund-tables.ts';

export const PLEDGE_STATUSES = ['pledged', 'spent', 'cancelled'] as const;

/**
 * A micro-fund's promise to pay for one micro-wish (微心愿). The money moves from the fund to the
 * pledge when pledged (so the fund cannot promise it twice) and to the payee when self-governance
 * reports the wish fulfilled. One pledge per micro-wish.
 */
export const microWishPledges = pgTable(
  'micro_wish_pledges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    fundId: uuid('fund_id')
      .notNull()
      .references(() => funds.id),
    microWishId: uuid('micro_wish_id').notNull().unique('micro_wish_pledges_micro_wish_key'),
    communityCode: text('community_code').notNull(),
    amountFen: fen('amount_fen').notNull(),
    description: text('description').notNull(),
    status: text('status', { enum: PLEDGE_STATUSES }).notNull().default('pledged'),
    needId: uuid('need_id'),
    pledgedAt: instant('pledged_at').notNull().defaultNow(),
    spentAt: instant('spent_at'),
    cancelledAt: instant('cancelled_at'),
  },
  (t) => [index('micro_wish_pledges_fund_idx').on(t.fundId, t.pledgedAt, t.id), check('micro_wish_pledges_amount_positive', sql`${t.amountFen} > 0`)],
);

/** Micro-wishes self-governance reported fulfilled: a pledge after fulfilment is refused. */
export const fulfilledMicroWishes = pgTable('fulfilled_micro_wishes', {
  microWishId: uuid('micro_wish_id').primaryKey(),
  needId: uuid('need_id').notNull(),
  communityCode: text('community_code').notNull(),
  fulfilledAt: instant('fulfilled_at').notNull(),
});

export type MicroWishPledgeRow = typeof microWishPledges.$inferSelect;
