import { describe, expect, it } from 'vitest';
import { refusedWith, refusal } from '@sanshe/testing/refusal';
import { disputeLifecycle, microProjectLifecycle, microWishLifecycle, needLifecycle } from '../../src/domain/lifecycles.ts';
import { checkTermDates } from '../../src/domain/committee-store.ts';
import { satisfactionRate, satisfactionScore, validateRatings } from '../../src/domain/evaluation-store.ts';
import { gridCodeOf } from '../../src/domain/grid-store.ts';
import { withinFilter } from '../../src/domain/store-kit.ts';
import { isoDate, isoDateTime, period } from '../../src/domain/validation.ts';

describe('dispute, need, micro-wish and micro-project lifecycles', () => {
  it('mediates a dispute before it is resolved or referred', () => {
    expect(disputeLifecycle.apply('reported', 'start_mediation', 'f')).toBe('mediating');
    expect(disputeLifecycle.apply('mediating', 'resolve', 'f')).toBe('resolved');
    expect(disputeLifecycle.apply('mediating', 'refer', 'f')).toBe('unresolved');
    for (const [status, action] of [
      ['reported', 'resolve'],
      ['reported', 'refer'],
      ['resolved', 'refer'],
      ['unresolved', 'resolve'],
      ['mediating', 'start_mediation'],
    ] as const) {
      const error = refusedWith(() => disputeLifecycle.apply(status, action, 'input.disputeId'));
      expect([error.code, error.field, error.extensions.currentStatus]).toEqual(['ILLEGAL_TRANSITION', 'input.disputeId', status.toUpperCase()]);
    }
  });

  it('takes a need into service, then fulfils or closes it, once', () => {
    expect(needLifecycle.allows('reported', 'start_service')).toBe(true);
    expect(needLifecycle.allows('in_service', 'start_service')).toBe(false);
    expect(needLifecycle.allows('in_service', 'fulfil')).toBe(true);
    expect(needLifecycle.allows('in_service', 'close_unmet')).toBe(true);
    expect(needLifecycle.allows('fulfilled', 'fulfil')).toBe(false);
    expect(needLifecycle.allows('closed_unmet', 'fulfil')).toBe(false);
  });

  it('lets a claimant fulfil only a claimed wish; a closed case fulfils a posted or claimed one', () => {
    expect(microWishLifecycle.apply('posted', 'claim', 'f')).toBe('claimed');
    expect(refusal(() => microWishLifecycle.apply('posted', 'fulfil', 'input.microWishId')).code).toBe('ILLEGAL_TRANSITION');
    expect(refusal(() => microWishLifecycle.apply('claimed', 'claim', 'input.microWishId')).code).toBe('ILLEGAL_TRANSITION');
    expect(microWishLifecycle.allows('posted', 'fulfil_by_case')).toBe(true);
    expect(microWishLifecycle.allows('fulfilled', 'fulfil_by_case')).toBe(false);
  });

  it('starts a micro-project before completing it; cancels one not yet completed', () => {
    expect(microProjectLifecycle.apply('planned', 'start', 'f')).toBe('in_progress');
    expect(refusal(() => microProjectLifecycle.apply('planned', 'complete', 'f')).code).toBe('ILLEGAL_TRANSITION');
    expect(microProjectLifecycle.apply('in_progress', 'cancel', 'f')).toBe('cancelled');
    expect(refusal(() => microProjectLifecycle.apply('completed', 'cancel', 'f')).code).toBe('ILLEGAL_TRANSITION');
  });
});

describe('small rules', () => {
  it('keeps a committee term within five years', () => {
    expect(() => checkTermDates('2021-06-01', '2026-06-01')).not.toThrow();
    expect(refusal(() => checkTermDates('2021-06-01', '2026-06-02'))).toEqual({ code: 'RULE_VIOLATION', field: 'input.endsOn' });
    expect(refusal(() => checkTermDates('2021-06-01', '2021-06-01'))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.endsOn' });
  });

  it('rates satisfaction: 满意率 and a 100/60/0 score, one decimal', () => {
    const r = { satisfied: 40, basicallySatisfied: 7, dissatisfied: 3 };
    expect(satisfactionRate(r)).toBe(94);
    expect(satisfactionScore(r)).toBe(88.4);
    expect(satisfactionRate({ satisfied: 1, basicallySatisfied: 0, dissatisfied: 2 })).toBe(33.3);
    expect(refusal(() => validateRatings({ satisfied: 0, basicallySatisfied: 0, dissatisfied: 0 })).field).toBe('input.satisfied');
    expect(refusal(() => validateRatings({ satisfied: 5, basicallySatisfied: 0, dissatisfied: 0, eligibleRaters: 4 })).field).toBe('input.eligibleRaters');
  });

  it('reads periods, dates and date-times', () => {
    expect(['2024', '2024-h1', '2024-Q3', '2024-07'].map((p) => period(p, 'f'))).toEqual(['2024', '2024-H1', '2024-Q3', '2024-07']);
    for (const bad of ['24', '2024-Q5', '2024-13', '2024-H3', '1900']) expect(refusal(() => period(bad, 'input.period')).field).toBe('input.period');
    expect(refusal(() => isoDate('2023-02-29', 'input.startsOn')).field).toBe('input.startsOn');
    expect(isoDate('2024-02-29', 'f')).toBe('2024-02-29');
    expect(isoDateTime('2024-05-01T19:30:00+08:00', 'f').toISOString()).toBe('2024-05-01T11:30:00.000Z');
    expect(refusal(() => isoDateTime('2024-05-01 19:30', 'input.scheduledAt')).field).toBe('input.scheduledAt');
  });

  it('codes grids under their community and narrows lists by code prefix', () => {
    expect(gridCodeOf('150204001001', 7)).toBe('150204001001007');
    expect(refusal(() => withinFilter({} as never, '1502'))).toEqual({ code: 'BAD_USER_INPUT', field: 'within' });
    expect(withinFilter({} as never, null)).toBeUndefined();
  });
});
