import { describe, expect, it } from 'vitest';
import { refusal, refusedWith } from '@sanshe/testing/refusal';
import { addYears, dateOrToday } from '../../src/domain/dates.ts';
import {
  assertGradable,
  awardGrade,
  GRADE_THRESHOLDS,
  gradeForScore,
  gradeLabel,
  gradeValidUntil,
  isGradeValidOn,
} from '../../src/domain/grading.ts';

describe('evaluation grades', () => {
  it.each([
    [1000, 5],
    [900, 5],
    [899, 4],
    [800, 4],
    [799, 3],
    [700, 3],
    [699, 2],
    [600, 2],
    [599, 1],
    [500, 1],
    [499, null],
    [0, null],
  ])('score %i earns grade %s', (score, grade) => {
    expect(gradeForScore(score)).toBe(grade);
  });

  it('has one threshold per grade, highest first', () => {
    expect(GRADE_THRESHOLDS.map(([g]) => g)).toEqual([5, 4, 3, 2, 1]);
    expect(gradeLabel(5)).toBe('5A');
  });

  it.each([-1, 1001, 850.5, Number.NaN])('refuses score %s as input', (score) => {
    expect(refusal(() => gradeForScore(score))).toEqual({ code: 'BAD_USER_INPUT', field: 'score' });
  });

  it('is valid five years: until the day before the fifth anniversary', () => {
    expect(gradeValidUntil('2020-06-01')).toBe('2025-05-31');
    expect(gradeValidUntil('2021-01-01')).toBe('2025-12-31');
    // 29 February: the anniversary in a common year is 1 March.
    expect(gradeValidUntil('2024-02-29')).toBe('2029-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
    expect(isGradeValidOn('2025-05-31', '2025-05-31')).toBe(true);
    expect(isGradeValidOn('2025-05-31', '2025-06-01')).toBe(false);
  });

  it.each(['failed', 'not_submitted'] as const)('refuses to grade an organization whose last inspection was %s', (result) => {
    const error = refusedWith(() => assertGradable({ year: 2024, result }));
    expect(error.code).toBe('RULE_VIOLATION');
    expect(error.field).toBe('id');
    expect(error.extensions.lastInspection).toEqual({ year: 2024, result: result.toUpperCase() });
  });

  it.each(['passed', 'basic_pass'] as const)('grades after an inspection that %s, and without any inspection yet', (result) => {
    expect(() => assertGradable({ year: 2024, result })).not.toThrow();
    expect(() => assertGradable(null)).not.toThrow();
  });

  it('awards the grade for the score with its validity, or refuses naming the rule', () => {
    expect(awardGrade({ score: 912, gradedOn: '2023-09-15', latestGradedOn: null, lastInspection: { year: 2022, result: 'passed' } })).toEqual({
      grade: 5,
      score: 912,
      gradedOn: '2023-09-15',
      validUntil: '2028-09-14',
    });
    expect(refusal(() => awardGrade({ score: 420, gradedOn: '2023-09-15', latestGradedOn: null, lastInspection: null }))).toEqual({
      code: 'RULE_VIOLATION',
      field: 'score',
    });
    expect(refusal(() => awardGrade({ score: 720, gradedOn: '2023-09-15', latestGradedOn: '2024-01-01', lastInspection: null }))).toEqual({
      code: 'RULE_VIOLATION',
      field: 'gradedOn',
    });
    expect(
      refusal(() => awardGrade({ score: 720, gradedOn: '2023-09-15', latestGradedOn: null, lastInspection: { year: 2023, result: 'not_submitted' } })),
    ).toEqual({ code: 'RULE_VIOLATION', field: 'id' });
  });

  it('reads optional dates as today, and refuses future or malformed ones', () => {
    expect(dateOrToday(null, 'gradedOn', '2025-03-01')).toBe('2025-03-01');
    expect(dateOrToday('2025-02-28', 'gradedOn', '2025-03-01')).toBe('2025-02-28');
    expect(refusal(() => dateOrToday('2025-03-02', 'gradedOn', '2025-03-01'))).toEqual({ code: 'BAD_USER_INPUT', field: 'gradedOn' });
    expect(refusal(() => dateOrToday('2025-02-30', 'gradedOn', '2025-03-01'))).toEqual({ code: 'BAD_USER_INPUT', field: 'gradedOn' });
    expect(refusal(() => dateOrToday('yesterday', 'leftOn', '2025-03-01'))).toEqual({ code: 'BAD_USER_INPUT', field: 'leftOn' });
  });
});
