import { describe, expect, it } from 'vitest';
import { refusal } from '@sanshe/testing/refusal';
import { planTranches, SINGLE_TRANCHE_MILESTONE } from '../../src/domain/rules/tranche-schedule.ts';
import { checkMilestone, checkPayable, type TrancheState } from '../../src/domain/rules/tranche-payment.ts';

describe('planTranches', () => {
  it('pays a grant without a schedule in one tranche', () => {
    expect(planTranches(500, null)).toEqual([{ seq: 1, amountFen: 500, milestone: SINGLE_TRANCHE_MILESTONE, dueOn: null }]);
    expect(planTranches(500, [])).toHaveLength(1);
  });

  it('numbers the tranches in order and keeps their milestones and due dates', () => {
    expect(
      planTranches(300, [
        { amountFen: 100, milestone: ' 项目启动 ', dueOn: '2020-05-01' },
        { amountFen: 200, milestone: '结项评估', dueOn: '2020-05-01' },
      ]),
    ).toEqual([
      { seq: 1, amountFen: 100, milestone: '项目启动', dueOn: '2020-05-01' },
      { seq: 2, amountFen: 200, milestone: '结项评估', dueOn: '2020-05-01' },
    ]);
  });

  it('refuses a schedule one fen off the award, with both sums', () => {
    expect(refusal(() => planTranches(300, [{ amountFen: 100, milestone: '启动' }, { amountFen: 199, milestone: '结项' }]))).toEqual({ code: 'RULE_VIOLATION', field: 'input.tranches' });
    expect(refusal(() => planTranches(300, [{ amountFen: 301, milestone: '启动' }]))).toEqual({ code: 'RULE_VIOLATION', field: 'input.tranches' });
  });

  it.each([
    [[{ amountFen: 0, milestone: '启动' }], 'input.tranches.0.amountFen'],
    [[{ amountFen: 1.5, milestone: '启动' }], 'input.tranches.0.amountFen'],
    [[{ amountFen: 1, milestone: 'x' }], 'input.tranches.0.milestone'],
    [[{ amountFen: 1, milestone: '启动', dueOn: '2020-13-01' }], 'input.tranches.0.dueOn'],
    [
      [
        { amountFen: 1, milestone: '启动', dueOn: '2020-06-01' },
        { amountFen: 1, milestone: '中期' },
        { amountFen: 1, milestone: '结项', dueOn: '2020-05-31' },
      ],
      'input.tranches.2.dueOn',
    ],
    [Array.from({ length: 13 }, () => ({ amountFen: 1, milestone: '阶段' })), 'input.tranches'],
  ])('refuses %j', (schedule, field) => {
    expect(refusal(() => planTranches(3, schedule)).field).toBe(field);
  });
});

const t = (seq: number, status: TrancheState['status'], met: boolean): TrancheState => ({ id: `t${seq}`, seq, status, milestoneMetAt: met ? new Date() : null, amountFen: 100 });
const active = { status: 'active' as const };

describe('checkMilestone', () => {
  it('confirms milestones in order, once, on an active grant', () => {
    expect(checkMilestone(active, [t(1, 'pending', false), t(2, 'pending', false)], 't1').seq).toBe(1);
    expect(refusal(() => checkMilestone(active, [t(1, 'pending', false), t(2, 'pending', false)], 't2'))).toEqual({ code: 'RULE_VIOLATION', field: 'input.trancheId' });
    expect(refusal(() => checkMilestone(active, [t(1, 'pending', true)], 't1'))).toEqual({ code: 'CONFLICT', field: 'input.trancheId' });
    expect(refusal(() => checkMilestone({ status: 'suspended' }, [t(1, 'suspended', false)], 't1')).code).toBe('RULE_VIOLATION');
    expect(refusal(() => checkMilestone(active, [t(1, 'pending', false)], 'other')).code).toBe('NOT_FOUND');
    // A cancelled earlier tranche does not block the next.
    expect(checkMilestone(active, [t(1, 'cancelled', false), t(2, 'pending', false)], 't2').seq).toBe(2);
  });
});

describe('checkPayable', () => {
  const pass = { rating: 'pass' as const };
  it('pays a pending tranche whose milestone is met, after every earlier one', () => {
    expect(checkPayable(active, [t(1, 'pending', true), t(2, 'pending', false)], 't1', null).seq).toBe(1);
    expect(checkPayable(active, [t(1, 'paid', true), t(2, 'pending', true), t(3, 'pending', false)], 't2', null).seq).toBe(2);
  });

  it('refuses: milestone not met, earlier unpaid, already paid, suspended, grant not active', () => {
    expect(refusal(() => checkPayable(active, [t(1, 'pending', false)], 't1', null)).code).toBe('RULE_VIOLATION');
    expect(refusal(() => checkPayable(active, [t(1, 'pending', true), t(2, 'pending', true), t(3, 'pending', true)], 't2', null)).code).toBe('RULE_VIOLATION');
    expect(refusal(() => checkPayable(active, [t(1, 'paid', true)], 't1', null)).code).toBe('CONFLICT');
    expect(refusal(() => checkPayable({ status: 'suspended' }, [t(1, 'suspended', true)], 't1', null)).code).toBe('RULE_VIOLATION');
    expect(refusal(() => checkPayable({ status: 'terminated' }, [t(1, 'cancelled', true)], 't1', null)).code).toBe('RULE_VIOLATION');
    // Even a paid tranche of a terminated grant is a conflict first: the caller asked for a repeat.
    expect(refusal(() => checkPayable({ status: 'terminated' }, [t(1, 'paid', true)], 't1', null)).code).toBe('CONFLICT');
  });

  it('the last of two or more tranches waits for a passing final evaluation; a single tranche does not', () => {
    const schedule = [t(1, 'paid', true), t(2, 'pending', true)];
    expect(refusal(() => checkPayable(active, schedule, 't2', null)).code).toBe('RULE_VIOLATION');
    expect(refusal(() => checkPayable(active, schedule, 't2', { rating: 'fail' })).code).toBe('RULE_VIOLATION');
    expect(checkPayable(active, schedule, 't2', pass).seq).toBe(2);
    expect(checkPayable(active, [t(1, 'pending', true)], 't1', null).seq).toBe(1);
  });
});
