import { bigint, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export { inbox, outbox, knownRegions, knownOrganizations } from '@sanshe/service-kit';

/** Amounts are bigint fen; `mode: 'number'` is exact below 2^53 fen (90 trillion yuan). */
const fen = (name: string) => bigint(name, { mode: 'number' });

export const programmes = pgTable('programmes', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  kind: text('kind', {
    enum: ['purchase_of_services', 'venture_philanthropy', 'micro_fund', 'community_activity_fund', 'social_work_posts', 'party_building_subsidy'],
  }).notNull(),
  budgetFen: fen('budget_fen').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

export const grants = pgTable(
  'grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => programmes.id),
    title: text('title').notNull(),
    communityCode: text('community_code').notNull(),
    organizationId: uuid('organization_id'),
    amountFen: fen('amount_fen').notNull(),
    awardedAt: timestamp('awarded_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('grants_programme_idx').on(t.programmeId, t.awardedAt, t.id), index('grants_community_idx').on(t.communityCode, t.awardedAt, t.id)],
);

/**
 * One row per joint branch: the primary key is what makes the seed-000 subsidy "once, never
 * twice", whatever the inbox lets through.
 */
export const subsidyPayments = pgTable('subsidy_payments', {
  partyOrganizationId: uuid('party_organization_id').primaryKey(),
  paymentId: uuid('payment_id').notNull().defaultRandom().unique(),
  communityCode: text('community_code').notNull(),
  amountFen: fen('amount_fen').notNull(),
  paidAt: timestamp('paid_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

export type ProgrammeRow = typeof programmes.$inferSelect;
export type GrantRow = typeof grants.$inferSelect;
