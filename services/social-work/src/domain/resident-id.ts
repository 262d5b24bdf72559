import { residentIdCheckCharacter } from '@sanshe/events';

/**
 * Personal identifiers a volunteer registers with.
 *  - Resident ID numbers (GB 11643-1999): 17 digits — 6-digit address code, 8-digit birth date,
 *    3-digit sequence — and a check character, computed in @sanshe/events (shared with the
 *    dataset generators, so what they make is what this accepts).
 *  - Mainland mobile numbers: 11 digits starting 13–19.
 */
export { residentIdCheckCharacter };

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
