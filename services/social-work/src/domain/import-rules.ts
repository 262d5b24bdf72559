/**
 * Bulk imports (a district data office's spreadsheet, a verified ledger, the city-scale generator):
 * each record is checked by the very rules of its single mutation — registerVolunteer,
 * recordVolunteerService — and a refusal names the record, `input.records.<i>.<field>`. The first
 * bad record refuses the whole import (the store then writes nothing).
 */
import { z } from 'zod';
import { DomainError, districtDate, addDays } from '@sanshe/service-kit';
import { checkAgainstExisting, type ServiceTime } from './hours.ts';
import { parseRecordVolunteerService, parseRegisterVolunteer, type RecordVolunteerServiceInput, type RegisterVolunteerInput } from './volunteer-rules.ts';

export const MAX_VOLUNTEER_IMPORT = 1000;
export const MAX_RECORD_IMPORT = 5000;

/** Re-throws a single-record refusal (`input.<field>`) as the import's (`input.records.<i>.<field>`). */
export function inRecord<T>(index: number, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const prefix = `input.records.${index}`;
    const field = error.field ? error.field.replace(/^input(?=\.|$)/, prefix) : prefix;
    const { code: _code, field: _field, ...details } = error.extensions as Record<string, unknown>;
    throw new DomainError(error.code, error.message.replace(/^input\./, `${prefix}.`), field, details);
  }
}

function recordsOf(input: unknown, max: number): unknown[] {
  const records = (input as { records?: unknown } | null)?.records;
  if (!Array.isArray(records) || records.length === 0) throw new DomainError('BAD_USER_INPUT', 'an import has at least one record', 'input.records');
  if (records.length > max) throw new DomainError('BAD_USER_INPUT', `an import has at most ${max} records (${records.length} given)`, 'input.records');
  return records;
}

const instant = z.iso.datetime({ offset: true });

/** An optional ISO date-time with offset (default `now`), never after `now`. */
function pastInstant(value: unknown, now: Date, field: string, what: string): Date {
  if (value === undefined || value === null) return now;
  const parsed = instant.safeParse(value);
  if (!parsed.success) throw new DomainError('BAD_USER_INPUT', `${field}: an ISO date-time with offset`, field);
  const at = new Date(parsed.data);
  if (at.getTime() > now.getTime()) throw new DomainError('BAD_USER_INPUT', `${what} cannot be in the future`, field);
  return at;
}

export interface VolunteerImportRecord extends RegisterVolunteerInput {
  registeredAt: Date;
}

/** Volunteers to register: registerVolunteer's rules each, a past `registeredAt`, no ID number twice. */
export function parseImportVolunteers(input: unknown, now = new Date()): VolunteerImportRecord[] {
  const seen = new Map<string, number>();
  return recordsOf(input, MAX_VOLUNTEER_IMPORT).map((record, i) =>
    inRecord(i, () => {
      const parsed = parseRegisterVolunteer(record, now);
      const registeredAt = pastInstant((record as { registeredAt?: unknown }).registeredAt, now, 'input.registeredAt', 'a registration');
      const earlier = seen.get(parsed.idNumber);
      if (earlier !== undefined) throw new DomainError('CONFLICT', `the same ID number as input.records.${earlier}`, 'input.idNumber');
      seen.set(parsed.idNumber, i);
      return { ...parsed, registeredAt };
    }),
  );
}

export interface RecordImportRecord extends RecordVolunteerServiceInput {
  /** When the organization verified it in its ledger: the record's verifiedAt and recordedAt. */
  verifiedAt: Date;
}

/**
 * Service records to import as verified: recordVolunteerService's rules each, and a verification
 * neither in the future nor before the service ended (for a duration: not before its service date).
 */
export function parseImportVolunteerRecords(input: unknown, now = new Date()): RecordImportRecord[] {
  return recordsOf(input, MAX_RECORD_IMPORT).map((record, i) =>
    inRecord(i, () => {
      const parsed = parseRecordVolunteerService(record, now);
      const verifiedAt = pastInstant((record as { verifiedAt?: unknown }).verifiedAt, now, 'input.verifiedAt', 'a verification');
      const tooEarly = parsed.endsAt ? verifiedAt.getTime() < parsed.endsAt.getTime() : districtDate(verifiedAt) < parsed.serviceDate;
      if (tooEarly) throw new DomainError('BAD_USER_INPUT', 'a service is verified after it ended', 'input.verifiedAt');
      return { ...parsed, verifiedAt };
    }),
  );
}

/**
 * The hours rules (hours.ts) across an import: each record, in input order, against the
 * volunteer's existing records within a day of it and the import's earlier records — no
 * overlapping spans, no day over 24 hours. Refuses the first record that breaks one.
 */
export function checkImportedHours(
  records: readonly (ServiceTime & { volunteerId: string })[],
  existing: readonly (ServiceTime & { id: string; volunteerId: string })[],
): void {
  // By volunteer and service date: no record is longer than 24 h, so the dates either side suffice.
  const byDay = new Map<string, (ServiceTime & { id: string })[]>();
  const add = (volunteerId: string, row: ServiceTime & { id: string }) => {
    const key = `${volunteerId}|${row.serviceDate}`;
    const day = byDay.get(key);
    if (day) day.push(row);
    else byDay.set(key, [row]);
  };
  for (const row of existing) add(row.volunteerId, row);
  records.forEach((record, i) => {
    const nearby = [-1, 0, 1].flatMap((days) => byDay.get(`${record.volunteerId}|${addDays(record.serviceDate, days)}`) ?? []);
    inRecord(i, () => checkAgainstExisting(record, nearby));
    add(record.volunteerId, { ...record, id: `input.records.${i}` });
  });
}
