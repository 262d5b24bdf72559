import { z } from 'zod';
import { districtDate, DomainError } from '@sanshe/service-kit';

// The calendar date in the districts' time zone (UTC+8): a date "today" is not "in the future" at 07:00.
export { districtDate };

/** An ISO calendar date (YYYY-MM-DD). */
export const isoDate = z.iso.date();

/** Refuses a date after today in the districts' calendar. */
export function refuseFuture(date: string, today: Date, field: string, what = 'the date'): void {
  if (date > districtDate(today)) throw new DomainError('BAD_USER_INPUT', `${what} cannot be in the future`, field);
}

/** The ISO date `days` after (or before) `date`. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
