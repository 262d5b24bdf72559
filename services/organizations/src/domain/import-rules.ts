import { z } from 'zod';
import { DomainError, parseInput, districtDate } from '@sanshe/service-kit';
import type { LegalForm } from './credit-code.ts';
import { isoDate } from './dates.ts';
import { awardGrade } from './grading.ts';
import { fileInput, filingNumber, parseCreditCode, registerInput, type FileInput, type RegisterInput } from './organization-rules.ts';

/** A bulk import is one transaction; larger spreadsheets are sent in several calls. */
export const MAX_IMPORT_RECORDS = 1000;

/** Before this, a filing or registration time is a typo, not history (the registration regime dates from 1950). */
const EARLIEST = new Date('1950-01-01T00:00:00+08:00');

export type ImportedGrade = ReturnType<typeof awardGrade>;

/** One record, checked by the rules fileOrganization / registerOrganization apply, with its place in the input. */
export type ImportRecord =
  | { index: number; track: 'filed'; values: FileInput; at: Date; grade: null }
  | { index: number; track: 'registered'; values: RegisterInput & { filingNumber: string | null }; at: Date; grade: ImportedGrade | null };

export const recordField = (index: number, field?: string) => `input.records.${index}${field ? `.${field}` : ''}`;

/** The same refusal, naming the field inside the record (rules report their own argument names). */
function naming<T>(field: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof DomainError) {
      const { code, field: _field, ...details } = error.extensions as { code: ConstructorParameters<typeof DomainError>[0]; field?: string };
      throw new DomainError(code, error.message, field, details);
    }
    throw error;
  }
}

const dateTime = z.iso.datetime({ offset: true });

/** `at`: an ISO date-time with offset, or a date meaning that day's start in district time; `now` when absent; never in the future. */
export function parseEffectiveAt(value: unknown, field: string, now: Date): Date {
  if (value == null) return now;
  let at: Date | null = null;
  if (typeof value === 'string' && isoDate.safeParse(value).success) at = new Date(`${value}T00:00:00+08:00`);
  else if (typeof value === 'string' && dateTime.safeParse(value).success) at = new Date(value);
  if (!at || Number.isNaN(at.getTime())) {
    throw new DomainError('BAD_USER_INPUT', `${field} must be an ISO 8601 date-time with offset or a date (YYYY-MM-DD)`, field);
  }
  if (at > now) throw new DomainError('BAD_USER_INPUT', `${field} cannot be in the future`, field);
  if (at < EARLIEST) throw new DomainError('BAD_USER_INPUT', `${field} is before 1950`, field);
  return at;
}

/** An imported evaluation: the grade follows from the score; dated between the registration and today. */
export function parseImportedGrade(input: unknown, index: number, at: Date, today: string): ImportedGrade {
  const field = recordField(index, 'grade');
  const { score, gradedOn } = parseInput(z.object({ score: z.number().int(), gradedOn: z.string().nullish() }), input, field);
  const registeredOn = districtDate(at);
  const on = gradedOn ?? registeredOn;
  if (!isoDate.safeParse(on).success) throw new DomainError('BAD_USER_INPUT', `${field}.gradedOn must be an ISO date (YYYY-MM-DD)`, `${field}.gradedOn`);
  if (on > today) throw new DomainError('BAD_USER_INPUT', `${field}.gradedOn cannot be in the future`, `${field}.gradedOn`);
  if (on < registeredOn) {
    throw new DomainError('RULE_VIOLATION', `an organization is graded once registered: ${field}.gradedOn is before ${registeredOn}`, `${field}.gradedOn`);
  }
  return naming(`${field}.score`, () => awardGrade({ score, gradedOn: on, latestGradedOn: null, lastInspection: null }));
}

const registeredRecord = registerInput.extend({ filingNumber: filingNumber.nullish().transform((v) => v ?? null) });

/**
 * Checks every record as its single mutation would (enums already lower-cased), in order, and
 * refuses the first bad one naming `input.records.<i>.<field>`. Pure: authorization, communities
 * and uniqueness against the database are the store's, in its transaction.
 */
export function parseImportRecords(records: readonly Record<string, unknown>[], now: Date = new Date()): ImportRecord[] {
  if (records.length === 0) throw new DomainError('BAD_USER_INPUT', 'input.records: at least one record', 'input.records');
  if (records.length > MAX_IMPORT_RECORDS) {
    throw new DomainError('BAD_USER_INPUT', `input.records: at most ${MAX_IMPORT_RECORDS} records per import`, 'input.records', { max: MAX_IMPORT_RECORDS });
  }
  const today = districtDate(now);
  return records.map((record, index): ImportRecord => {
    const { track, grade, at: rawAt, ...fields } = record;
    const root = recordField(index);
    const atOf = () => parseEffectiveAt(rawAt, recordField(index, 'at'), now);
    if (track === 'filed') {
      for (const key of ['legalForm', 'creditCode'] as const) {
        if (fields[key] != null) {
          throw new DomainError('BAD_USER_INPUT', `${recordField(index, key)}: a filed organization has none (import it as REGISTERED)`, recordField(index, key));
        }
      }
      if (grade != null) {
        throw new DomainError('RULE_VIOLATION', 'only registered organizations are graded', recordField(index, 'grade'), { state: 'FILED' });
      }
      const { legalForm: _l, creditCode: _c, ...rest } = fields;
      const values = parseInput(fileInput, rest, root);
      return { index, track, values, at: atOf(), grade: null };
    }
    if (track !== 'registered') throw new DomainError('BAD_USER_INPUT', `${recordField(index, 'track')}: FILED or REGISTERED`, recordField(index, 'track'));
    const parsed = parseInput(registeredRecord, fields, root);
    const creditCode = parseCreditCode(parsed.creditCode, parsed.legalForm as LegalForm, recordField(index, 'creditCode'));
    const at = atOf();
    return {
      index,
      track,
      values: { ...parsed, creditCode },
      at,
      grade: grade == null ? null : parseImportedGrade(grade, index, at, today),
    };
  });
}

/**
 * The first record (in input order) that repeats a credit code or filing number of an earlier
 * record of the same import: CONFLICT naming it, as a second registration of the code would be.
 */
export function checkDuplicatesWithin(records: readonly ImportRecord[]): void {
  const seen = { creditCode: new Set<string>(), filingNumber: new Set<string>() };
  for (const record of records) {
    const keys = { creditCode: record.track === 'registered' ? record.values.creditCode : null, filingNumber: record.values.filingNumber };
    for (const key of ['creditCode', 'filingNumber'] as const) {
      const value = keys[key];
      if (value == null) continue;
      if (seen[key].has(value)) {
        throw new DomainError('CONFLICT', `another record of this import already has this ${key}`, recordField(record.index, key));
      }
      seen[key].add(value);
    }
  }
}
