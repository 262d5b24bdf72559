import { addDays, DomainError } from '@sanshe/service-kit';
import { COVERING_KINDS } from './hierarchy.ts';
import { checkFoundingMembers, MIN_FULL_MEMBERS } from './membership.ts';

export { MIN_FULL_MEMBERS };

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
 * how many organizations a branch or joint branch covers. Parent and street rules that need the
 * parent's and organizations' rows are in hierarchy.ts.
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
  checkFoundingMembers(plan);
  if (new Set(plan.organizationIds).size !== plan.organizationIds.length) {
    throw new DomainError('BAD_USER_INPUT', 'an organization is listed twice', 'input.organizationIds');
  }
  if (plan.organizationIds.length > 0 && !COVERING_KINDS.includes(plan.kind)) {
    throw new DomainError('RULE_VIOLATION', `a ${plan.kind} leads its area and covers no social organization itself`, 'input.organizationIds');
  }
  if (plan.kind === 'joint_branch' && plan.organizationIds.length < 2) {
    throw new DomainError('RULE_VIOLATION', 'a joint branch spans two or more social organizations', 'input.organizationIds');
  }
  if (plan.kind !== 'joint_branch' && plan.organizationIds.length > 1) {
    throw new DomainError('RULE_VIOLATION', 'only a joint branch covers several organizations', 'input.organizationIds');
  }
}

/**
 * How long after its founding a joint branch is still new enough for the one-off subsidy (seed
 * 000: 新成立的联合党支部). A branch founded in December and recorded in January still gets it;
 * one recorded years after its founding is history being brought onto the platform, whose
 * subsidy, if any, was settled when it was founded — funding is not asked to pay it again now.
 */
export const SUBSIDY_WINDOW_DAYS = 365;

/** Whether founding a party organization of `kind` on `foundedOn` asks funding for the subsidy. */
export function requestsJointBranchSubsidy(kind: PartyKind, foundedOn: string, today: string): boolean {
  return kind === 'joint_branch' && foundedOn >= addDays(today, -SUBSIDY_WINDOW_DAYS);
}
