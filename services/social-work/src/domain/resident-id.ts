/**
 * Personal identifiers a volunteer registers with.
 *  - Resident ID numbers (GB 11643-1999): 17 digits — 6-digit address code, 8-digit birth date,
 *    3-digit sequence — and a check character: Σ(digit × weight) mod 11 indexes "10X98765432".
 *  - Mainland mobile numbers: 11 digits starting 13–19.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARACTERS = '10X98765432';

export function residentIdCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('the first 17 characters of a resident ID are digits');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11]!;
}

/** 18 characters, a real birth date not after `today`, and the right check character. */
export function isValidResidentId(id: string, today: Date = new Date()): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  const parsed = new Date(`${birth}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== birth) return false;
  if (birth < '1900-01-01' || parsed.getTime() > today.getTime()) return false;
  return residentIdCheckCharacter(id.slice(0, 17)) === id[17];
}

export function isMobileNumber(phone: string): boolean {
  return /^1[3-9]\d{9}$/.test(phone);
}
