import { index, integer, pgTable, text, timestamp, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';

export { inbox, outbox, knownRegions, knownOrganizations } from '@sanshe/service-kit';

export const partyOrganizations = pgTable(
  'party_organizations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kind: text('kind', {
      enum: ['street_working_committee', 'community_committee', 'general_branch', 'branch', 'joint_branch'],
    }).notNull(),
    regionCode: text('region_code').notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => partyOrganizations.id),
    fullMembers: integer('full_members').notNull(),
    probationaryMembers: integer('probationary_members').notNull().default(0),
    foundedAt: timestamp('founded_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('party_organizations_region_idx').on(t.regionCode, t.foundedAt, t.id)],
);

/**
 * Which social organizations a party organization covers. One row per organization: the primary
 * key makes "covered twice" impossible even under concurrent founding.
 */
export const coverage = pgTable('coverage', {
  organizationId: uuid('organization_id').primaryKey(),
  partyOrganizationId: uuid('party_organization_id')
    .notNull()
    .references(() => partyOrganizations.id),
});

export type PartyOrganizationRow = typeof partyOrganizations.$inferSelect;
