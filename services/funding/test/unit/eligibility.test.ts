import { describe, expect, it } from 'vitest';
import { refusal } from '@sanshe/testing/refusal';
import { checkEligibility, parseEligibility, requireEligible, unmetReason, type ApplicantFacts } from '../../src/domain/rules/eligibility.ts';

const today = '2024-06-15';
const facts = (over: Partial<ApplicantFacts> = {}): ApplicantFacts => ({ track: 'registered', state: 'registered', streetCode: '150204001', grade: null, ...over });
const grade3 = { kind: 'min_grade' as const, minGrade: 3 };
const street1 = { kind: 'filed_in_street' as const, streetCode: '150204001' };

describe('parseEligibility', () => {
  it('keeps valid rules and nothing else', () => {
    expect(parseEligibility([{ kind: 'min_grade', minGrade: 3, streetCode: 'ignored' }, { kind: 'filed_in_street', streetCode: '150204001' }, { kind: 'registered' }])).toEqual([
      grade3,
      street1,
      { kind: 'registered' },
    ]);
    expect(parseEligibility([])).toEqual([]);
  });

  it.each([
    [[{ kind: 'min_grade' as const, minGrade: 0 }], 'input.eligibility.0.minGrade'],
    [[{ kind: 'min_grade' as const, minGrade: 6 }], 'input.eligibility.0.minGrade'],
    [[{ kind: 'min_grade' as const, minGrade: 2.5 }], 'input.eligibility.0.minGrade'],
    [[{ kind: 'min_grade' as const }], 'input.eligibility.0.minGrade'],
    [[{ kind: 'registered' as const }, { kind: 'filed_in_street' as const, streetCode: '150204' }], 'input.eligibility.1.streetCode'],
    [[{ kind: 'filed_in_street' as const }], 'input.eligibility.0.streetCode'],
    [Array(6).fill({ kind: 'registered' as const }), 'input.eligibility'],
  ])('refuses %j', (rules, field) => {
    expect(refusal(() => parseEligibility(rules))).toEqual({ code: 'BAD_USER_INPUT', field });
  });
});

describe('unmetReason', () => {
  it('grade: 3A meets "3A or above", 2A does not, no grade does not, an expired grade does not', () => {
    expect(unmetReason(grade3, facts({ grade: { grade: 3, validUntil: today } }), today)).toBeNull();
    expect(unmetReason(grade3, facts({ grade: { grade: 5, validUntil: '2029-01-01' } }), today)).toBeNull();
    expect(unmetReason(grade3, facts({ grade: { grade: 2, validUntil: '2029-01-01' } }), today)).toMatch(/2A/);
    expect(unmetReason(grade3, facts(), today)).toMatch(/none/);
    expect(unmetReason(grade3, facts({ grade: { grade: 4, validUntil: '2024-06-14' } }), today)).toMatch(/expired/);
  });

  it('street: filed in that street only', () => {
    expect(unmetReason(street1, facts({ track: 'filed' }), today)).toBeNull();
    expect(unmetReason(street1, facts({ track: 'filed', streetCode: '150204002' }), today)).toMatch(/150204001/);
    expect(unmetReason(street1, facts({ track: 'registered' }), today)).toMatch(/备案/);
  });

  it('registered: registered track only', () => {
    expect(unmetReason({ kind: 'registered' }, facts(), today)).toBeNull();
    expect(unmetReason({ kind: 'registered' }, facts({ track: 'filed' }), today)).toMatch(/登记/);
  });
});

describe('checkEligibility', () => {
  const graded = facts({ grade: { grade: 3, validUntil: '2030-01-01' } });
  it('all: every rule; any: one rule; none: any active organization', () => {
    expect(checkEligibility([grade3, { kind: 'registered' }], 'all', graded, today)).toEqual({ eligible: true, unmet: [] });
    expect(checkEligibility([grade3, street1], 'all', graded, today).eligible).toBe(false);
    expect(checkEligibility([grade3, street1], 'any', graded, today)).toEqual({ eligible: true, unmet: [] });
    expect(checkEligibility([grade3, street1], 'any', facts({ track: 'filed' }), today)).toEqual({ eligible: true, unmet: [] });
    expect(checkEligibility([grade3, street1], 'any', facts(), today).unmet).toHaveLength(2);
    expect(checkEligibility([], 'all', facts({ track: 'filed' }), today).eligible).toBe(true);
  });

  it('a suspended or deregistered organization is never eligible', () => {
    for (const state of ['suspended', 'deregistered']) expect(checkEligibility([], 'any', facts({ state }), today)).toEqual({ eligible: false, unmet: [`the organization is ${state}`] });
  });

  it('requireEligible refuses with every reason on the organization field', () => {
    expect(refusal(() => requireEligible([grade3], 'all', facts(), today))).toEqual({ code: 'RULE_VIOLATION', field: 'input.organizationId' });
    expect(() => requireEligible([grade3], 'all', graded, today)).not.toThrow();
  });
});
