import { createHash, timingSafeEqual } from 'node:crypto';

/** Constant-time comparison; hashing first makes unequal lengths take the same time too. */
export function secretsMatch(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
