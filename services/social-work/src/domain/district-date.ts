import { z } from 'zod';
import { districtDate, DomainError } from '@sanshe/service-kit';

/** An ISO calendar date (YYYY-MM-DD). */
export const isoDate = z.iso.date();

/** Refuses a date after today in the districts' calendar. */
export function refuseFuture(date: string, today: Date, field: string, what = 'the date'): void {
  if (date > districtDate(today)) throw new DomainError('BAD_USER_INPUT', `${what} cannot be in the future`, field);
}
