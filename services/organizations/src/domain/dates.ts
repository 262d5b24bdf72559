import { z } from 'zod';
import { districtDate, DomainError } from '@sanshe/service-kit';

export const isoDate = z.iso.date('an ISO date (YYYY-MM-DD)');

/** An optional ISO date argument: today when omitted, never in the future. */
export function dateOrToday(value: string | null | undefined, field: string, today: string = districtDate()): string {
  if (value == null) return today;
  const parsed = isoDate.safeParse(value);
  if (!parsed.success) throw new DomainError('BAD_USER_INPUT', `${field} must be an ISO date (YYYY-MM-DD)`, field);
  if (parsed.data > today) throw new DomainError('BAD_USER_INPUT', `${field} cannot be in the future`, field);
  return parsed.data;
}

/** `date` plus whole years; 29 February becomes 1 March in a common year. */
export function addYears(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
}
