import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { socialWorkers } from './workforce-tables.ts';

/**
 * Service fields of the organizations this service knows, kept from the organizations service's
 * filed/registered events (the shared `known_organizations` replica does not carry them).
 */
export const organizationServiceFields = pgTable('organization_service_fields', {
  organizationId: uuid('organization_id').primaryKey(),
  serviceFields: text('service_fields').array().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** A need reported in self-governance, taken on as a case (one per need). */
export const serviceCases = pgTable(
  'service_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    needId: uuid('need_id').notNull().unique('service_cases_need_id_key'),
    communityCode: text('community_code').notNull(),
    gridCode: text('grid_code'),
    category: text('category').notNull(),
    urgency: text('urgency', { enum: ['low', 'normal', 'high', 'urgent'] }).notNull(),
    summary: text('summary').notNull(),
    microWishId: uuid('micro_wish_id'),
    socialWorkerId: uuid('social_worker_id').references(() => socialWorkers.id),
    organizationId: uuid('organization_id'),
    matchedBy: text('matched_by', { enum: ['automatic', 'manual'] }),
    status: text('status', { enum: ['open', 'closed'] }).notNull().default('open'),
    resolved: boolean('resolved'),
    closeReason: text('close_reason'),
    openedAt: timestamp('opened_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [
    index('service_cases_community_idx').on(t.communityCode, t.openedAt, t.id),
    index('service_cases_worker_idx').on(t.socialWorkerId, t.status),
    index('service_cases_organization_idx').on(t.organizationId, t.status),
    check('service_cases_one_assignee_check', sql`${t.socialWorkerId} is null or ${t.organizationId} is null`),
  ],
);

/** Services delivered on a case by a social worker. Notes may hold personal data: never served or sent. */
export const caseServiceRecords = pgTable(
  'case_service_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id').notNull().references(() => serviceCases.id),
    socialWorkerId: uuid('social_worker_id').notNull().references(() => socialWorkers.id),
    serviceDate: date('service_date').notNull(),
    minutes: integer('minutes').notNull(),
    notes: text('notes'),
    recordedAt: timestamp('recorded_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('case_service_records_case_idx').on(t.caseId, t.recordedAt, t.id), check('case_service_records_minutes_check', sql`${t.minutes} between 1 and 1440`)],
);

export type ServiceCaseRow = typeof serviceCases.$inferSelect;
export type CaseServiceRecordRow = typeof caseServiceRecords.$inferSelect;
