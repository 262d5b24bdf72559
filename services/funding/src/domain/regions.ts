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
