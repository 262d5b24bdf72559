import { describe, expect, it } from 'vitest';
import { refusal } from '@sanshe/testing/refusal';
import { checkEvaluable, completesAfterPayment, evaluationOutcome, ratingOf } from '../../src/domain/rules/evaluation.ts';

const met = new Date();

describe('ratingOf', () => {
  it.each([
    [100, 'excellent'],
    [90, 'excellent'],
    [89, 'good'],
    [75, 'good'],
    [74, 'pass'],
    [60, 'pass'],
    [59, 'fail'],
    [0, 'fail'],
  ] as const)('%i → %s', (score, rating) => expect(ratingOf(score)).toBe(rating));
});

describe('checkEvaluable', () => {
  it('once, while active, after every milestone', () => {
    expect(() => checkEvaluable({ status: 'active' }, [{ seq: 1, milestoneMetAt: met, status: 'paid' }], false)).not.toThrow();
    expect(refusal(() => checkEvaluable({ status: 'active' }, [{ seq: 1, milestoneMetAt: met, status: 'paid' }], true))).toEqual({ code: 'CONFLICT', field: 'input.grantId' });
    expect(refusal(() => checkEvaluable({ status: 'active' }, [{ seq: 1, milestoneMetAt: met, status: 'paid' }, { seq: 2, milestoneMetAt: null, status: 'pending' }], false)).code).toBe(
      'RULE_VIOLATION',
    );
    expect(refusal(() => checkEvaluable({ status: 'suspended' }, [], false)).code).toBe('RULE_VIOLATION');
  });
});

describe('what an evaluation does', () => {
  it('a fail ends the grant; a pass completes it when all is paid, else lets the last tranche be paid', () => {
    expect(evaluationOutcome('fail', [{ status: 'paid' }])).toBe('terminate');
    expect(evaluationOutcome('pass', [{ status: 'paid' }, { status: 'paid' }])).toBe('complete');
    expect(evaluationOutcome('excellent', [{ status: 'paid' }, { status: 'pending' }])).toBe('continue');
  });

  it('a payment completes the grant when nothing is left and a passing evaluation is on file', () => {
    expect(completesAfterPayment([{ status: 'paid' }, { status: 'paid' }], { rating: 'good' })).toBe(true);
    expect(completesAfterPayment([{ status: 'paid' }], null)).toBe(false);
    expect(completesAfterPayment([{ status: 'paid' }, { status: 'pending' }], { rating: 'good' })).toBe(false);
    expect(completesAfterPayment([{ status: 'paid' }], { rating: 'fail' })).toBe(false);
  });
});
