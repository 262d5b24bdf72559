import { DomainError } from '@sanshe/service-kit';
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
