/**
 * The statistics rollup (src/db/statistics-tables.ts): what a change adds to it, and which of its
 * rows answer a period. Pure functions, plus the one upsert every writer calls in its own
 * transaction — registering or importing volunteers, verifying or importing service records,
 * opening or closing cases.
 */
import { sql } from 'drizzle-orm';
import type { AnyPgTx } from '@sanshe/service-kit';
import { recordset } from './json-rows.ts';
import { addDays } from '@sanshe/service-kit';

export const ROLLUP_FIGURES = ['volunteersRegistered', 'verifiedMinutes', 'verifiedRecords', 'casesOpened', 'casesClosed'] as const;
export type RollupFigure = (typeof ROLLUP_FIGURES)[number];

/** What one change adds, for one community on one district-local day. */
export type RollupDelta = { communityCode: string; day: string } & Partial<Record<RollupFigure, number>>;

export interface RollupRow extends Record<RollupFigure, number> {
  regionCode: string;
  grain: 'day' | 'month';
  startsOn: string;
}

/** The community itself, its street and its district (community codes have 12 digits). */
export function regionsOf(communityCode: string): string[] {
  return [communityCode.slice(0, 6), communityCode.slice(0, 9), communityCode];
}

/**
 * Every rollup row the deltas touch — each delta for three regions × two grains — summed per row,
 * and sorted by the table's key: concurrent writers then lock shared rows (a district's month) in
 * the same order and wait for each other instead of deadlocking.
 */
export function rollupRows(deltas: readonly RollupDelta[]): RollupRow[] {
  const rows = new Map<string, RollupRow>();
  for (const delta of deltas) {
    for (const regionCode of regionsOf(delta.communityCode)) {
      for (const [grain, startsOn] of [['day', delta.day], ['month', `${delta.day.slice(0, 7)}-01`]] as const) {
        const key = `${regionCode}|${grain}|${startsOn}`;
        let row = rows.get(key);
        if (!row) {
          row = { regionCode, grain, startsOn, volunteersRegistered: 0, verifiedMinutes: 0, verifiedRecords: 0, casesOpened: 0, casesClosed: 0 };
          rows.set(key, row);
        }
        for (const figure of ROLLUP_FIGURES) row[figure] += delta[figure] ?? 0;
      }
    }
  }
  const byKey = (a: RollupRow, b: RollupRow) => compare(a.regionCode, b.regionCode) || compare(a.grain, b.grain) || compare(a.startsOn, b.startsOn);
  return [...rows.values()].sort(byKey);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Adds the deltas to the rollup: one statement, in the caller's transaction. */
export async function addToRollup(tx: AnyPgTx, deltas: readonly RollupDelta[]): Promise<void> {
  const rows = rollupRows(deltas);
  if (rows.length === 0) return;
  await tx.execute(sql`
    insert into statistics_rollup (region_code, grain, starts_on, volunteers_registered, verified_minutes, verified_records, cases_opened, cases_closed)
    select r."regionCode", r.grain, r."startsOn", r."volunteersRegistered", r."verifiedMinutes", r."verifiedRecords", r."casesOpened", r."casesClosed"
    from ${recordset(rows, 'r', '"regionCode" text, grain text, "startsOn" date, "volunteersRegistered" int, "verifiedMinutes" bigint, "verifiedRecords" int, "casesOpened" int, "casesClosed" int')}
    on conflict (region_code, grain, starts_on) do update set
      volunteers_registered = statistics_rollup.volunteers_registered + excluded.volunteers_registered,
      verified_minutes = statistics_rollup.verified_minutes + excluded.verified_minutes,
      verified_records = statistics_rollup.verified_records + excluded.verified_records,
      cases_opened = statistics_rollup.cases_opened + excluded.cases_opened,
      cases_closed = statistics_rollup.cases_closed + excluded.cases_closed`);
}

/** Half-open [from, until) ranges of dates (ISO), empty when from = until. */
export interface DateRange {
  from: string;
  until: string;
}

/**
 * The rollup rows that answer a period of inclusive dates `from`..`to`: the whole calendar months
 * inside it from the month rows, the ragged days before and after them from the day rows. A
 * period inside one month reads only days. A year's figures for a district are 12 rows.
 */
export function periodRanges(from: string, to: string): { months: DateRange; days: [DateRange, DateRange] } {
  const firstOfMonth = (date: string) => `${date.slice(0, 7)}-01`;
  const dayAfter = addDays(to, 1);
  // First month starting on or after `from`; first day of the month the day after the period is in.
  const monthsFrom = from.endsWith('-01') ? from : addMonth(firstOfMonth(from));
  const monthsUntil = firstOfMonth(dayAfter);
  if (monthsFrom >= monthsUntil) {
    return { months: { from: monthsFrom, until: monthsFrom }, days: [{ from, until: dayAfter }, { from: dayAfter, until: dayAfter }] };
  }
  return { months: { from: monthsFrom, until: monthsUntil }, days: [{ from, until: monthsFrom }, { from: monthsUntil, until: dayAfter }] };
}

/**
 * The rows that answer "everything up to and including `to`" (a stock, such as volunteers
 * registered by the end of the period): every month before `to`'s month, and its days up to `to`.
 */
export function stockRanges(to: string): { monthsUntil: string; days: DateRange } {
  const dayAfter = addDays(to, 1);
  const monthsUntil = `${dayAfter.slice(0, 7)}-01`;
  return { monthsUntil, days: { from: monthsUntil, until: dayAfter } };
}

function addMonth(firstOfMonth: string): string {
  const [year, month] = firstOfMonth.split('-').map(Number) as [number, number];
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}
