import { DomainError } from '@sanshe/service-kit';
import type { GrantRow, TrancheRow } from '../../db/grant-tables.ts';
import { isPassing, type Rating } from './evaluation.ts';

export type TrancheState = Pick<TrancheRow, 'id' | 'seq' | 'status' | 'milestoneMetAt' | 'amountFen'>;

function find(schedule: readonly TrancheState[], trancheId: string, field: string): TrancheState {
  const tranche = schedule.find((t) => t.id === trancheId);
  if (!tranche) throw new DomainError('NOT_FOUND', `no tranche ${trancheId}`, field);
  return tranche;
}

function requireActive(grant: Pick<GrantRow, 'status'>, field: string): void {
  if (grant.status !== 'active') throw new DomainError('RULE_VIOLATION', `the grant is ${grant.status}`, field, { grantStatus: grant.status });
}

/**
 * A tranche's milestone may be confirmed while the grant is active, once, in schedule order:
 * milestone 2 is not met before milestone 1.
 */
export function checkMilestone(grant: Pick<GrantRow, 'status'>, schedule: readonly TrancheState[], trancheId: string, field = 'input.trancheId'): TrancheState {
  const tranche = find(schedule, trancheId, field);
  requireActive(grant, field);
  if (tranche.milestoneMetAt) throw new DomainError('CONFLICT', `the milestone of tranche ${tranche.seq} was already met`, field);
  if (tranche.status !== 'pending') throw new DomainError('RULE_VIOLATION', `tranche ${tranche.seq} is ${tranche.status}`, field, { trancheStatus: tranche.status });
  const earlier = schedule.find((t) => t.seq < tranche.seq && !t.milestoneMetAt && t.status !== 'cancelled');
  if (earlier) throw new DomainError('RULE_VIOLATION', `the milestone of tranche ${earlier.seq} comes first`, field);
  return tranche;
}

/**
 * Milestone-gated payment (拨付): the grant is active, the tranche pending with its milestone met,
 * every earlier tranche paid, and — for a grant paid in two or more tranches — the last one (尾款)
 * waits for a passing final evaluation.
 */
export function checkPayable(
  grant: Pick<GrantRow, 'status'>,
  schedule: readonly TrancheState[],
  trancheId: string,
  evaluation: { rating: Rating } | null,
  field = 'input.trancheId',
): TrancheState {
  const tranche = find(schedule, trancheId, field);
  if (tranche.status === 'paid') throw new DomainError('CONFLICT', `tranche ${tranche.seq} was already paid`, field);
  requireActive(grant, field);
  if (tranche.status !== 'pending') throw new DomainError('RULE_VIOLATION', `tranche ${tranche.seq} is ${tranche.status}`, field, { trancheStatus: tranche.status });
  if (!tranche.milestoneMetAt) throw new DomainError('RULE_VIOLATION', `the milestone of tranche ${tranche.seq} is not met yet`, field);
  const unpaid = schedule.find((t) => t.seq < tranche.seq && t.status !== 'paid');
  if (unpaid) throw new DomainError('RULE_VIOLATION', `tranche ${unpaid.seq} is paid first`, field);
  const last = Math.max(...schedule.map((t) => t.seq));
  if (schedule.length > 1 && tranche.seq === last && !(evaluation && isPassing(evaluation.rating))) {
    throw new DomainError('RULE_VIOLATION', 'the last tranche is paid after a passing final evaluation', field);
  }
  return tranche;
}
