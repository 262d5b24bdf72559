import { DomainError } from '@sanshe/service-kit';
import { parseFen } from '../money.ts';
import { isoDate, requiredText } from './text.ts';

export interface TrancheInput {
  amountFen: unknown;
  milestone: string;
  dueOn?: string | null;
}

export interface PlannedTranche {
  seq: number;
  amountFen: number;
  milestone: string;
  dueOn: string | null;
}

export const MAX_TRANCHES = 12;
/** A grant given without a schedule is paid in one tranche. */
export const SINGLE_TRANCHE_MILESTONE = '全额拨付';

/**
 * A grant's payment schedule: up to 12 tranches in order, each a positive whole number of fen
 * tied to a milestone, due dates (if any) never going back, and together exactly the award.
 */
export function planTranches(awardFen: number, input: readonly TrancheInput[] | null | undefined, field = 'input.tranches'): PlannedTranche[] {
  if (!input || input.length === 0) return [{ seq: 1, amountFen: awardFen, milestone: SINGLE_TRANCHE_MILESTONE, dueOn: null }];
  if (input.length > MAX_TRANCHES) throw new DomainError('BAD_USER_INPUT', `a grant is paid in at most ${MAX_TRANCHES} tranches`, field);
  const planned = input.map((t, i) => ({
    seq: i + 1,
    amountFen: parseFen(t.amountFen, `${field}.${i}.amountFen`, { positive: true }),
    milestone: requiredText(t.milestone, `${field}.${i}.milestone`, 2, 200),
    dueOn: t.dueOn ? isoDate(t.dueOn, `${field}.${i}.dueOn`) : null,
  }));
  let lastDue: string | null = null;
  for (const t of planned) {
    if (t.dueOn && lastDue && t.dueOn < lastDue) throw new DomainError('BAD_USER_INPUT', 'tranches are listed in the order they fall due', `${field}.${t.seq - 1}.dueOn`);
    lastDue = t.dueOn ?? lastDue;
  }
  const total = planned.reduce((s, t) => s + t.amountFen, 0);
  if (total !== awardFen) {
    throw new DomainError('RULE_VIOLATION', `the tranches add up to ${total} fen; the award is ${awardFen} fen`, field, { scheduledFen: total, awardFen });
  }
  return planned;
}
