import { funding as contracts } from '@sanshe/events';
import { and, count, eq, sum, type SQL } from 'drizzle-orm';
import { DomainError, recordEvent, tablePage, type PageArgs } from '@sanshe/service-kit';
import { applications, fundingRounds, type FundingRoundRow } from '../db/programme-tables.ts';
import { grants } from '../db/grant-tables.ts';
import type { Db } from '../context.ts';
import { checkCursor, uuidEquals } from './filters.ts';
import { lockProgramme, lockRound } from './locks.ts';
import { fenFromSum, parseFen } from './money.ts';
import { requireRegion } from './regions.ts';
import { parseEligibility, type EligibilityMode, type EligibilityRuleInput } from './rules/eligibility.ts';
import {
  DEFAULT_MIN_REVIEWERS,
  DEFAULT_PASSING_SCORE,
  MAX_REVIEWERS,
  checkRoundBudget,
  checkRoundProgramme,
  checkRoundTransition,
} from './rules/round-rules.ts';
import { isoDate, optionalText, requiredText, wholeNumber } from './rules/text.ts';

export interface OpenRoundInput {
  programmeId: string;
  title: string;
  description?: string | null;
  budgetFen: unknown;
  eligibility: EligibilityRuleInput[];
  eligibilityMode?: EligibilityMode | null;
  minReviewers?: number | null;
  passingScore?: number | null;
  closesOn?: string | null;
}

export async function openFundingRound(db: Db, input: OpenRoundInput): Promise<FundingRoundRow> {
  const title = requiredText(input.title, 'input.title', 2, 200);
  const description = optionalText(input.description, 'input.description', 2000);
  const budgetFen = parseFen(input.budgetFen, 'input.budgetFen', { positive: true });
  const eligibility = parseEligibility(input.eligibility);
  const minReviewers = wholeNumber(input.minReviewers ?? DEFAULT_MIN_REVIEWERS, 'input.minReviewers', 1, MAX_REVIEWERS);
  const passingScore = wholeNumber(input.passingScore ?? DEFAULT_PASSING_SCORE, 'input.passingScore', 0, 100);
  const closesOn = input.closesOn ? isoDate(input.closesOn, 'input.closesOn') : null;
  return db.transaction(async (tx) => {
    const programme = await lockProgramme(tx, input.programmeId, 'input.programmeId');
    checkRoundProgramme(programme);
    for (const [i, rule] of eligibility.entries()) {
      if (rule.kind !== 'filed_in_street') continue;
      const street = await requireRegion(tx, rule.streetCode!, `input.eligibility.${i}.streetCode`);
      if (street.level !== 'street' && street.level !== 'township') throw new DomainError('BAD_USER_INPUT', `${street.code} is not a street or township`, `input.eligibility.${i}.streetCode`);
    }
    const [others] = await tx.select({ total: sum(fundingRounds.budgetFen) }).from(fundingRounds).where(eq(fundingRounds.programmeId, programme.id));
    checkRoundBudget(programme.budgetFen, fenFromSum(others?.total ?? 0), budgetFen);
    const [round] = (await tx
      .insert(fundingRounds)
      .values({ programmeId: programme.id, title, description, budgetFen, eligibility, eligibilityMode: input.eligibilityMode ?? 'all', minReviewers, passingScore, closesOn })
      .returning()) as [FundingRoundRow];
    await recordEvent(tx, contracts.fundingRoundOpened, { roundId: round.id, programmeId: programme.id, title, budgetFen, closesOn }, { subject: round.id });
    return round;
  });
}

/** The call closes (open → reviewing): no more applications, reviews may start. */
export async function closeFundingRoundCall(db: Db, roundId: string): Promise<FundingRoundRow> {
  return db.transaction(async (tx) => {
    const round = await lockRound(tx, roundId, 'roundId');
    checkRoundTransition(round.status, 'reviewing', 'roundId');
    const [updated] = (await tx.update(fundingRounds).set({ status: 'reviewing', callClosedAt: new Date() }).where(eq(fundingRounds.id, round.id)).returning()) as [FundingRoundRow];
    const [n] = await tx.select({ n: count() }).from(applications).where(eq(applications.roundId, round.id));
    await recordEvent(tx, contracts.fundingRoundCallClosed, { roundId: round.id, applicationCount: n?.n ?? 0 }, { subject: round.id });
    return updated;
  });
}

/** The round concludes (reviewing → concluded): applications not awarded are declined. */
export async function concludeFundingRound(db: Db, roundId: string): Promise<FundingRoundRow> {
  return db.transaction(async (tx) => {
    const round = await lockRound(tx, roundId, 'roundId');
    checkRoundTransition(round.status, 'concluded', 'roundId');
    const now = new Date();
    const [updated] = (await tx.update(fundingRounds).set({ status: 'concluded', concludedAt: now }).where(eq(fundingRounds.id, round.id)).returning()) as [FundingRoundRow];
    const declined = await tx
      .update(applications)
      .set({ status: 'rejected', decidedAt: now })
      .where(and(eq(applications.roundId, round.id), eq(applications.status, 'submitted')))
      .returning();
    for (const a of declined) {
      await recordEvent(tx, contracts.applicationDeclined, { applicationId: a.id, roundId: round.id, organizationId: a.organizationId, reason: 'not_awarded' }, { subject: a.id });
    }
    const [awarded] = await tx.select({ n: count(), total: sum(grants.amountFen) }).from(grants).where(eq(grants.roundId, round.id));
    await recordEvent(
      tx,
      contracts.fundingRoundConcluded,
      { roundId: round.id, awardedCount: awarded?.n ?? 0, awardedFen: fenFromSum(awarded?.total ?? 0), declinedCount: declined.length },
      { subject: round.id },
    );
    return updated;
  });
}

export interface RoundFilter {
  programmeId?: string | null;
  status?: FundingRoundRow['status'] | null;
}

export function listRounds(db: Db, filter: RoundFilter, args: PageArgs) {
  const conditions: SQL[] = [];
  if (filter.programmeId) conditions.push(uuidEquals(fundingRounds.programmeId, filter.programmeId));
  if (filter.status) conditions.push(eq(fundingRounds.status, filter.status));
  const where = and(...conditions);
  checkCursor(args);
  return tablePage(db, fundingRounds, { time: fundingRounds.createdAt, id: fundingRounds.id, direction: 'desc' }, where, args);
}
