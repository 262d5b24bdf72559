import { districtDate, DomainError } from '@sanshe/service-kit';

/** A calendar date that exists (2024-02-30 does not), as YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

/**
 * Before this, a founding or opening day is a typo, not history: the community party
 * organizations and stations this service keeps date from the People's Republic.
 */
export const EARLIEST_DAY = '1949-10-01';

/** A day a party organization was founded or a station opened, and the instant it stands for. */
export interface PastDay {
  day: string;
  /** The day's start in district time (Beijing), which is what the statistics compare with. */
  at: Date;
}

/**
 * A YYYY-MM-DD day that has already begun in district time, or null when none was given (the
 * mutation then stamps the moment it runs). Recording an organization founded years ago is how a
 * district brings its existing party organizations onto the platform, and statistics over past
 * periods count it only if it carries its real founding day. Joint meetings are checked here too,
 * from their own earliest day.
 */
export function parsePastDay(value: string | null | undefined, field: string, now: Date = new Date(), earliest: string = EARLIEST_DAY): PastDay | null {
  if (value == null) return null;
  if (!isCalendarDate(value)) throw new DomainError('BAD_USER_INPUT', `${field} is a date YYYY-MM-DD`, field);
  const today = districtDate(now);
  if (value > today) throw new DomainError('BAD_USER_INPUT', `${field} cannot be after today (${today}, Beijing time)`, field);
  if (value < earliest) throw new DomainError('BAD_USER_INPUT', `${field} cannot be before ${earliest}`, field);
  return { day: value, at: new Date(`${value}T00:00:00+08:00`) };
}
