import { districtYear, DomainError } from '@sanshe/service-kit';
import type { PartyKind } from './party-rules.ts';
import { partyMemberCount, type MemberCounts } from './membership.ts';

/**
 * Seed 000: 对党员数10人以下的联合党支部…推行全额返拨. "Fewer than 10" here: a joint branch of at most
 * 9 party members (full + probationary: 预备党员 are party members) gets all its dues back; at 10
 * it gets none. Only joint branches: the rule exists to keep small cross-organization branches alive.
 */
export const FULL_REBATE_BELOW_MEMBERS = 10;

/** Dues years the platform accepts: from 1990 (the event contract's floor) to the current year. */
export const FIRST_DUES_YEAR = 1990;

export function qualifiesForFullRebate(kind: PartyKind, members: MemberCounts): boolean {
  return kind === 'joint_branch' && partyMemberCount(members) < FULL_REBATE_BELOW_MEMBERS;
}

/** The rebate in fen: all of it (全额返拨) or nothing — there is no partial rebate to round. */
export function duesRebateFen(kind: PartyKind, members: MemberCounts, collectedFen: number): number {
  return qualifiesForFullRebate(kind, members) ? collectedFen : 0;
}

/** A dues year is a whole year that has begun in the districts' time zone. */
export function checkDuesYear(year: number, now: Date = new Date(), field = 'input.year'): void {
  const current = districtYear(now);
  if (!Number.isInteger(year) || year < FIRST_DUES_YEAR || year > current) {
    throw new DomainError('BAD_USER_INPUT', `year is a whole year from ${FIRST_DUES_YEAR} to ${current}`, field);
  }
}
