import { DomainError, isUuid } from '@sanshe/service-kit';

/**
 * Input checks shared by every mutation. Each refusal is a BAD_USER_INPUT (or NOT_FOUND for ids
 * that cannot exist) naming the input field, thrown before anything is written.
 */
export function text(value: string, field: string, { min = 1, max = 200 } = {}): string {
  // A NUL character never gets here: every subgraph refuses one in any field's arguments
  // (service-kit's graphql/text-arguments.ts).
  const trimmed = value.trim();
  const length = [...trimmed].length;
  if (length < min || length > max) throw new DomainError('BAD_USER_INPUT', `${field} has ${min} to ${max} characters`, field);
  return trimmed;
}

export function optionalText(value: string | null | undefined, field: string, options: { min?: number; max?: number } = {}): string | null {
  if (value == null || value.trim() === '') return null;
  return text(value, field, options);
}

export function wholeNumber(value: number, field: string, { min = 0, max = 10_000_000 } = {}): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DomainError('BAD_USER_INPUT', `${field} is a whole number from ${min} to ${max}`, field);
  }
  return value;
}

/** A calendar date, YYYY-MM-DD, that exists (no 2月30日). */
export function isoDate(value: string, field: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match || !isCalendarDate(Number(match[1]), Number(match[2]), Number(match[3]))) {
    throw new DomainError('BAD_USER_INPUT', `${field} is a date written YYYY-MM-DD`, field);
  }
  return value;
}

export function optionalIsoDate(value: string | null | undefined, field: string): string | null {
  return value == null ? null : isoDate(value, field);
}

export function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** An ISO 8601 date-time with an offset (2024-05-01T19:30:00+08:00). */
export function isoDateTime(value: string, field: string): Date {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new DomainError('BAD_USER_INPUT', `${field} is an ISO date-time with an offset, e.g. 2024-05-01T19:30:00+08:00`, field);
  }
  return new Date(value);
}

/** Ids that are not UUIDs name nothing: NOT_FOUND, never a database cast error. */
export function uuidRef(value: string, field: string, what: string): string {
  if (!isUuid(value)) throw new DomainError('NOT_FOUND', `no ${what} ${value}`, field);
  return value.toLowerCase();
}

export function optionalUuid(value: string | null | undefined, field: string, what: string): string | null {
  return value == null ? null : uuidRef(value, field, what);
}

/** A year (2024), half (2024-H1), quarter (2024-Q3) or month (2024-07). */
export function period(value: string, field: string): string {
  const trimmed = value.trim().toUpperCase();
  if (!/^\d{4}(-H[12]|-Q[1-4]|-(0[1-9]|1[0-2]))?$/.test(trimmed) || Number(trimmed.slice(0, 4)) < 1949) {
    throw new DomainError('BAD_USER_INPUT', `${field} is a year (2024), half (2024-H1), quarter (2024-Q3) or month (2024-07)`, field);
  }
  return trimmed;
}

/** Lower-case storage values ↔ upper-case GraphQL enum values. */
export const toGraph = <T extends string>(value: T): Uppercase<T> => value.toUpperCase() as Uppercase<T>;
export const fromGraph = <T extends string>(value: T): Lowercase<T> => value.toLowerCase() as Lowercase<T>;
export const optionalFromGraph = <T extends string>(value: T | null | undefined): Lowercase<T> | null =>
  value == null ? null : fromGraph(value);
