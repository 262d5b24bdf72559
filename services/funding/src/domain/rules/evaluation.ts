import { DomainError } from '@sanshe/service-kit';
import type { EVALUATION_RATINGS, GrantRow, TrancheRow } from '../../db/grant-tables.ts';

export type Rating = (typeof EVALUATION_RATINGS)[number];

/** Final-evaluation bands on a 100-point scale (third-party 绩效评估). */
export function ratingOf(score: number): Rating {
  if (score >= 90) return 'excellent';
  if (score >= 75) return 'good';
  if (score >= 60) return 'pass';
  return 'fail';
}

export const isPassing = (rating: Rating) => rating !== 'fail';

/** A grant is evaluated once, while active, after every milestone of its schedule was met. */
export function checkEvaluable(
  grant: Pick<GrantRow, 'status'>,
  schedule: readonly Pick<TrancheRow, 'seq' | 'milestoneMetAt' | 'status'>[],
  alreadyEvaluated: boolean,
  field = 'input.grantId',
): void {
  if (alreadyEvaluated) throw new DomainError('CONFLICT', 'the grant was already evaluated', field);
  if (grant.status !== 'active') throw new DomainError('RULE_VIOLATION', `the grant is ${grant.status}`, field, { grantStatus: grant.status });
  const open = schedule.find((t) => !t.milestoneMetAt && t.status !== 'cancelled');
  if (open) throw new DomainError('RULE_VIOLATION', `the milestone of tranche ${open.seq} is not met yet`, field);
}

/**
 * What an evaluation does: a fail ends the grant (unpaid tranches cancelled, their money back to
 * the fund); a pass completes it if everything was paid, else the last tranche may now be paid.
 */
export function evaluationOutcome(rating: Rating, schedule: readonly Pick<TrancheRow, 'status'>[]): 'terminate' | 'complete' | 'continue' {
  if (!isPassing(rating)) return 'terminate';
  return schedule.every((t) => t.status === 'paid' || t.status === 'cancelled') ? 'complete' : 'continue';
}

/** After a payment: complete when nothing is left to pay and a passing evaluation is on file. */
export function completesAfterPayment(schedule: readonly Pick<TrancheRow, 'status'>[], evaluation: { rating: Rating } | null): boolean {
  return !!evaluation && isPassing(evaluation.rating) && schedule.every((t) => t.status === 'paid' || t.status === 'cancelled');
}
