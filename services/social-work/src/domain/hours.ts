/**
 * Volunteer service time, in integer minutes — never fractions of hours (《志愿服务记录与证明出具办法》
 * counts hours; we keep minutes so sums are exact).
 *
 * A record is either a time span (starts/ends at whole minutes) or a duration in minutes on a date.
 * Rules, per volunteer:
 *  - a record lasts 1–1440 minutes (at most 24 h) and a span ends after it starts;
 *  - a record is not in the future (a span has ended, a date is not after today, Asia/Shanghai);
 *  - a span's service date is the local date it starts on (a night shift belongs to its first day);
 *  - two spans of the same volunteer never overlap (half-open: 10:00–12:00 and 12:00–13:00 touch, fine);
 *  - the records of one service date total at most 1440 minutes — the only check a duration
 *    without clock times can take part in.
 */
import { DomainError, districtDate } from '@sanshe/service-kit';
import { refuseFuture } from './district-date.ts';

export const MINUTES_PER_DAY = 24 * 60;
const MS_PER_MINUTE = 60_000;

export interface ServiceTime {
  serviceDate: string;
  startsAt: Date | null;
  endsAt: Date | null;
  minutes: number;
}

export interface ServiceTimeInput {
  serviceDate?: string | null;
  startsAt?: Date | null;
  endsAt?: Date | null;
  minutes?: number | null;
}

/** Whole minutes from `startsAt` to `endsAt`: positive, on minute boundaries, at most 24 h. */
export function spanMinutes(startsAt: Date, endsAt: Date): number {
  if (startsAt.getTime() % MS_PER_MINUTE !== 0) throw new DomainError('BAD_USER_INPUT', 'service time is recorded to the minute', 'input.startsAt');
  if (endsAt.getTime() % MS_PER_MINUTE !== 0) throw new DomainError('BAD_USER_INPUT', 'service time is recorded to the minute', 'input.endsAt');
  const minutes = (endsAt.getTime() - startsAt.getTime()) / MS_PER_MINUTE;
  if (minutes <= 0) throw new DomainError('BAD_USER_INPUT', 'a service ends after it starts', 'input.endsAt');
  if (minutes > MINUTES_PER_DAY) throw new DomainError('BAD_USER_INPUT', 'a service record cannot exceed 24 hours', 'input.endsAt');
  return minutes;
}

/** Turns a record's input into its service time, refusing what cannot be a record. */
export function resolveServiceTime(input: ServiceTimeInput, now: Date): ServiceTime {
  const { startsAt = null, endsAt = null, minutes = null, serviceDate = null } = input;
  if (startsAt !== null || endsAt !== null) {
    if (startsAt === null) throw new DomainError('BAD_USER_INPUT', 'a time span has a start', 'input.startsAt');
    if (endsAt === null) throw new DomainError('BAD_USER_INPUT', 'a time span has an end', 'input.endsAt');
    if (minutes !== null) throw new DomainError('BAD_USER_INPUT', 'give either a time span or minutes, not both', 'input.minutes');
    const span = spanMinutes(startsAt, endsAt);
    if (endsAt.getTime() > now.getTime()) throw new DomainError('BAD_USER_INPUT', 'a service is recorded after it ended', 'input.endsAt');
    const date = districtDate(startsAt);
    if (serviceDate !== null && serviceDate !== date) {
      throw new DomainError('BAD_USER_INPUT', `the span starts on ${date}, not ${serviceDate}`, 'input.serviceDate');
    }
    return { serviceDate: date, startsAt, endsAt, minutes: span };
  }
  if (minutes === null) throw new DomainError('BAD_USER_INPUT', 'give a time span or minutes', 'input.minutes');
  if (!Number.isInteger(minutes) || minutes < 1) throw new DomainError('BAD_USER_INPUT', 'minutes are a positive whole number', 'input.minutes');
  if (minutes > MINUTES_PER_DAY) throw new DomainError('BAD_USER_INPUT', 'a service record cannot exceed 24 hours', 'input.minutes');
  if (serviceDate === null) throw new DomainError('BAD_USER_INPUT', 'a duration needs its service date', 'input.serviceDate');
  refuseFuture(serviceDate, now, 'input.serviceDate', 'a service date');
  return { serviceDate, startsAt: null, endsAt: null, minutes };
}

/** Half-open intervals [start, end): touching spans do not overlap. */
export function spansOverlap(a: { startsAt: Date; endsAt: Date }, b: { startsAt: Date; endsAt: Date }): boolean {
  return a.startsAt.getTime() < b.endsAt.getTime() && b.startsAt.getTime() < a.endsAt.getTime();
}

/**
 * Checks a new record against the volunteer's existing ones (those within a day of it suffice:
 * no record is longer than 24 h). Refuses an overlapping span or a day over 24 h.
 */
export function checkAgainstExisting(candidate: ServiceTime, existing: readonly (ServiceTime & { id: string })[]): void {
  if (candidate.startsAt && candidate.endsAt) {
    const span = { startsAt: candidate.startsAt, endsAt: candidate.endsAt };
    const clash = existing.find((r) => r.startsAt && r.endsAt && spansOverlap(span, { startsAt: r.startsAt, endsAt: r.endsAt }));
    if (clash) {
      throw new DomainError('RULE_VIOLATION', 'the volunteer already has a service record in this time', 'input.startsAt', { overlapsRecordId: clash.id });
    }
  }
  const sameDay = sumMinutes(existing.filter((r) => r.serviceDate === candidate.serviceDate));
  if (sameDay + candidate.minutes > MINUTES_PER_DAY) {
    throw new DomainError(
      'RULE_VIOLATION',
      `the volunteer's records on ${candidate.serviceDate} would total more than 24 hours (${sameDay} minutes recorded)`,
      candidate.startsAt ? 'input.endsAt' : 'input.minutes',
    );
  }
}

/** Exact integer sum; refuses anything that is not whole minutes. */
export function sumMinutes(records: readonly { minutes: number }[]): number {
  let total = 0;
  for (const { minutes } of records) {
    if (!Number.isInteger(minutes) || minutes < 0) throw new RangeError(`not whole minutes: ${minutes}`);
    total += minutes;
  }
  if (!Number.isSafeInteger(total)) throw new RangeError('minute total out of range');
  return total;
}

export function splitMinutes(minutes: number): { hours: number; remainderMinutes: number } {
  return { hours: Math.floor(minutes / 60), remainderMinutes: minutes % 60 };
}

/** 12小时05分 */
export function formatDuration(minutes: number): string {
  const { hours, remainderMinutes } = splitMinutes(minutes);
  return `${hours}小时${String(remainderMinutes).padStart(2, '0')}分`;
}
