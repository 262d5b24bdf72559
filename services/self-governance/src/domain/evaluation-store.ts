import { selfGovernance as contracts } from '@sanshe/events';
import { and, eq } from 'drizzle-orm';
import { DomainError, recordEvent, tablePage, type PageArgs } from '@sanshe/service-kit';
import { evaluations, residentsCommittees, type EvaluationRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import type { WriteAccess } from '../authorization.ts';
import { guarded, optionalEq, requireCommunity, withinFilter } from './store-kit.ts';
import { optionalText, period as parsePeriod, wholeNumber } from './validation.ts';

/**
 * 两评 (seed 001): residents' representatives rate the residents' committee; committee members rate
 * the street office. Resident satisfaction surveys (群众评价, at least half of a community's
 * assessment) are the third kind. Each is counted on the usual three-point scale — 满意, 基本满意,
 * 不满意 — once per community, kind and period.
 */

type Kind = EvaluationRow['kind'];

export interface Ratings {
  satisfied: number;
  basicallySatisfied: number;
  dissatisfied: number;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

export const responsesOf = (r: Ratings) => r.satisfied + r.basicallySatisfied + r.dissatisfied;

/** 满意率: (满意 + 基本满意) / responses, as a percentage with one decimal. */
export function satisfactionRate(r: Ratings): number {
  return round1(((r.satisfied + r.basicallySatisfied) * 100) / responsesOf(r));
}

/** A 0–100 score weighting 满意 100, 基本满意 60, 不满意 0 — one decimal. */
export function satisfactionScore(r: Ratings): number {
  return round1((r.satisfied * 100 + r.basicallySatisfied * 60) / responsesOf(r));
}

export function validateRatings(input: Ratings & { eligibleRaters?: number | null }): Ratings & { eligibleRaters: number | null } {
  const satisfied = wholeNumber(input.satisfied, 'input.satisfied', { max: 1_000_000 });
  const basicallySatisfied = wholeNumber(input.basicallySatisfied, 'input.basicallySatisfied', { max: 1_000_000 });
  const dissatisfied = wholeNumber(input.dissatisfied, 'input.dissatisfied', { max: 1_000_000 });
  const ratings = { satisfied, basicallySatisfied, dissatisfied };
  if (responsesOf(ratings) === 0) throw new DomainError('BAD_USER_INPUT', 'an evaluation has at least one response', 'input.satisfied');
  const eligibleRaters = input.eligibleRaters == null ? null : wholeNumber(input.eligibleRaters, 'input.eligibleRaters', { min: 1, max: 10_000_000 });
  if (eligibleRaters !== null && eligibleRaters < responsesOf(ratings)) {
    throw new DomainError('BAD_USER_INPUT', 'more responses than raters', 'input.eligibleRaters');
  }
  return { ...ratings, eligibleRaters };
}

export async function recordEvaluation(
  db: Db,
  input: Ratings & { kind: Kind; communityCode: string; period: string; eligibleRaters?: number | null; comments?: string | null },
  access: WriteAccess,
) {
  const period = parsePeriod(input.period, 'input.period');
  const ratings = validateRatings(input);
  const comments = optionalText(input.comments, 'input.comments', { max: 5000 });
  return db.transaction(async (tx) => {
    access.allow({ regionCode: input.communityCode }, 'input.communityCode');
    const community = await requireCommunity(tx, input.communityCode, 'input.communityCode');
    let committeeId: string | null = null;
    if (input.kind === 'representatives_rate_committee') {
      const [committee] = await tx.select().from(residentsCommittees).where(eq(residentsCommittees.communityCode, community.code));
      if (!committee) throw new DomainError('RULE_VIOLATION', 'the community has no residents’ committee to rate', 'input.communityCode');
      committeeId = committee.id;
    }
    const streetCode = community.streetCode!;
    const [row] = await guarded(
      () =>
        tx
          .insert(evaluations)
          .values({ kind: input.kind, communityCode: community.code, streetCode, committeeId, period, ...ratings, comments })
          .returning(),
      { field: 'input.period', message: `this evaluation is already recorded for ${period}` },
    );
    await recordEvent(
      tx,
      contracts.evaluationRecorded,
      {
        evaluationId: row!.id,
        communityCode: community.code,
        kind: input.kind,
        streetCode,
        period,
        responses: responsesOf(ratings),
        satisfied: ratings.satisfied,
        basicallySatisfied: ratings.basicallySatisfied,
        dissatisfied: ratings.dissatisfied,
      },
      { subject: row!.id },
    );
    await access.audit(tx, 'CommunityEvaluation', row!.id);
    return row!;
  });
}

export interface EvaluationFilter {
  within?: string | null;
  communityCode?: string;
  kind?: Kind | null;
  period?: string | null;
}

export const listEvaluations = (db: Db, filter: EvaluationFilter, args: PageArgs) =>
  tablePage(
    db,
    evaluations,
    { time: evaluations.recordedAt, id: evaluations.id, direction: 'desc' },
    and(
      withinFilter(evaluations.communityCode, filter.within),
      optionalEq(evaluations.communityCode, filter.communityCode),
      optionalEq(evaluations.kind, filter.kind),
      optionalEq(evaluations.period, filter.period == null ? null : parsePeriod(filter.period, 'period')),
    ),
    args,
  );
