import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { fen, instant } from './columns.ts';
import { funds } from './fund-tables.ts';
import { applications, catalogueItems, fundingRounds, programmes } from './programme-tables.ts';

export const GRANT_STATUSES = ['active', 'suspended', 'completed', 'terminated'] as const;
export const SUSPENSION_REASONS = ['organization_suspended', 'organization_deregistered'] as const;

/**
 * An award. `amount_fen` is the decision (what was awarded), not a balance: what is still payable
 * and what was paid are sums over the ledger.
 */
export const grants = pgTable(
  'grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    fundId: uuid('fund_id')
      .notNull()
      .references(() => funds.id),
    roundId: uuid('round_id').references(() => fundingRounds.id),
    applicationId: uuid('application_id').references(() => applications.id),
    catalogueItemId: uuid('catalogue_item_id').references(() => catalogueItems.id),
    title: text('title').notNull(),
    description: text('description'),
    communityCode: text('community_code').notNull(),
    organizationId: uuid('organization_id'),
    amountFen: fen('amount_fen').notNull(),
    // Purchased social-work posts (购买社会工作岗位): how many posts the grant pays for.
    socialWorkPosts: integer('social_work_posts'),
    status: text('status', { enum: GRANT_STATUSES }).notNull().default('active'),
    suspensionReason: text('suspension_reason', { enum: SUSPENSION_REASONS }),
    awardedAt: instant('awarded_at').notNull().defaultNow(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('grants_programme_idx').on(t.programmeId, t.awardedAt, t.id),
    // A programme's awards summed from the index alone (ledger/balances.ts#programmeCommitted).
    index('grants_programme_amount_idx').on(t.programmeId, t.amountFen),
    index('grants_community_idx').on(t.communityCode, t.awardedAt, t.id),
    index('grants_organization_idx').on(t.organizationId, t.awardedAt, t.id),
    index('grants_round_idx').on(t.roundId),
    unique('grants_application_key').on(t.applicationId),
    check('grants_amount_positive', sql`${t.amountFen} > 0`),
  ],
);

export const TRANCHE_STATUSES = ['pending', 'paid', 'suspended', 'cancelled'] as const;

/** 拨付: a part of a grant, paid once its milestone is met; the tranches of a grant sum to its award. */
export const tranches = pgTable(
  'tranches',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    grantId: uuid('grant_id')
      .notNull()
      .references(() => grants.id),
    seq: integer('seq').notNull(),
    amountFen: fen('amount_fen').notNull(),
    milestone: text('milestone').notNull(),
    dueOn: date('due_on'),
    status: text('status', { enum: TRANCHE_STATUSES }).notNull().default('pending'),
    milestoneMetAt: instant('milestone_met_at'),
    paidAt: instant('paid_at'),
  },
  (t) => [unique('tranches_grant_seq_key').on(t.grantId, t.seq), check('tranches_amount_positive', sql`${t.amountFen} > 0`)],
);

export const EVALUATION_RATINGS = ['excellent', 'good', 'pass', 'fail'] as const;

/** The final evaluation (结项评估), at most one per grant. */
export const grantEvaluations = pgTable(
  'grant_evaluations',
  {
    grantId: uuid('grant_id')
      .primaryKey()
      .references(() => grants.id),
    score: integer('score').notNull(),
    rating: text('rating', { enum: EVALUATION_RATINGS }).notNull(),
    summary: text('summary').notNull(),
    evaluatedAt: instant('evaluated_at').notNull().defaultNow(),
  },
  (t) => [check('grant_evaluations_score_range', sql`${t.score} between 0 and 100`)],
);

export type GrantRow = typeof grants.$inferSelect;
export type TrancheRow = typeof tranches.$inferSelect;
export type GrantEvaluationRow = typeof grantEvaluations.$inferSelect;
