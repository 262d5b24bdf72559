import { DomainError } from '@sanshe/service-kit';
import type { PartyKind } from './party-rules.ts';

/**
 * Which kinds may sit directly under which (seed 000, 003: 街道党工委 → 社区党委 → 党总支/党支部;
 * joint branches are organised by the street working committee or the community committee).
 *
 *   street_working_committee  top of this district-level hierarchy: no parent
 *   community_committee       under the working committee of its community's street
 *   general_branch            under its community's committee
 *   branch                    under its community's committee or a general branch of the community
 *   joint_branch              under the street working committee of its street (seed 000: 街道党工委
 *                             组织…成立联合党支部), its community's committee, or a general branch
 *
 * A parent is optional for every kind below the working committee: branches inside social
 * organizations often answer to a district-level 社会组织党委 this service does not model, and
 * committees are founded before their street's working committee is entered.
 */
export const ALLOWED_PARENTS: Readonly<Record<PartyKind, readonly PartyKind[]>> = {
  street_working_committee: [],
  community_committee: ['street_working_committee'],
  general_branch: ['community_committee'],
  branch: ['community_committee', 'general_branch'],
  joint_branch: ['street_working_committee', 'community_committee', 'general_branch'],
};

export interface HierarchyNode {
  kind: PartyKind;
  /** 9-digit street for a working committee, else the 12-digit community. */
  regionCode: string;
}

/** The street a region code belongs to: a community code begins with its street's (seed codes). */
export function streetOf(regionCode: string): string {
  return regionCode.slice(0, 9);
}

/**
 * The parent must be of an allowed kind and in the child's area: a working committee of the
 * child's street, or a committee/general branch of the child's own community.
 */
export function checkParent(child: HierarchyNode, parent: HierarchyNode, field = 'input.parentId'): void {
  const allowed = ALLOWED_PARENTS[child.kind];
  if (!allowed.includes(parent.kind)) {
    const expected = allowed.length === 0 ? 'no parent' : allowed.join(' or ');
    throw new DomainError('RULE_VIOLATION', `a ${child.kind} cannot sit under a ${parent.kind}; it takes ${expected}`, field, {
      parentKind: parent.kind,
    });
  }
  const sameArea =
    parent.kind === 'street_working_committee' ? parent.regionCode === streetOf(child.regionCode) : parent.regionCode === child.regionCode;
  if (!sameArea) {
    throw new DomainError(
      'RULE_VIOLATION',
      parent.kind === 'street_working_committee'
        ? `the parent working committee is of street ${parent.regionCode}, not of ${streetOf(child.regionCode)}`
        : `the parent belongs to community ${parent.regionCode}, not to ${child.regionCode}`,
      field,
    );
  }
}

/** Kinds that may cover social organizations: committees lead communities, not organizations. */
export const COVERING_KINDS: readonly PartyKind[] = ['general_branch', 'branch', 'joint_branch'];

/**
 * Organizations a party organization covers must be in its street: a joint branch is organised
 * by the street working committee across the street's communities (seed 000), and a branch or
 * general branch inside an organization belongs where the organization is filed or registered.
 */
export function checkOrganizationStreet(partyRegionCode: string, organization: { id: string; streetCode: string }, field: string): void {
  if (organization.streetCode !== streetOf(partyRegionCode)) {
    throw new DomainError(
      'RULE_VIOLATION',
      `organization ${organization.id} is in street ${organization.streetCode}, not in the party organization's street ${streetOf(partyRegionCode)}`,
      field,
    );
  }
}
