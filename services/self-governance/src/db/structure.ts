import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { regions } from './regions.ts';

/**
 * The community's own structure: 居委会 and its terms and members, 工作站 (居站分设), 居民小组,
 * and the grid → building → unit hierarchy with its 三长. Personal data (names, phone numbers) is
 * kept because the committee, the groups and the 三长 are reached through them; it leaves masked.
 */
const id = () => uuid('id').primaryKey().defaultRandom();
const createdAt = () => timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow();
const communityCode = () =>
  text('community_code')
    .notNull()
    .references(() => regions.code);

export const residentsCommittees = pgTable('residents_committees', {
  id: id(),
  // One committee per community (城市居民委员会组织法): the unique key refuses a second.
  communityCode: communityCode().unique('residents_committees_community_key'),
  name: text('name').notNull(),
  establishedOn: date('established_on', { mode: 'string' }),
  createdAt: createdAt(),
});

export const committeeTerms = pgTable(
  'committee_terms',
  {
    id: id(),
    committeeId: uuid('committee_id')
      .notNull()
      .references(() => residentsCommittees.id),
    number: integer('number').notNull(),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('committee_terms_number_key').on(t.committeeId, t.number), index('committee_terms_dates_idx').on(t.committeeId, t.startsOn)],
);

export const committeeMembers = pgTable(
  'committee_members',
  {
    id: id(),
    termId: uuid('term_id')
      .notNull()
      .references(() => committeeTerms.id),
    role: text('role', { enum: ['director', 'deputy_director', 'member'] }).notNull(),
    name: text('name').notNull(),
    phone: text('phone'),
    createdAt: createdAt(),
  },
  (t) => [
    index('committee_members_term_idx').on(t.termId, t.createdAt, t.id),
    // A term has one director (主任).
    uniqueIndex('committee_members_one_director_key').on(t.termId).where(sql`${t.role} = 'director'`),
  ],
);

export const serviceStations = pgTable(
  'service_stations',
  {
    id: id(),
    communityCode: communityCode(),
    name: text('name').notNull(),
    address: text('address'),
    openedOn: date('opened_on', { mode: 'string' }),
    separatedFromCommittee: boolean('separated_from_committee').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('service_stations_name_key').on(t.communityCode, t.name)],
);

export const residentGroups = pgTable(
  'resident_groups',
  {
    id: id(),
    communityCode: communityCode(),
    name: text('name').notNull(),
    households: integer('households'),
    leaderName: text('leader_name'),
    leaderPhone: text('leader_phone'),
    leaderAppointedAt: timestamp('leader_appointed_at', { withTimezone: true, precision: 3 }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('resident_groups_name_key').on(t.communityCode, t.name), index('resident_groups_list_idx').on(t.communityCode, t.createdAt, t.id)],
);

export const grids = pgTable(
  'grids',
  {
    // 15 digits: the community's 12 and the grid's own 3.
    code: text('code').primaryKey(),
    communityCode: communityCode(),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('grids_community_idx').on(t.communityCode, t.code)],
);

export const buildings = pgTable(
  'buildings',
  {
    id: id(),
    gridCode: text('grid_code')
      .notNull()
      .references(() => grids.code),
    communityCode: communityCode(),
    label: text('label').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('buildings_label_key').on(t.gridCode, t.label), index('buildings_list_idx').on(t.gridCode, t.createdAt, t.id)],
);

export const units = pgTable(
  'units',
  {
    id: id(),
    buildingId: uuid('building_id')
      .notNull()
      .references(() => buildings.id),
    gridCode: text('grid_code').notNull(),
    communityCode: communityCode(),
    label: text('label').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('units_label_key').on(t.buildingId, t.label), index('units_list_idx').on(t.buildingId, t.createdAt, t.id)],
);

/** The 三长. `area` is the grid code, building id or unit id the leader answers for. */
export const areaLeaders = pgTable(
  'area_leaders',
  {
    id: id(),
    level: text('level', { enum: ['grid', 'building', 'unit'] }).notNull(),
    area: text('area').notNull(),
    gridCode: text('grid_code')
      .notNull()
      .references(() => grids.code),
    buildingId: uuid('building_id').references(() => buildings.id),
    unitId: uuid('unit_id').references(() => units.id),
    communityCode: communityCode(),
    name: text('name').notNull(),
    phone: text('phone'),
    appointedAt: timestamp('appointed_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    steppedDownAt: timestamp('stepped_down_at', { withTimezone: true, precision: 3 }),
  },
  (t) => [
    // One serving leader per grid, building or unit.
    uniqueIndex('area_leaders_serving_key').on(t.area).where(sql`${t.steppedDownAt} is null`),
    index('area_leaders_community_idx').on(t.communityCode, t.appointedAt, t.id),
  ],
);

export type ResidentsCommitteeRow = typeof residentsCommittees.$inferSelect;
export type CommitteeTermRow = typeof committeeTerms.$inferSelect;
export type CommitteeMemberRow = typeof committeeMembers.$inferSelect;
export type ServiceStationRow = typeof serviceStations.$inferSelect;
export type ResidentGroupRow = typeof residentGroups.$inferSelect;
export type GridRow = typeof grids.$inferSelect;
export type BuildingRow = typeof buildings.$inferSelect;
export type UnitRow = typeof units.$inferSelect;
export type AreaLeaderRow = typeof areaLeaders.$inferSelect;
