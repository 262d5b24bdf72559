import { sql } from 'drizzle-orm';
import { bigint, check, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';

export { inbox, outbox, knownRegions, knownOrganizations, auditLog } from '@sanshe/service-kit';

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
    /**
     * Why the organization must be reorganised (src/domain/reorganisation.ts); empty when it meets
     * its rules. A set, because a joint branch can lose members and organizations at once.
     */
    reorganisationReasons: text('reorganisation_reasons').array().notNull().default(sql`'{}'::text[]`),
    reorganisationFlaggedAt: timestamp('reorganisation_flagged_at', { withTimezone: true, precision: 3 }),
    foundedAt: timestamp('founded_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index('party_organizations_region_idx').on(t.regionCode, t.foundedAt, t.id),
    index('party_organizations_parent_idx').on(t.parentId),
    // One 街道党工委 per street and one 社区党委 per community: the region's leading organization.
    uniqueIndex('party_organizations_one_committee_idx')
      .on(t.regionCode)
      .where(sql`${t.kind} in ('street_working_committee', 'community_committee')`),
    // The domain refuses these first; the checks keep a bug from writing them anyway.
    check('party_organizations_members_check', sql`${t.fullMembers} >= 0 and ${t.probationaryMembers} >= 0`),
  ],
);

/**
 * Which social organizations a party organization covers. One row per organization: the primary
 * key makes "covered twice" impossible even under concurrent founding.
 */
export const coverage = pgTable(
  'coverage',
  {
    organizationId: uuid('organization_id').primaryKey(),
    partyOrganizationId: uuid('party_organization_id')
      .notNull()
      .references(() => partyOrganizations.id),
  },
  // coveredOrganizations and the deregistration consumer look rows up by party organization.
  (t) => [index('coverage_party_organization_idx').on(t.partyOrganizationId)],
);

/**
 * Coverage that ended: an organization deregistered leaves its party organization
 * (events/organization-deregistered.ts), and its `coverage` row goes. Kept here with when it ended,
 * so coverage over a period that ended before then still counts it as covered.
 */
export const endedCoverage = pgTable('ended_coverage', {
  organizationId: uuid('organization_id').primaryKey(),
  partyOrganizationId: uuid('party_organization_id')
    .notNull()
    .references(() => partyOrganizations.id),
  endedAt: timestamp('ended_at', { withTimezone: true, precision: 3 }).notNull(),
});

/**
 * Every lifecycle state a social organization has had, from the organizations events (the shared
 * replica keeps only the last): in force from `since` (the event's time, when organizations recorded
 * the change) until `until` (the next change; null while it holds), with the community the event
 * placed it in. Coverage over a past period counts the organizations active at its end from here
 * (statistics-store.ts). Rows that predate this table were copied from the replica with `since` =
 * -infinity: their history is unknown, so they count in their last announced state for every
 * period, as before.
 */
export const organizationStates = pgTable(
  'organization_states',
  {
    organizationId: uuid('organization_id').notNull(),
    state: text('state').notNull(),
    communityCode: text('community_code').notNull(),
    since: timestamp('since', { withTimezone: true, precision: 3 }).notNull(),
    until: timestamp('until', { withTimezone: true, precision: 3 }),
  },
  // Statistics read a range of community codes here directly (no join to the replica for it):
  // on the city dataset a district's coverage took 2.0 ms this way, 6.7–10 ms joined.
  (t) => [primaryKey({ columns: [t.organizationId, t.since] }), index('organization_states_community_idx').on(t.communityCode)],
);

/**
 * The member counts each party organization has had (party_organizations keeps only the current
 * ones): in force from `since` (its founding, or the membership change; the database's clock, as
 * `founded_at`) until `until` (the next change; null while they hold). `partyMembers` over a past
 * period sums the counts in force when it ended (statistics-store.ts). Organizations founded before
 * this table got one row from their founding with their counts then current: what they were
 * before is not known.
 */
export const partyMembershipHistory = pgTable(
  'party_membership_history',
  {
    partyOrganizationId: uuid('party_organization_id')
      .notNull()
      .references(() => partyOrganizations.id),
    fullMembers: integer('full_members').notNull(),
    probationaryMembers: integer('probationary_members').notNull(),
    since: timestamp('since', { withTimezone: true, precision: 3 }).notNull(),
    until: timestamp('until', { withTimezone: true, precision: 3 }),
  },
  (t) => [primaryKey({ columns: [t.partyOrganizationId, t.since] })],
);

/**
 * Party dues collected per organization and year, with the rebate computed when recorded
 * (src/domain/dues.ts). A later record for the same year replaces the earlier one.
 */
export const partyDues = pgTable(
  'party_dues',
  {
    partyOrganizationId: uuid('party_organization_id')
      .notNull()
      .references(() => partyOrganizations.id),
    year: integer('year').notNull(),
    collectedFen: bigint('collected_fen', { mode: 'number' }).notNull(),
    rebateFen: bigint('rebate_fen', { mode: 'number' }).notNull(),
    /** Full + probationary members when the dues were recorded: what the rebate rule looked at. */
    membersCounted: integer('members_counted').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.partyOrganizationId, t.year] }),
    check('party_dues_amounts_check', sql`${t.collectedFen} >= 0 and ${t.rebateFen} >= 0 and ${t.rebateFen} <= ${t.collectedFen}`),
  ],
);

/**
 * A street's share of the party service fund (党组织服务群众专项经费) earmarked for community social
 * organizations, in basis points. Streets without a row use PARTY_SERVICE_FUND_SHARE_BP (seed 003).
 */
export const fundShares = pgTable(
  'fund_shares',
  {
    streetCode: text('street_code').primaryKey(),
    basisPoints: integer('basis_points').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [check('fund_shares_basis_points_check', sql`${t.basisPoints} between 0 and 10000`)],
);

/** 党组织服务站点: placed in a community's courtyards, grids, buildings and units (seed 000). */
export const serviceStations = pgTable(
  'service_stations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    communityCode: text('community_code').notNull(),
    placement: text('placement', { enum: ['community', 'grid', 'building', 'unit'] }).notNull(),
    locationLabel: text('location_label').notNull(),
    partyOrganizationId: uuid('party_organization_id').references(() => partyOrganizations.id),
    openedAt: timestamp('opened_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index('service_stations_community_idx').on(t.communityCode, t.openedAt, t.id),
    index('service_stations_party_organization_idx').on(t.partyOrganizationId),
  ],
);

/** 区域党建联席会议: a committee meets the resident units of its area (共驻共建, seed 000 and 003). */
export const jointMeetings = pgTable(
  'joint_meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    hostId: uuid('host_id')
      .notNull()
      .references(() => partyOrganizations.id),
    /** The host's region, copied so that lists by region need no join. */
    regionCode: text('region_code').notNull(),
    heldOn: date('held_on', { mode: 'string' }).notNull(),
    participatingUnits: text('participating_units').array().notNull(),
    topics: text('topics').array().notNull(),
    outcomes: text('outcomes').array().notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('joint_meetings_region_idx').on(t.regionCode, t.heldOn, t.id), index('joint_meetings_host_idx').on(t.hostId, t.heldOn)],
);

export type PartyOrganizationRow = typeof partyOrganizations.$inferSelect;
export type PartyDuesRow = typeof partyDues.$inferSelect;
export type ServiceStationRow = typeof serviceStations.$inferSelect;
export type JointMeetingRow = typeof jointMeetings.$inferSelect;
