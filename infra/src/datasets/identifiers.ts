import { CREDIT_CODE_ALPHABET, creditCodeCheckCharacter, residentIdCheckCharacter } from '@sanshe/events';

/**
 * Valid-looking identifiers for generated people and organizations. The services check them
 * (GB 11643 resident IDs, GB 32100 credit codes, mainland mobile numbers), so a dataset must
 * carry real check characters, not random strings: the same ones the services compute.
 */

/** A resident ID for someone registered in `districtCode`, born on `birth` (YYYY-MM-DD), with sequence `serial`. */
export function residentId(districtCode: string, birth: string, serial: number): string {
  const first17 = `${districtCode.slice(0, 6)}${birth.replaceAll('-', '')}${String(serial % 1000).padStart(3, '0')}`;
  return `${first17}${residentIdCheckCharacter(first17)}`;
}

const LEGAL_FORM_DIGIT = { SOCIAL_GROUP: '1', SOCIAL_SERVICE_AGENCY: '2', FOUNDATION: '3' } as const;

/** A civil-affairs credit code (starts 5) for the legal form, unique per (districtCode, serial). */
export function creditCode(legalForm: keyof typeof LEGAL_FORM_DIGIT, districtCode: string, serial: number): string {
  // Positions 9–17: the serial in base 31, so a district has room for 31^9 organizations.
  let body = '';
  for (let n = serial, i = 0; i < 9; i += 1, n = Math.floor(n / 31)) body = CREDIT_CODE_ALPHABET[n % 31]! + body;
  const first17 = `5${LEGAL_FORM_DIGIT[legalForm]}${districtCode.slice(0, 6)}${body}`;
  return `${first17}${creditCodeCheckCharacter(first17)}`;
}

/** An 11-digit mobile number, distinct per serial below 10⁸. */
export function mobileNumber(serial: number): string {
  const prefixes = ['139', '158', '186', '137', '150'];
  return `${prefixes[serial % prefixes.length]}${String(serial % 100_000_000).padStart(8, '0')}`;
}

/**
 * Splits `total` into `parts` whole numbers that differ by at most one, larger ones first — how
 * a figure the article gives for the district is spread over its communities.
 */
export function spread(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  const extra = total - base * parts;
  return Array.from({ length: parts }, (_, i) => base + (i < extra ? 1 : 0));
}
