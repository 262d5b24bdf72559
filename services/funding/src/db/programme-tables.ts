import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, unique, uuid } from 'drizzle-orm/pg-core';
import { fen, instant } from './columns.ts';
import { funds } from './fund-tables.ts';

export const PROGRAMME_KINDS = [
  'purchase_of_services',
  'venture_philanthropy',
  'micro_fund',
  'community_activity_fund',
  'social_work_posts',
  'party_building_subsidy',
] as const;

/** A programme draws on one fund; its budget caps what it may commit, the fund caps what it can. */
export const programmes = pgTable(
  'programmes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kind: text('kind', { enum: PROGRAMME_KINDS }).notNull(),
    budgetFen: fen('budget_fen').notNull(),
    fundId: uuid('fund_id')
      .notNull()
      .references(() => funds.id),
    // The district or street office running the programme: the funder in open data.
    ownerRegionCode: text('owner_region_code'),
    description: text('description'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [index('programmes_fund_idx').on(t.fundId, t.createdAt, t.id), index('programmes_created_idx').on(t.createdAt, t.id)],
);

/** 政府购买服务目录: the services a purchase-of-services programme may buy, with a price ceiling. */
export const catalogueItems = pgTable(
  'catalogue_items',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    code: text('code').notNull(),
    name: text('name').notNull(),
    category: text('category').notNull(),
    ceilingFen: fen('ceiling_fen'),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [unique('catalogue_items_programme_code_key').on(t.programmeId, t.code), index('catalogue_items_programme_idx').on(t.programmeId, t.createdAt, t.id)],
);

export const ROUND_STATUSES = ['open', 'reviewing', 'concluded'] as const;

export interface EligibilityRule {
  kind: 'min_grade' | 'filed_in_street' | 'registered';
  minGrade?: number;
  streetCode?: string;
}

/** A venture-philanthropy round (公益创投): a call with a budget, eligibility and review rules. */
export const fundingRounds = pgTable(
  'funding_rounds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    title: text('title').notNull(),
    description: text('description'),
    budgetFen: fen('budget_fen').notNull(),
    status: text('status', { enum: ROUND_STATUSES }).notNull().default('open'),
    eligibility: jsonb('eligibility').$type<EligibilityRule[]>().notNull(),
    eligibilityMode: text('eligibility_mode', { enum: ['all', 'any'] }).notNull().default('all'),
    minReviewers: integer('min_reviewers').notNull(),
    passingScore: integer('passing_score').notNull(),
    closesOn: date('closes_on'),
    createdAt: instant('created_at').notNull().defaultNow(),
    callClosedAt: instant('call_closed_at'),
    concludedAt: instant('concluded_at'),
  },
  (t) => [index('funding_rounds_programme_idx').on(t.programmeId, t.createdAt, t.id), index('funding_rounds_created_idx').on(t.createdAt, t.id)],
);

/** Experts who score applications; `linked_organization_ids` are where they work or sit on a board. */
export const reviewers = pgTable('reviewers', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  linkedOrganizationIds: uuid('linked_organization_ids').array().notNull().default(sql`'{}'::uuid[]`),
  createdAt: instant('created_at').notNull().defaultNow(),
});

export const APPLICATION_STATUSES = ['submitted', 'rejected', 'awarded'] as const;

export const applications = pgTable(
  'applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    roundId: uuid('round_id')
      .notNull()
      .references(() => fundingRounds.id),
    organizationId: uuid('organization_id').notNull(),
    communityCode: text('community_code').notNull(),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    requestedFen: fen('requested_fen').notNull(),
    status: text('status', { enum: APPLICATION_STATUSES }).notNull().default('submitted'),
    submittedAt: instant('submitted_at').notNull().defaultNow(),
    decidedAt: instant('decided_at'),
  },
  (t) => [
    // One application per organization per round.
    unique('applications_round_organization_key').on(t.roundId, t.organizationId),
    index('applications_round_idx').on(t.roundId, t.submittedAt, t.id),
    index('applications_organization_idx').on(t.organizationId, t.submittedAt, t.id),
  ],
);

/**
 * One score per reviewer and application. Whether it counts is decided when the score is
 * computed (domain/review-scoring.ts), from the reviewer's links and the declared conflict.
 */
export const reviews = pgTable(
  'reviews',
  {
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id),
    reviewerId: uuid('reviewer_id')
      .notNull()
      .references(() => reviewers.id),
    score: integer('score').notNull(),
    comment: text('comment'),
    declaredConflict: boolean('declared_conflict').notNull().default(false),
    createdAt: instant('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ name: 'reviews_pkey', columns: [t.applicationId, t.reviewerId] }), check('reviews_score_range', sql`${t.score} between 0 and 100`)],
);

export type ProgrammeRow = typeof programmes.$inferSelect;
export type EligibilityRuleRow = EligibilityRule;
export type CatalogueItemRow = typeof catalogueItems.$inferSelect;
export type FundingRoundRow = typeof fundingRounds.$inferSelect;
export type ReviewerRow = typeof reviewers.$inferSelect;
export type ApplicationRow = typeof applications.$inferSelect;
export type ReviewRow = typeof reviews.$inferSelect;
