import { describe, expect, it } from 'vitest';
import { checkFounding, MIN_FULL_MEMBERS, type FoundingPlan } from '../../src/domain/party-rules.ts';
import { refusal } from '@sanshe/testing/refusal';

const ORG_A = '8b0b7a4e-3f7e-4d55-9a61-1c2a3b4c5d6e';
const ORG_B = '9c1c8b5f-4a8f-4e66-8b72-2d3b4c5d6e7f';
const ORG_C = 'ad2d9c60-5b90-4f77-9c83-3e4c5d6e7f80';

function plan(overrides: Partial<FoundingPlan> = {}): FoundingPlan {
  return { kind: 'branch', regionCode: '150204001001', fullMembers: 3, probationaryMembers: 0, organizationIds: [], ...overrides };
}

describe('checkFounding', () => {
  it('needs three full members: 2 is refused, 3 is accepted', () => {
    expect(MIN_FULL_MEMBERS).toBe(3);
    expect(refusal(() => checkFounding(plan({ fullMembers: 2 })))).toEqual({ code: 'RULE_VIOLATION', field: 'input.fullMembers' });
    expect(refusal(() => checkFounding(plan({ fullMembers: 2, probationaryMembers: 10 })))).toEqual({
      code: 'RULE_VIOLATION',
      field: 'input.fullMembers',
    });
    expect(() => checkFounding(plan({ fullMembers: 3 }))).not.toThrow();
    for (const kind of ['community_committee', 'general_branch', 'joint_branch'] as const) {
      const orgs = kind === 'joint_branch' ? [ORG_A, ORG_B] : [];
      expect(refusal(() => checkFounding(plan({ kind, fullMembers: 2, organizationIds: orgs }))).field).toBe('input.fullMembers');
      expect(() => checkFounding(plan({ kind, fullMembers: 3, organizationIds: orgs }))).not.toThrow();
    }
  });

  it('refuses member counts that are not whole numbers ≥ 0', () => {
    expect(refusal(() => checkFounding(plan({ fullMembers: -1 })))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.fullMembers' });
    expect(refusal(() => checkFounding(plan({ fullMembers: 3.5 })))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.fullMembers' });
    expect(refusal(() => checkFounding(plan({ probationaryMembers: -1 })))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.probationaryMembers',
    });
  });

  it('a joint branch spans two or more organizations: 1 is refused, 2 and 3 accepted', () => {
    expect(refusal(() => checkFounding(plan({ kind: 'joint_branch', organizationIds: [ORG_A] })))).toEqual({
      code: 'RULE_VIOLATION',
      field: 'input.organizationIds',
    });
    expect(refusal(() => checkFounding(plan({ kind: 'joint_branch', organizationIds: [] }))).code).toBe('RULE_VIOLATION');
    expect(() => checkFounding(plan({ kind: 'joint_branch', organizationIds: [ORG_A, ORG_B] }))).not.toThrow();
    expect(() => checkFounding(plan({ kind: 'joint_branch', organizationIds: [ORG_A, ORG_B, ORG_C] }))).not.toThrow();
  });

  it('only a joint branch covers several organizations', () => {
    expect(() => checkFounding(plan({ kind: 'branch', organizationIds: [] }))).not.toThrow();
    expect(() => checkFounding(plan({ kind: 'branch', organizationIds: [ORG_A] }))).not.toThrow();
    expect(refusal(() => checkFounding(plan({ kind: 'branch', organizationIds: [ORG_A, ORG_B] })))).toEqual({
      code: 'RULE_VIOLATION',
      field: 'input.organizationIds',
    });
    expect(refusal(() => checkFounding(plan({ kind: 'general_branch', organizationIds: [ORG_A, ORG_B] }))).code).toBe('RULE_VIOLATION');
  });

  it('committees lead their area and cover no organization themselves', () => {
    expect(refusal(() => checkFounding(plan({ kind: 'community_committee', organizationIds: [ORG_A] })))).toEqual({
      code: 'RULE_VIOLATION',
      field: 'input.organizationIds',
    });
    expect(refusal(() => checkFounding(plan({ kind: 'street_working_committee', regionCode: '150204001', organizationIds: [ORG_A] }))).code).toBe(
      'RULE_VIOLATION',
    );
    expect(() => checkFounding(plan({ kind: 'general_branch', organizationIds: [ORG_A] }))).not.toThrow();
  });

  it('refuses member counts past the cap', () => {
    expect(refusal(() => checkFounding(plan({ fullMembers: 1_000_001 })))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.fullMembers' });
  });

  it('refuses an organization listed twice', () => {
    expect(refusal(() => checkFounding(plan({ kind: 'joint_branch', organizationIds: [ORG_A, ORG_A] })))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.organizationIds',
    });
  });

  it('a street working committee attaches to a 9-digit street code', () => {
    const committee = (regionCode: string) => plan({ kind: 'street_working_committee', regionCode });
    expect(() => checkFounding(committee('150204001'))).not.toThrow();
    for (const code of ['150204001001', '150204', '15020400', '1502040010', 'abcdefghi']) {
      expect(refusal(() => checkFounding(committee(code))), code).toEqual({ code: 'BAD_USER_INPUT', field: 'input.regionCode' });
    }
  });

  it.each(['community_committee', 'general_branch', 'branch', 'joint_branch'] as const)('a %s attaches to a 12-digit community code', (kind) => {
    const orgs = kind === 'joint_branch' ? [ORG_A, ORG_B] : [];
    expect(() => checkFounding(plan({ kind, regionCode: '150204001001', organizationIds: orgs }))).not.toThrow();
    for (const code of ['150204001', '150204', '1502040010010', '15020400100a']) {
      expect(refusal(() => checkFounding(plan({ kind, regionCode: code, organizationIds: orgs }))), code).toEqual({
        code: 'BAD_USER_INPUT',
        field: 'input.regionCode',
      });
    }
  });
});
