import { DomainError } from '@sanshe/service-kit';
import type { FundingRoundRow, ProgrammeRow } from '../../db/programme-tables.ts';

export const DEFAULT_MIN_REVIEWERS = 3;
export const DEFAULT_PASSING_SCORE = 60;
export const MAX_REVIEWERS = 15;

/** Venture-philanthropy rounds belong to 公益创投 programmes. */
export function checkRoundProgramme(programme: Pick<ProgrammeRow, 'kind'>, field = 'input.programmeId'): void {
  if (programme.kind !== 'venture_philanthropy') {
    throw new DomainError('RULE_VIOLATION', 'funding rounds belong to venture-philanthropy programmes', field, { kind: programme.kind });
  }
}

/** The rounds of a programme never promise more than the programme's budget. */
export function checkRoundBudget(programmeBudgetFen: number, otherRoundsFen: number, budgetFen: number, field = 'input.budgetFen'): void {
  const left = programmeBudgetFen - otherRoundsFen;
  if (budgetFen > left) {
    throw new DomainError('INSUFFICIENT_FUNDS', `the programme has ${left} fen of budget not given to other rounds; ${budgetFen} fen asked`, field, {
      availableFen: left,
      scope: 'programme',
    });
  }
}

type Status = FundingRoundRow['status'];

const NEXT: Record<Status, Status | null> = { open: 'reviewing', reviewing: 'concluded', concluded: null };

/** A round moves open → reviewing → concluded, one step at a time. */
export function checkRoundTransition(from: Status, to: Status, field = 'input.roundId'): void {
  if (NEXT[from] !== to) throw new DomainError('ILLEGAL_TRANSITION', `a ${from} round cannot become ${to}`, field, { status: from });
}

/** Applications are taken while the round is open, up to and including its closing day. */
export function checkAcceptingApplications(round: Pick<FundingRoundRow, 'status' | 'closesOn'>, today: string, field = 'input.roundId'): void {
  if (round.status !== 'open') throw new DomainError('RULE_VIOLATION', `the round is ${round.status}; it takes no applications`, field, { status: round.status });
  if (round.closesOn && today > round.closesOn) throw new DomainError('RULE_VIOLATION', `the call closed on ${round.closesOn}`, field, { closesOn: round.closesOn });
}

/** Reviews and awards happen after the call closed and before the round concludes. */
export function checkReviewing(round: Pick<FundingRoundRow, 'status'>, field: string): void {
  if (round.status !== 'reviewing') throw new DomainError('RULE_VIOLATION', `the round is ${round.status}, not in review`, field, { status: round.status });
}
