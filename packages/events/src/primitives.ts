import { z } from 'zod';

/**
 * China's statistical division codes: 6 digits for a district, 9 for a street or township,
 * 12 for a community or village. A child's code begins with its parent's.
 */
export const districtCode = z.string().regex(/^\d{6}$/, 'a district code has 6 digits');
export const streetCode = z.string().regex(/^\d{9}$/, 'a street or township code has 9 digits');
export const communityCode = z.string().regex(/^\d{12}$/, 'a community or village code has 12 digits');
export const regionCode = z.string().regex(/^(\d{6}|\d{9}|\d{12})$/, 'a region code has 6, 9 or 12 digits');

export const regionLevel = z.enum(['district', 'street', 'township', 'community', 'village']);
export type RegionLevel = z.infer<typeof regionLevel>;

/** Money is integer fen (1 yuan = 100 fen), never a float. */
export const fen = z.number().int().nonnegative();

export function levelOfCode(code: string): 'district' | 'street' | 'community' | null {
  if (/^\d{6}$/.test(code)) return 'district';
  if (/^\d{9}$/.test(code)) return 'street';
  if (/^\d{12}$/.test(code)) return 'community';
  return null;
}
