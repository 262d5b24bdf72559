import { DomainError } from '@sanshe/service-kit';

/** Seed 000: a branch needs at least 3 full members. */
export const MIN_FULL_MEMBERS = 3;

/**
 * No party organization of a district has a million members; the cap keeps sums (dues rebate
 * member counts, coverage totals) far inside a Postgres integer instead of failing as a 500.
 */
export const MAX_MEMBERS = 1_000_000;

export interface MemberCounts {
  fullMembers: number;
  probationaryMembers: number;
}

/**
 * Member counts are whole numbers from 0 to MAX_MEMBERS. `root` prefixes the field named in the
 * error (`input.fullMembers`); null for mutations taking the counts as top-level arguments.
 */
export function checkMemberCounts(counts: MemberCounts, root: string | null = 'input'): void {
  for (const field of ['fullMembers', 'probationaryMembers'] as const) {
    const value = counts[field];
    if (!Number.isInteger(value) || value < 0 || value > MAX_MEMBERS) {
      throw new DomainError('BAD_USER_INPUT', `${field} is a whole number from 0 to ${MAX_MEMBERS}`, root ? `${root}.${field}` : field);
    }
  }
}

/** Founding needs the minimum; a later change below it is recorded and flagged instead (reorganisation.ts). */
export function checkFoundingMembers(counts: MemberCounts, root = 'input'): void {
  checkMemberCounts(counts, root);
  if (counts.fullMembers < MIN_FULL_MEMBERS) {
    throw new DomainError(
      'RULE_VIOLATION',
      `a party organization needs at least ${MIN_FULL_MEMBERS} full members; an organization with fewer is covered through a joint branch`,
      `${root}.fullMembers`,
    );
  }
}

/** Party members in the sense of seed 000's 党员数: probationary members (预备党员) are party members too. */
export function partyMemberCount(counts: MemberCounts): number {
  return counts.fullMembers + counts.probationaryMembers;
}
