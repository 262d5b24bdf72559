import { DomainError } from '@sanshe/service-kit';

/** Trims a required text input and checks its length in characters (code points). */
export function requiredText(value: string, field: string, min: number, max: number): string {
  const text = value.trim();
  const length = [...text].length;
  if (length < min || length > max) throw new DomainError('BAD_USER_INPUT', `${field.split('.').at(-1)} has ${min} to ${max} characters`, field);
  return text;
}

/** An optional text: null when absent or blank. */
export function optionalText(value: string | null | undefined, field: string, max: number): string | null {
  if (value == null || value.trim() === '') return null;
  return requiredText(value, field, 1, max);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date YYYY-MM-DD that exists (no 2月30日). */
export function isoDate(value: string, field: string): string {
  const m = ISO_DATE.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !date || date.toISOString().slice(0, 10) !== value) throw new DomainError('BAD_USER_INPUT', 'a date is written YYYY-MM-DD', field);
  return value;
}

export function wholeNumber(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new DomainError('BAD_USER_INPUT', `${field.split('.').at(-1)} is a whole number from ${min} to ${max}`, field);
  return value;
}
