import { index, integer, pgTable, text, timestamp, type AnyPgColumn } from 'drizzle-orm/pg-core';

export const regions = pgTable(
  'regions',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    level: text('level', { enum: ['district', 'street', 'township', 'community', 'village'] }).notNull(),
    parentCode: text('parent_code').references((): AnyPgColumn => regions.code),
    // Denormalised ancestors: `communities(within:)` filters on them without walking the tree.
    districtCode: text('district_code').notNull(),
    streetCode: text('street_code'),
    population: integer('population'),
    households: integer('households'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('regions_parent_idx').on(t.parentCode, t.code),
    index('regions_district_idx').on(t.districtCode, t.level, t.code),
    index('regions_street_idx').on(t.streetCode, t.code),
  ],
);

export type RegionRow = typeof regions.$inferSelect;
