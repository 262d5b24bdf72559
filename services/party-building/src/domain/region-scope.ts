import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { levelOfCode } from '@sanshe/events';
import { DomainError } from '@sanshe/service-kit';

export type RegionLevel = 'district' | 'street' | 'community';

/** A 6-, 9- or 12-digit statistical division code, or BAD_USER_INPUT naming the argument. */
export function parseRegionCode(code: string, field = 'regionCode'): { code: string; level: RegionLevel } {
  const level = levelOfCode(code);
  if (!level) throw new DomainError('BAD_USER_INPUT', 'a region code has 6 (district), 9 (street) or 12 (community) digits', field);
  return { code, level };
}

/**
 * `column` (a 9-digit street or 12-digit community code) lies in the region `code`, by the
 * `known_regions` replica: a street holds itself and its communities, a district every region
 * whose district_code it is. The replica, not the code's digits, says what belongs where.
 */
export function inRegion(column: AnyPgColumn, code: string): SQL {
  switch (parseRegionCode(code).level) {
    case 'community':
      return sql`${column} = ${code}`;
    case 'street':
      return sql`(${column} = ${code} or ${column} in (select code from known_regions where street_code = ${code}))`;
    case 'district':
      return sql`${column} in (select code from known_regions where district_code = ${code})`;
  }
}
