import { describe, expect, it } from 'vitest';
import { refusal } from '@sanshe/testing/refusal';
import { ALLOWED_PARENTS, checkOrganizationStreet, checkParent, COVERING_KINDS, streetOf } from '../../src/domain/hierarchy.ts';
import type { PartyKind } from '../../src/domain/party-rules.ts';

const STREET = '150204001';
const COMMUNITY = '150204001001';
const KINDS: PartyKind[] = ['street_working_committee', 'community_committee', 'general_branch', 'branch', 'joint_branch'];
const regionOf = (kind: PartyKind) => (kind === 'street_working_committee' ? STREET : COMMUNITY);

/** The whole matrix, child kind → the parent kinds it accepts (hierarchy.ts documents why). */
const EXPECTED: Record<PartyKind, PartyKind[]> = {
  street_working_committee: [],
  community_committee: ['street_working_committee'],
  general_branch: ['community_committee'],
  branch: ['community_committee', 'general_branch'],
  joint_branch: ['street_working_committee', 'community_committee', 'general_branch'],
};

describe('parent kinds', () => {
  it('matches the documented matrix', () => {
    expect(ALLOWED_PARENTS).toEqual(EXPECTED);
  });

  for (const child of KINDS) {
    for (const parent of KINDS) {
      const allowed = EXPECTED[child].includes(parent);
      it(`${child} under ${parent}: ${allowed ? 'accepted' : 'refused'}`, () => {
        const run = () => checkParent({ kind: child, regionCode: regionOf(child) }, { kind: parent, regionCode: regionOf(parent) });
        if (allowed) expect(run).not.toThrow();
        else expect(refusal(run)).toEqual({ code: 'RULE_VIOLATION', field: 'input.parentId' });
      });
    }
  }
});

describe('parent area', () => {
  it('a working committee parent must be of the child community’s street', () => {
    const committee = { kind: 'community_committee' as const, regionCode: COMMUNITY };
    expect(() => checkParent(committee, { kind: 'street_working_committee', regionCode: '150204001' })).not.toThrow();
    expect(refusal(() => checkParent(committee, { kind: 'street_working_committee', regionCode: '150204002' }))).toEqual({
      code: 'RULE_VIOLATION',
      field: 'input.parentId',
    });
    const joint = { kind: 'joint_branch' as const, regionCode: '150204002001' };
    expect(() => checkParent(joint, { kind: 'street_working_committee', regionCode: '150204002' })).not.toThrow();
    expect(refusal(() => checkParent(joint, { kind: 'street_working_committee', regionCode: '150204001' })).code).toBe('RULE_VIOLATION');
  });

  it('a committee or general branch parent must be of the same community', () => {
    const branch = { kind: 'branch' as const, regionCode: COMMUNITY };
    expect(() => checkParent(branch, { kind: 'community_committee', regionCode: COMMUNITY })).not.toThrow();
    expect(refusal(() => checkParent(branch, { kind: 'community_committee', regionCode: '150204001002' }))).toEqual({
      code: 'RULE_VIOLATION',
      field: 'input.parentId',
    });
    expect(refusal(() => checkParent(branch, { kind: 'general_branch', regionCode: '150204001002' })).code).toBe('RULE_VIOLATION');
  });

  it('names the street of a community code', () => {
    expect(streetOf('150204001002')).toBe('150204001');
    expect(streetOf('150204001')).toBe('150204001');
  });
});

describe('covered organizations', () => {
  it('only branches, general branches and joint branches cover organizations', () => {
    expect([...COVERING_KINDS].sort()).toEqual(['branch', 'general_branch', 'joint_branch']);
  });

  it('must be in the party organization’s street (any community of it)', () => {
    const org = (streetCode: string) => ({ id: 'o', streetCode });
    expect(() => checkOrganizationStreet(COMMUNITY, org('150204001'), 'input.organizationIds')).not.toThrow();
    expect(() => checkOrganizationStreet('150204001002', org('150204001'), 'input.organizationIds')).not.toThrow();
    expect(refusal(() => checkOrganizationStreet(COMMUNITY, org('150204002'), 'input.organizationIds'))).toEqual({
      code: 'RULE_VIOLATION',
      field: 'input.organizationIds',
    });
  });
});
