import { describe, expect, it } from 'vitest';
import { refusal } from '@sanshe/testing/refusal';
import { checkAcceptingApplications, checkReviewing, checkRoundBudget, checkRoundProgramme, checkRoundTransition } from '../../src/domain/rules/round-rules.ts';
import { checkApplicationAwardable, checkCatalogue, checkPosts } from '../../src/domain/rules/award-rules.ts';
import type { ScoreResult } from '../../src/domain/rules/review-scoring.ts';

describe('round rules', () => {
  it('rounds belong to venture-philanthropy programmes', () => {
    expect(() => checkRoundProgramme({ kind: 'venture_philanthropy' })).not.toThrow();
    expect(refusal(() => checkRoundProgramme({ kind: 'micro_fund' }))).toEqual({ code: 'RULE_VIOLATION', field: 'input.programmeId' });
  });

  it('round budgets fit the programme budget to the fen', () => {
    expect(() => checkRoundBudget(1_000, 400, 600)).not.toThrow();
    expect(refusal(() => checkRoundBudget(1_000, 400, 601))).toEqual({ code: 'INSUFFICIENT_FUNDS', field: 'input.budgetFen' });
  });

  it('moves open → reviewing → concluded only', () => {
    expect(() => checkRoundTransition('open', 'reviewing')).not.toThrow();
    expect(() => checkRoundTransition('reviewing', 'concluded')).not.toThrow();
    for (const [from, to] of [['open', 'concluded'], ['reviewing', 'reviewing'], ['concluded', 'reviewing'], ['concluded', 'open']] as const) {
      expect(refusal(() => checkRoundTransition(from, to)).code).toBe('ILLEGAL_TRANSITION');
    }
  });

  it('takes applications while open, up to and including the closing day', () => {
    expect(() => checkAcceptingApplications({ status: 'open', closesOn: '2024-06-15' }, '2024-06-15')).not.toThrow();
    expect(() => checkAcceptingApplications({ status: 'open', closesOn: null }, '2099-01-01')).not.toThrow();
    expect(refusal(() => checkAcceptingApplications({ status: 'open', closesOn: '2024-06-15' }, '2024-06-16'))).toEqual({ code: 'RULE_VIOLATION', field: 'input.roundId' });
    expect(refusal(() => checkAcceptingApplications({ status: 'reviewing', closesOn: null }, '2024-06-01')).code).toBe('RULE_VIOLATION');
  });

  it('reviews and awards only in review', () => {
    expect(() => checkReviewing({ status: 'reviewing' }, 'input.applicationId')).not.toThrow();
    expect(refusal(() => checkReviewing({ status: 'open' }, 'input.applicationId'))).toEqual({ code: 'RULE_VIOLATION', field: 'input.applicationId' });
    expect(refusal(() => checkReviewing({ status: 'concluded' }, 'x')).code).toBe('RULE_VIOLATION');
  });
});

const scored = (over: Partial<ScoreResult> = {}): ScoreResult => ({ counted: 3, excluded: 0, sum: 240, meetsMinimum: true, finalScore: '80.00', passes: true, ...over });

describe('award rules', () => {
  const submitted = { status: 'submitted' as const, requestedFen: 100_000 };
  it('awards a scored, passing application up to what it asked', () => {
    expect(() => checkApplicationAwardable(submitted, scored(), 3, 100_000)).not.toThrow();
    expect(refusal(() => checkApplicationAwardable(submitted, scored(), 3, 100_001))).toEqual({ code: 'RULE_VIOLATION', field: 'input.amountFen' });
    expect(refusal(() => checkApplicationAwardable(submitted, scored({ meetsMinimum: false, counted: 2 }), 3, 1))).toEqual({ code: 'RULE_VIOLATION', field: 'input.applicationId' });
    expect(refusal(() => checkApplicationAwardable(submitted, scored({ passes: false }), 3, 1)).code).toBe('RULE_VIOLATION');
    expect(refusal(() => checkApplicationAwardable({ ...submitted, status: 'awarded' }, scored(), 3, 1)).code).toBe('CONFLICT');
    expect(refusal(() => checkApplicationAwardable({ ...submitted, status: 'rejected' }, scored(), 3, 1)).code).toBe('RULE_VIOLATION');
  });

  it('buys from the catalogue once a purchase programme has one, within the item ceiling', () => {
    const programme = { id: 'p', kind: 'purchase_of_services' as const };
    const item = { programmeId: 'p', ceilingFen: 5_000, code: 'A01' };
    expect(() => checkCatalogue(programme, 0, null, 1)).not.toThrow();
    expect(refusal(() => checkCatalogue(programme, 1, null, 1))).toEqual({ code: 'RULE_VIOLATION', field: 'input.catalogueItemId' });
    expect(() => checkCatalogue(programme, 1, item, 5_000)).not.toThrow();
    expect(refusal(() => checkCatalogue(programme, 1, item, 5_001))).toEqual({ code: 'RULE_VIOLATION', field: 'input.amountFen' });
    expect(refusal(() => checkCatalogue(programme, 1, { ...item, programmeId: 'other' }, 1)).field).toBe('input.catalogueItemId');
    expect(() => checkCatalogue({ id: 'p', kind: 'micro_fund' }, 3, null, 1)).not.toThrow();
    expect(() => checkCatalogue(programme, 1, { ...item, ceilingFen: null }, 10 ** 9)).not.toThrow();
  });

  it('post purchases say how many posts, 1 to 500; other grants none', () => {
    expect(checkPosts('social_work_posts', 1)).toBe(1);
    expect(checkPosts('social_work_posts', 500)).toBe(500);
    for (const bad of [0, 501, 1.5, null, undefined]) expect(refusal(() => checkPosts('social_work_posts', bad))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.socialWorkPosts' });
    expect(checkPosts('purchase_of_services', null)).toBeNull();
    expect(refusal(() => checkPosts('micro_fund', 2)).field).toBe('input.socialWorkPosts');
  });
});
