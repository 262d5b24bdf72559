import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { regions } from './regions.ts';
import { grids } from './structure.ts';
import { proposals } from './deliberation.ts';

/**
 * Disputes mediated, needs reported through the grid, micro-wishes and micro-projects. Residents'
 * names and phone numbers are kept because mediation and service delivery reach people through
 * them; ID numbers only for dispute parties (a mediation agreement names the parties by them).
 */
const id = () => uuid('id').primaryKey().defaultRandom();
const communityCode = () =>
  text('community_code')
    .notNull()
    .references(() => regions.code);
const gridCode = () => text('grid_code').references(() => grids.code);

export const DISPUTE_CATEGORIES = ['neighbourhood', 'family', 'property_management', 'housing', 'labour', 'debt', 'environment', 'other'] as const;
export const NEED_CATEGORIES = [
  'elderly_care',
  'child_care',
  'disability',
  'health',
  'psychological',
  'legal',
  'housing_repair',
  'environment',
  'employment',
  'poverty_relief',
  'neighbourhood',
  'other',
] as const;
export const NEED_URGENCIES = ['low', 'normal', 'high', 'urgent'] as const;
export const MICRO_PROJECT_CATEGORIES = [
  'elderly_care',
  'child_care',
  'disability',
  'health',
  'culture_sports',
  'environment',
  'safety',
  'legal',
  'employment',
  'poverty_relief',
  'neighbourhood',
  'volunteering',
  'facilities',
] as const;

export const disputes = pgTable(
  'disputes',
  {
    id: id(),
    communityCode: communityCode(),
    gridCode: gridCode(),
    category: text('category', { enum: DISPUTE_CATEGORIES }).notNull(),
    summary: text('summary').notNull(),
    status: text('status', { enum: ['reported', 'mediating', 'resolved', 'unresolved'] }).notNull().default('reported'),
    mediator: text('mediator'),
    outcome: text('outcome'),
    referredTo: text('referred_to'),
    reportedAt: timestamp('reported_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    mediationStartedAt: timestamp('mediation_started_at', { withTimezone: true, precision: 3 }),
    closedAt: timestamp('closed_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [
    index('disputes_community_idx').on(t.communityCode, t.reportedAt, t.id),
    // Region statistics: disputes resolved in a period, per community (a small partial index).
    index('disputes_resolved_idx').on(t.communityCode, t.closedAt).where(sql`${t.status} = 'resolved'`),
  ],
);

export const disputeParties = pgTable(
  'dispute_parties',
  {
    id: id(),
    disputeId: uuid('dispute_id')
      .notNull()
      .references(() => disputes.id),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    phone: text('phone'),
    idNumber: text('id_number'),
  },
  (t) => [index('dispute_parties_dispute_idx').on(t.disputeId, t.position)],
);

export const needs = pgTable(
  'needs',
  {
    id: id(),
    communityCode: communityCode(),
    gridCode: gridCode(),
    category: text('category', { enum: NEED_CATEGORIES }).notNull(),
    urgency: text('urgency', { enum: NEED_URGENCIES }).notNull(),
    summary: text('summary').notNull(),
    reporterName: text('reporter_name').notNull(),
    reporterPhone: text('reporter_phone'),
    /** The account (identity subject) that reported it: a resident reads the needs they reported. */
    reportedBy: text('reported_by'),
    status: text('status', { enum: ['reported', 'in_service', 'fulfilled', 'closed_unmet'] }).notNull().default('reported'),
    microWishId: uuid('micro_wish_id').references((): AnyPgColumn => microWishes.id),
    serviceCaseId: uuid('service_case_id'),
    reportedAt: timestamp('reported_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    serviceStartedAt: timestamp('service_started_at', { withTimezone: true, precision: 3 }),
    closedAt: timestamp('closed_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [
    index('needs_community_idx').on(t.communityCode, t.reportedAt, t.id),
    index('needs_micro_wish_idx').on(t.microWishId),
    index('needs_reported_by_idx').on(t.reportedBy, t.reportedAt, t.id),
    // Region statistics: needs fulfilled in a period, per community.
    index('needs_fulfilled_idx').on(t.communityCode, t.closedAt).where(sql`${t.status} = 'fulfilled'`),
  ],
);

export const microWishes = pgTable(
  'micro_wishes',
  {
    id: id(),
    communityCode: communityCode(),
    gridCode: gridCode(),
    title: text('title').notNull(),
    description: text('description'),
    category: text('category', { enum: NEED_CATEGORIES }).notNull(),
    posterName: text('poster_name').notNull(),
    posterPhone: text('poster_phone'),
    /** The account (identity subject) that posted it: a resident reads the details of their own wishes. */
    postedBy: text('posted_by'),
    status: text('status', { enum: ['posted', 'claimed', 'fulfilled'] }).notNull().default('posted'),
    claimantKind: text('claimant_kind', { enum: ['organization', 'volunteer', 'party_member'] }),
    claimantId: uuid('claimant_id'),
    claimantLabel: text('claimant_label'),
    fulfilledVia: text('fulfilled_via', { enum: ['claimant', 'service_case'] }),
    note: text('note'),
    postedAt: timestamp('posted_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    claimedAt: timestamp('claimed_at', { withTimezone: true, precision: 3 }),
    fulfilledAt: timestamp('fulfilled_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [
    index('micro_wishes_community_idx').on(t.communityCode, t.postedAt, t.id),
    // Region statistics: wishes fulfilled in a period, per community.
    index('micro_wishes_fulfilled_idx').on(t.communityCode, t.fulfilledAt).where(sql`${t.status} = 'fulfilled'`),
  ],
);

export const microProjects = pgTable(
  'micro_projects',
  {
    id: id(),
    communityCode: communityCode(),
    title: text('title').notNull(),
    category: text('category', { enum: MICRO_PROJECT_CATEGORIES }).notNull(),
    summary: text('summary').notNull(),
    budgetFen: bigint('budget_fen', { mode: 'number' }).notNull(),
    proposalId: uuid('proposal_id').references(() => proposals.id),
    organizationId: uuid('organization_id'),
    status: text('status', { enum: ['planned', 'in_progress', 'completed', 'cancelled'] }).notNull().default('planned'),
    beneficiaryCount: integer('beneficiary_count'),
    closingNote: text('closing_note'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true, precision: 3 }),
    closedAt: timestamp('closed_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [
    index('micro_projects_community_idx').on(t.communityCode, t.createdAt, t.id),
    // Region statistics: the categories planned in a period, per community, from the index alone.
    index('micro_projects_category_idx').on(t.communityCode, t.createdAt, t.category),
  ],
);

export type DisputeRow = typeof disputes.$inferSelect;
export type DisputePartyRow = typeof disputeParties.$inferSelect;
export type NeedRow = typeof needs.$inferSelect;
export type MicroWishRow = typeof microWishes.$inferSelect;
export type MicroProjectRow = typeof microProjects.$inferSelect;
