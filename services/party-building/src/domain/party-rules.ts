import { DomainError } from '@sanshe/service-kit';

/** Seed 000: a branch needs at least 3 full members. */
export const MIN_FULL_MEMBERS = 3;

export type PartyKind = 'street_working_committee' | 'community_committee' | 'general_branch' | 'branch' | 'joint_branch';

export interface FoundingPlan {
  kind: PartyKind;
  regionCode: string;
  fullMembers: number;
  probationaryMembers: number;
  organizationIds: string[];
}

/**
 * The founding rules that need no database: where each kind attaches, member minimums, and
 * how many organizations a branch or joint branch covers.
 */
export function checkFounding(plan: FoundingPlan): void {
  const isStreet = /^\d{9}$/.test(plan.regionCode);
  const isCommunity = /^\d{12}$/.test(plan.regionCode);
  if (plan.kind === 'street_working_committee' ? !isStreet : !isCommunity) {
    throw new DomainError(
      'BAD_USER_INPUT',
      plan.kind === 'street_working_committee' ? 'a street working committee attaches to a 9-digit street code' : 'a 12-digit community code is required',
      'input.regionCode',
    );
  }
  for (const field of ['fullMembers', 'probationaryMembers'] as const) {
    if (!Number.isInteger(plan[field]) || plan[field] < 0) {
      throw new DomainError('BAD_USER_INPUT', `${field} is a whole number ≥ 0`, `input.${field}`);
    }
  }
  if (plan.fullMembers < MIN_FULL_MEMBERS) {
    throw new DomainError(
      'RULE_VIOLATION',
      `a party organization needs at least ${MIN_FULL_MEMBERS} full members; an organization with fewer is covered through a joint branch`,
      'input.fullMembers',
    );
  }
  if (new Set(plan.organizationIds).size !== plan.organizationIds.length) {
    throw new DomainError('BAD_USER_INPUT', 'an organization is listed twice', 'input.organizationIds');
  }
  if (plan.kind === 'joint_branch' && plan.organizationIds.length < 2) {
    throw new DomainError('RULE_VIOLATION', 'a joint branch spans two or more social organizations', 'input.organizationIds');
  }
  if (plan.kind !== 'joint_branch' && plan.organizationIds.length > 1) {
    throw new DomainError('RULE_VIOLATION', 'only a joint branch covers several organizations', 'input.organizationIds');
  }
}
