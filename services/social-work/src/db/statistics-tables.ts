import { sql } from 'drizzle-orm';
import { bigint, check, date, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * The figures region statistics count from large tables, summed per region and period so that a
 * district dashboard reads a few hundred rows instead of millions of records
 * (domain/statistics-rollup.ts writes it, domain/statistics-store.ts reads it).
 *
 * A row is one region — a community (12 digits) AND its street (9) AND its district (6) each get
 * their own row, so asking for a district reads the district's rows only — and one day or one
 * calendar month (district-local dates): months answer the whole months of a period, days its
 * ragged edges. Every figure only grows, in the same transaction as the change it counts:
 *
 * - `volunteers_registered`: volunteers by registration date (the stock at a date is the sum of
 *   everything up to it; volunteers never leave or move);
 * - `verified_minutes`, `verified_records`: verified volunteer service by service date, counted
 *   for the volunteer's community (as `Community.volunteerMinutes`);
 * - `cases_opened`, `cases_closed`: service cases by the date they opened / closed.
 *
 * The migration that created it backfilled it from the rows that existed then.
 */
export const statisticsRollup = pgTable(
  'statistics_rollup',
  {
    regionCode: text('region_code').notNull(),
    grain: text('grain', { enum: ['day', 'month'] }).notNull(),
    // The day, or the first day of the month.
    startsOn: date('starts_on').notNull(),
    volunteersRegistered: integer('volunteers_registered').notNull().default(0),
    verifiedMinutes: bigint('verified_minutes', { mode: 'number' }).notNull().default(0),
    verifiedRecords: integer('verified_records').notNull().default(0),
    casesOpened: integer('cases_opened').notNull().default(0),
    casesClosed: integer('cases_closed').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.regionCode, t.grain, t.startsOn] }),
    check('statistics_rollup_region_check', sql`${t.regionCode} ~ '^([0-9]{6}|[0-9]{9}|[0-9]{12})$'`),
    check('statistics_rollup_month_check', sql`${t.grain} = 'day' or extract(day from ${t.startsOn}) = 1`),
    check(
      'statistics_rollup_nonnegative_check',
      sql`${t.volunteersRegistered} >= 0 and ${t.verifiedMinutes} >= 0 and ${t.verifiedRecords} >= 0 and ${t.casesOpened} >= 0 and ${t.casesClosed} >= 0`,
    ),
  ],
);
