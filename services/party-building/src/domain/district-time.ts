/**
 * The districts keep Beijing time: "today" and "this year" are theirs, not the server's (a
 * server on UTC would refuse a meeting held this morning in Baotou before 08:00 UTC).
 */
const DISTRICT_TIME_ZONE = 'Asia/Shanghai';

/** YYYY-MM-DD of `instant` in the districts' time zone. */
export function districtDate(instant: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: DISTRICT_TIME_ZONE }).format(instant);
}

export function districtYear(instant: Date = new Date()): number {
  return Number(districtDate(instant).slice(0, 4));
}
