import type { PartyKind } from './party-rules.ts';
import { MIN_FULL_MEMBERS } from './membership.ts';

/** Why a party organization must be reorganised; mirrors the event contract's enum. */
export type ReorganisationReason = 'too_few_full_members' | 'too_few_organizations' | 'organization_deregistered';

/** A joint branch spans at least two organizations (checkFounding); below that it is flagged. */
export const MIN_JOINT_BRANCH_ORGANIZATIONS = 2;

export interface ReorganisationFacts {
  kind: PartyKind;
  fullMembers: number;
  /** Organizations covered now. */
  coveredOrganizations: number;
  /** True when this change removed a deregistered organization from the party organization. */
  lostOrganization?: boolean;
}

const ORDER: readonly ReorganisationReason[] = ['too_few_full_members', 'too_few_organizations', 'organization_deregistered'];

/**
 * The reasons after a change, from the reasons before and the facts now.
 *
 * - too_few_full_members follows the count: it clears when members are back to 3 or more.
 * - too_few_organizations: a joint branch under 2 organizations. Organizations only ever leave a
 *   joint branch here, so in practice it stays until the branch is reorganised by hand.
 * - organization_deregistered: a branch or general branch lost its own organization. It stays
 *   while the branch covers nothing; a joint branch uses too_few_organizations instead.
 */
export function nextReorganisationReasons(before: readonly string[], facts: ReorganisationFacts): ReorganisationReason[] {
  const reasons = new Set<ReorganisationReason>();
  if (facts.fullMembers < MIN_FULL_MEMBERS) reasons.add('too_few_full_members');
  if (facts.kind === 'joint_branch' && facts.coveredOrganizations < MIN_JOINT_BRANCH_ORGANIZATIONS) reasons.add('too_few_organizations');
  if (facts.kind !== 'joint_branch' && facts.coveredOrganizations === 0) {
    if (facts.lostOrganization || before.includes('organization_deregistered')) reasons.add('organization_deregistered');
  }
  return ORDER.filter((r) => reasons.has(r));
}

export interface ReasonChange {
  reasons: ReorganisationReason[];
  added: ReorganisationReason[];
  /** Flagged before, meets every rule now. */
  cleared: boolean;
  changed: boolean;
}

export function compareReasons(before: readonly string[], after: ReorganisationReason[]): ReasonChange {
  const added = after.filter((r) => !before.includes(r));
  const changed = added.length > 0 || before.length !== after.length;
  return { reasons: after, added, cleared: before.length > 0 && after.length === 0, changed };
}
