import { describe, expect, it } from 'vitest';
import { refusal } from '@sanshe/testing/refusal';
import { compareReasons, MIN_JOINT_BRANCH_ORGANIZATIONS, nextReorganisationReasons } from '../../src/domain/reorganisation.ts';
import { checkFoundingMembers, checkMemberCounts, MAX_MEMBERS, MIN_FULL_MEMBERS, partyMemberCount } from '../../src/domain/membership.ts';

describe('member counts', () => {
  it('founding: 2 full members refused, 3 accepted, whatever the probationary count', () => {
    expect(MIN_FULL_MEMBERS).toBe(3);
    expect(refusal(() => checkFoundingMembers({ fullMembers: 2, probationaryMembers: 7 }))).toEqual({ code: 'RULE_VIOLATION', field: 'input.fullMembers' });
    expect(() => checkFoundingMembers({ fullMembers: 3, probationaryMembers: 0 })).not.toThrow();
  });

  it('a change may go below 3 (it is flagged, not refused) but never below 0 or above the cap', () => {
    expect(() => checkMemberCounts({ fullMembers: 0, probationaryMembers: 0 }, null)).not.toThrow();
    expect(() => checkMemberCounts({ fullMembers: MAX_MEMBERS, probationaryMembers: MAX_MEMBERS }, null)).not.toThrow();
    expect(refusal(() => checkMemberCounts({ fullMembers: -1, probationaryMembers: 0 }, null))).toEqual({ code: 'BAD_USER_INPUT', field: 'fullMembers' });
    expect(refusal(() => checkMemberCounts({ fullMembers: 3, probationaryMembers: MAX_MEMBERS + 1 }, null))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'probationaryMembers',
    });
    expect(refusal(() => checkMemberCounts({ fullMembers: 2.5, probationaryMembers: 0 })).field).toBe('input.fullMembers');
  });

  it('party members are full + probationary', () => {
    expect(partyMemberCount({ fullMembers: 6, probationaryMembers: 3 })).toBe(9);
  });
});

describe('reorganisation reasons', () => {
  const joint = (fullMembers: number, coveredOrganizations: number, lostOrganization = false) =>
    nextReorganisationReasons([], { kind: 'joint_branch', fullMembers, coveredOrganizations, lostOrganization });

  it('full members: 3 meets the rule, 2 is flagged, for every kind', () => {
    for (const kind of ['street_working_committee', 'community_committee', 'general_branch', 'branch'] as const) {
      expect(nextReorganisationReasons([], { kind, fullMembers: 3, coveredOrganizations: 0 })).toEqual([]);
      expect(nextReorganisationReasons([], { kind, fullMembers: 2, coveredOrganizations: 0 })).toEqual(['too_few_full_members']);
    }
    expect(joint(3, 2)).toEqual([]);
    expect(joint(2, 2)).toEqual(['too_few_full_members']);
  });

  it('a joint branch: 2 organizations meet the rule, 1 is flagged', () => {
    expect(MIN_JOINT_BRANCH_ORGANIZATIONS).toBe(2);
    expect(joint(5, 2, true)).toEqual([]);
    expect(joint(5, 1, true)).toEqual(['too_few_organizations']);
    expect(joint(5, 0, true)).toEqual(['too_few_organizations']);
    expect(joint(2, 1, true)).toEqual(['too_few_full_members', 'too_few_organizations']);
  });

  it('a branch that lost its organization is flagged, and stays flagged while it covers nothing', () => {
    expect(nextReorganisationReasons([], { kind: 'branch', fullMembers: 5, coveredOrganizations: 0, lostOrganization: true })).toEqual([
      'organization_deregistered',
    ]);
    // A community branch that never covered an organization is fine.
    expect(nextReorganisationReasons([], { kind: 'branch', fullMembers: 5, coveredOrganizations: 0 })).toEqual([]);
    // A later membership change keeps the reason.
    expect(nextReorganisationReasons(['organization_deregistered'], { kind: 'general_branch', fullMembers: 2, coveredOrganizations: 0 })).toEqual([
      'too_few_full_members',
      'organization_deregistered',
    ]);
  });

  it('members back to 3 clear that reason only', () => {
    expect(nextReorganisationReasons(['too_few_full_members'], { kind: 'branch', fullMembers: 3, coveredOrganizations: 1 })).toEqual([]);
    expect(
      nextReorganisationReasons(['too_few_full_members', 'too_few_organizations'], { kind: 'joint_branch', fullMembers: 3, coveredOrganizations: 1 }),
    ).toEqual(['too_few_organizations']);
  });

  it('compares before and after: added, cleared, unchanged', () => {
    expect(compareReasons([], ['too_few_full_members'])).toEqual({ reasons: ['too_few_full_members'], added: ['too_few_full_members'], cleared: false, changed: true });
    expect(compareReasons(['too_few_full_members'], [])).toEqual({ reasons: [], added: [], cleared: true, changed: true });
    expect(compareReasons(['too_few_full_members'], ['too_few_full_members'])).toMatchObject({ added: [], cleared: false, changed: false });
    expect(compareReasons(['too_few_full_members', 'too_few_organizations'], ['too_few_organizations'])).toMatchObject({
      added: [],
      cleared: false,
      changed: true,
    });
  });
});
