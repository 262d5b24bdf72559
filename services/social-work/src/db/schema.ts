import { date, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export { inbox, outbox, knownRegions, knownOrganizations } from '@sanshe/service-kit';

export const socialWorkers = pgTable(
  'social_workers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // Personal data: stored because certificates and service records need it, served masked.
    name: text('name').notNull(),
    certificationLevel: text('certification_level', { enum: ['assistant', 'intermediate', 'senior'] }),
    certificateNumber: text('certificate_number').unique('social_workers_certificate_number_key'),
    certifiedOn: date('certified_on'),
    employment: text('employment', { enum: ['agency', 'government_post'] }).notNull(),
    employerOrganizationId: uuid('employer_organization_id'),
    communityCode: text('community_code').notNull(),
    registeredAt: timestamp('registered_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('social_workers_community_idx').on(t.communityCode, t.registeredAt, t.id)],
);

export type SocialWorkerRow = typeof socialWorkers.$inferSelect;
