import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { regions } from './regions.ts';
import { residentsCommittees } from './structure.ts';

/** 阳光五务 disclosures and 两评 / satisfaction evaluations, per community and period. */
export const DISCLOSURE_CATEGORIES = ['party_affairs', 'public_affairs', 'resident_affairs', 'finance', 'services'] as const;
export const EVALUATION_KINDS = ['representatives_rate_committee', 'committee_rates_street_office', 'resident_satisfaction'] as const;

export const disclosures = pgTable(
  'disclosures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communityCode: text('community_code')
      .notNull()
      .references(() => regions.code),
    category: text('category', { enum: DISCLOSURE_CATEGORIES }).notNull(),
    period: text('period').notNull(),
    title: text('title').notNull(),
    content: text('content').notNull(),
    status: text('status', { enum: ['published', 'withdrawn'] }).notNull().default('published'),
    publishedAt: timestamp('published_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true, precision: 3 }),
    withdrawalReason: text('withdrawal_reason'),
  },
  (t) => [index('disclosures_community_idx').on(t.communityCode, t.publishedAt, t.id), index('disclosures_period_idx').on(t.communityCode, t.period)],
);

export const evaluations = pgTable(
  'evaluations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: EVALUATION_KINDS }).notNull(),
    communityCode: text('community_code')
      .notNull()
      .references(() => regions.code),
    streetCode: text('street_code').notNull(),
    // The committee rated, for representatives_rate_committee.
    committeeId: uuid('committee_id').references(() => residentsCommittees.id),
    period: text('period').notNull(),
    eligibleRaters: integer('eligible_raters'),
    satisfied: integer('satisfied').notNull(),
    basicallySatisfied: integer('basically_satisfied').notNull(),
    dissatisfied: integer('dissatisfied').notNull(),
    comments: text('comments'),
    recordedAt: timestamp('recorded_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    // One evaluation of each kind per community and period.
    uniqueIndex('evaluations_period_key').on(t.kind, t.communityCode, t.period),
    index('evaluations_community_idx').on(t.communityCode, t.recordedAt, t.id),
  ],
);

export type DisclosureRow = typeof disclosures.$inferSelect;
export type EvaluationRow = typeof evaluations.$inferSelect;
