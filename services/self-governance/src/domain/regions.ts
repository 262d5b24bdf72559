import { DomainError } from '@sanshe/service-kit';
import type { RegionLevel } from '@sanshe/events';

export interface NewRegion {
  code: string;
  name: string;
  level: RegionLevel;
  population?: number | null;
  households?: number | null;
}

const LEVELS_BY_LENGTH: Record<number, readonly RegionLevel[]> = {
  6: ['district'],
  9: ['street', 'township'],
  12: ['community', 'village'],
};

export function isCommunityLevel(level: RegionLevel): boolean {
  return level === 'community' || level === 'village';
}

/** The parent's code is the child's prefix: 150204 ⊃ 150204001 ⊃ 150204001001. */
export function parentCodeOf(code: string): string | null {
  if (code.length === 12) return code.slice(0, 9);
  if (code.length === 9) return code.slice(0, 6);
  return null;
}

/**
 * Checks a new region against the code rules and its parent. `parentLevel` is the stored level
 * of the parent code (null when no such region exists yet).
 */
export function validateNewRegion(region: NewRegion, parentLevel: RegionLevel | null): {
  parentCode: string | null;
  districtCode: string;
  streetCode: string | null;
} {
  if (!/^\d+$/.test(region.code) || !(region.code.length in LEVELS_BY_LENGTH)) {
    throw new DomainError('BAD_USER_INPUT', 'a region code has 6, 9 or 12 digits', 'input.code');
  }
  const allowed = LEVELS_BY_LENGTH[region.code.length]!;
  if (!allowed.includes(region.level)) {
    throw new DomainError(
      'BAD_USER_INPUT',
      `a ${region.code.length}-digit code is a ${allowed.join(' or ')}, not a ${region.level}`,
      'input.level',
    );
  }
  if (region.code.endsWith('000') && region.code.length > 6) {
    // 000 is the parent's own suffix in the statistical codes, never a child's.
    throw new DomainError('BAD_USER_INPUT', 'a street or community code does not end in 000', 'input.code');
  }
  const name = region.name.trim();
  if (name.length === 0 || name.length > 100) {
    throw new DomainError('BAD_USER_INPUT', 'a name has 1 to 100 characters', 'input.name');
  }
  for (const field of ['population', 'households'] as const) {
    const value = region[field];
    if (value != null && (!Number.isInteger(value) || value < 0)) {
      throw new DomainError('BAD_USER_INPUT', `${field} is a whole number ≥ 0`, `input.${field}`);
    }
  }
  const parentCode = parentCodeOf(region.code);
  if (parentCode !== null) {
    if (parentLevel === null) {
      throw new DomainError('NOT_FOUND', `the parent region ${parentCode} is not registered`, 'input.code');
    }
    const expected = LEVELS_BY_LENGTH[parentCode.length]!;
    if (!expected.includes(parentLevel)) {
      throw new DomainError('RULE_VIOLATION', `region ${parentCode} is a ${parentLevel}`, 'input.code');
    }
  }
  return {
    parentCode,
    districtCode: region.code.slice(0, 6),
    streetCode: region.code.length === 12 ? region.code.slice(0, 9) : null,
  };
}

/** `within` of `communities`: a district or street code. */
export function parseWithin(within: string | null | undefined): { district?: string; street?: string } {
  if (within == null) return {};
  if (/^\d{6}$/.test(within)) return { district: within };
  if (/^\d{9}$/.test(within)) return { street: within };
  throw new DomainError('BAD_USER_INPUT', 'within is a 6-digit district or 9-digit street code', 'within');
}
