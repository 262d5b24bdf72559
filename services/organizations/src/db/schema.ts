import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export { inbox, outbox, knownRegions } from '@sanshe/service-kit';

export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    track: text('track', { enum: ['filed', 'registered'] }).notNull(),
    category: text('category').notNull(),
    serviceFields: text('service_fields').array().notNull().default(sql`'{}'::text[]`),
    legalForm: text('legal_form'),
    creditCode: text('credit_code').unique('organizations_credit_code_key'),
    filingNumber: text('filing_number').unique('organizations_filing_number_key'),
    communityCode: text('community_code').notNull(),
    streetCode: text('street_code').notNull(),
    districtCode: text('district_code').notNull(),
    staffCount: integer('staff_count').notNull().default(0),
    memberCount: integer('member_count').notNull().default(0),
    // Millisecond precision: the keyset cursor carries it through a JS Date without loss.
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    // Newest first within a community: the portal's default order, and the keyset for paging.
    index('organizations_community_idx').on(t.communityCode, t.createdAt.desc(), t.id.desc()),
    index('organizations_street_idx').on(t.streetCode),
  ],
);

export type OrganizationRow = typeof organizations.$inferSelect;
