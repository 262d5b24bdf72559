/**
 * The districts keep Beijing time (Asia/Shanghai, UTC+8 all year): "today", "this year", award
 * dates and report periods are theirs, not the server's — a server on UTC would call a meeting
 * held this morning in Baotou before 08:00 UTC yesterday's.
 */
export const DISTRICT_TIME_ZONE = 'Asia/Shanghai';

// Made once: constructing an Intl.DateTimeFormat costs tens of microseconds, formatting with one
// about one. Resolvers ask for today per row (is this grade still valid?), imports per record.
const DISTRICT_CALENDAR = new Intl.DateTimeFormat('en-CA', { timeZone: DISTRICT_TIME_ZONE });

/** YYYY-MM-DD of `instant` in the districts' time zone. */
export function districtDate(instant: Date = new Date()): string {
  return DISTRICT_CALENDAR.format(instant);
}

/** The calendar year of `instant` in the districts' time zone. */
export function districtYear(instant: Date = new Date()): number {
  return Number(districtDate(instant).slice(0, 4));
}

/**
 * The calendar date `days` after (or before) an ISO date. Calendar arithmetic, not instants: no
 * time zone enters, and month and year ends roll over (2024-02-28 + 1 is 2024-02-29).
 */
export function addDays(date: string, days: number): string {
  // Parsed as an ISO string, not through Date.UTC, which reads years 0–99 as 1900–1999.
  const shifted = new Date(`${date}T00:00:00Z`);
  shifted.setUTCDate(shifted.getUTCDate() + days);
  return shifted.toISOString().slice(0, 10);
}
