import { residentIdCheckCharacter } from '@sanshe/events';
import { DomainError } from '@sanshe/service-kit';
import { isCalendarDate, text } from './validation.ts';

/**
 * Residents' personal data: names, mobile numbers and resident ID numbers. Accepted only where a
 * process needs them, checked on the way in, and never put in an event.
 */

/** Mainland mobile numbers: 11 digits, 1 then 3–9 (no mobile range starts 10, 11 or 12). */
export function isChineseMobile(value: string): boolean {
  return /^1[3-9]\d{9}$/.test(value);
}

/** GB 11643-1999 check digit over the first 17 digits: the shared implementation, also used by the dataset generators. */
export const idNumberCheckDigit = residentIdCheckCharacter;

/** An 18-character resident ID number: address code, a real birth date, sequence, check digit. */
export function isResidentIdNumber(value: string, today: Date = new Date()): boolean {
  if (!/^[1-9]\d{16}[\dX]$/.test(value)) return false;
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  if (year < 1900 || !isCalendarDate(year, month, day)) return false;
  if (Date.UTC(year, month - 1, day) > today.getTime()) return false;
  return idNumberCheckDigit(value.slice(0, 17)) === value[17];
}

/** Spaces, hyphens and a +86 / 0086 prefix are forgiven; what is stored is the 11 digits. */
export function parseMobile(value: string, field: string): string {
  const digits = value.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
  if (!isChineseMobile(digits)) throw new DomainError('BAD_USER_INPUT', `${field} is an 11-digit mainland mobile number starting with 1`, field);
  return digits;
}

export function parseOptionalMobile(value: string | null | undefined, field: string): string | null {
  return value == null || value.trim() === '' ? null : parseMobile(value, field);
}

/** A lower-case x is accepted and stored upper-case. */
export function parseIdNumber(value: string, field: string): string {
  const normalized = value.trim().toUpperCase();
  if (!isResidentIdNumber(normalized)) {
    throw new DomainError('BAD_USER_INPUT', `${field} is an 18-character resident ID number with a valid birth date and check digit`, field);
  }
  return normalized;
}

export interface PersonInput {
  name: string;
  phone?: string | null;
}

export function parsePerson(input: PersonInput, field: string): { name: string; phone: string | null } {
  return { name: text(input.name, `${field}.name`, { max: 50 }), phone: parseOptionalMobile(input.phone, `${field}.phone`) };
}
