import { eq } from 'drizzle-orm';
import { DomainError, knownRegions, type KnownRegion } from '@sanshe/service-kit';
import type { Queryable } from '../context.ts';

/** A district, street/township or community/village from the known_regions replica, or NOT_FOUND. */
export async function requireRegion(db: Queryable, code: string, field: string): Promise<KnownRegion> {
  const [row] = /^(\d{6}|\d{9}|\d{12})$/.test(code) ? await db.select().from(knownRegions).where(eq(knownRegions.code, code)) : [];
  if (!row) throw new DomainError('NOT_FOUND', `no region with code ${code} is known`, field);
  return row;
}

/** The district of any region code: statistical division codes begin with their parent's. */
export const districtOf = (code: string) => code.slice(0, 6);

/**
 * The smallest range of community codes holding every record of the given regions: a community
 * is in a region when its code begins with the region code, i.e. lies between the region code and
 * the region code padded with 9s to 12 digits (digit strings sort digit by digit in any collation).
 * The range lets the btree indexes on community code serve a whole batch of regions at once.
 */
export function regionBounds(regionCodes: readonly string[]): { lo: string; hi: string } {
  if (regionCodes.length === 0) throw new Error('regionBounds needs at least one region code');
  let lo = regionCodes[0]!;
  let hi = regionCodes[0]!.padEnd(12, '9');
  for (const code of regionCodes) {
    if (code < lo) lo = code;
    const top = code.padEnd(12, '9');
    if (top > hi) hi = top;
  }
  return { lo, hi };
}
