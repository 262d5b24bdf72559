import { DomainError, addDays } from '@sanshe/service-kit';
import { addYears } from './dates.ts';

/**
 * Evaluation grades (社会组织评估等级) from a score out of 1000. Thresholds follow the common
 * provincial practice: 5A ≥ 900, 4A ≥ 800, 3A ≥ 700, 2A ≥ 600, 1A ≥ 500; below 500 no grade.
 */
export const GRADE_THRESHOLDS: readonly (readonly [grade: number, minScore: number])[] = [
  [5, 900],
  [4, 800],
  [3, 700],
  [2, 600],
  [1, 500],
];

export const MAX_SCORE = 1000;
/** A grade is valid five years (有效期五年). */
export const GRADE_VALIDITY_YEARS = 5;

export function gradeForScore(score: number): number | null {
  if (!Number.isInteger(score) || score < 0 || score > MAX_SCORE) {
    throw new DomainError('BAD_USER_INPUT', `a score is a whole number from 0 to ${MAX_SCORE}`, 'score');
  }
  return GRADE_THRESHOLDS.find(([, min]) => score >= min)?.[0] ?? null;
}

export const gradeLabel = (grade: number) => `${grade}A`;

/** The last day a grade awarded on `gradedOn` is valid: the day before its fifth anniversary. */
export function gradeValidUntil(gradedOn: string): string {
  return addDays(addYears(gradedOn, GRADE_VALIDITY_YEARS), -1);
}

export function isGradeValidOn(validUntil: string, day: string): boolean {
  return day <= validUntil;
}

export interface InspectionFact {
  year: number;
  result: 'passed' | 'basic_pass' | 'failed' | 'not_submitted';
}

/**
 * An organization whose last annual inspection failed or was not submitted cannot be graded.
 * One never inspected yet (newly registered) can be.
 */
export function assertGradable(lastInspection: InspectionFact | null, field = 'id'): void {
  if (lastInspection && (lastInspection.result === 'failed' || lastInspection.result === 'not_submitted')) {
    throw new DomainError(
      'RULE_VIOLATION',
      `an organization whose last annual inspection (${lastInspection.year}) was ${lastInspection.result.replace('_', ' ')} cannot be graded`,
      field,
      { lastInspection: { year: lastInspection.year, result: lastInspection.result.toUpperCase() } },
    );
  }
}

/** The grade to award for `score` on `gradedOn`, or a refusal naming the rule. */
export function awardGrade(input: { score: number; gradedOn: string; latestGradedOn: string | null; lastInspection: InspectionFact | null }) {
  const grade = gradeForScore(input.score);
  if (grade === null) {
    throw new DomainError('RULE_VIOLATION', `a score of ${input.score} is below ${GRADE_THRESHOLDS.at(-1)![1]} and earns no grade`, 'score');
  }
  if (input.latestGradedOn !== null && input.gradedOn < input.latestGradedOn) {
    throw new DomainError('RULE_VIOLATION', `a later evaluation (${input.latestGradedOn}) is already recorded`, 'gradedOn');
  }
  assertGradable(input.lastInspection);
  return { grade, score: input.score, gradedOn: input.gradedOn, validUntil: gradeValidUntil(input.gradedOn) };
}
