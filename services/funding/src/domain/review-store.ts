import { funding as contracts } from '@sanshe/events';
import { eq, inArray } from 'drizzle-orm';
import { DomainError, isUuid, knownOrganizations, recordEvent } from '@sanshe/service-kit';
import { applications, reviewers, reviews, type ApplicationRow, type FundingRoundRow, type ReviewerRow, type ReviewRow } from '../db/programme-tables.ts';
import type { Db, Queryable } from '../context.ts';
import { translateViolations } from './db-errors.ts';
import { findOrRefuse, lockRound } from './locks.ts';
import { checkReviewing } from './rules/round-rules.ts';
import { checkScore, exclusionOf, scoreApplication, type ReviewFacts, type ScoreResult } from './rules/review-scoring.ts';
import { optionalText, requiredText } from './rules/text.ts';

/** A reviewer and the organizations they are linked to (must be organizations funding knows). */
export async function registerReviewer(db: Db, input: { name: string; linkedOrganizationIds?: string[] | null }): Promise<ReviewerRow> {
  const name = requiredText(input.name, 'input.name', 2, 50);
  const linked = [...new Set(input.linkedOrganizationIds ?? [])];
  return db.transaction(async (tx) => {
    const valid = linked.filter(isUuid);
    const known = valid.length ? await tx.select({ id: knownOrganizations.id }).from(knownOrganizations).where(inArray(knownOrganizations.id, valid)) : [];
    const unknown = linked.findIndex((id) => !known.some((k) => k.id === id));
    if (unknown >= 0) throw new DomainError('NOT_FOUND', `no social organization with id ${linked[unknown]} is known`, `input.linkedOrganizationIds.${unknown}`);
    const [reviewer] = (await tx.insert(reviewers).values({ name, linkedOrganizationIds: linked }).returning()) as [ReviewerRow];
    await recordEvent(tx, contracts.reviewerRegistered, { reviewerId: reviewer.id, linkedOrganizationIds: linked }, { subject: reviewer.id });
    return reviewer;
  });
}

export interface ReviewInput {
  applicationId: string;
  reviewerId: string;
  score: number;
  comment?: string | null;
  declaredConflict?: boolean | null;
}

/**
 * A reviewer scores an application of a round in review, once. A conflicted review is recorded
 * (the panel sees it) but does not count towards the final score.
 */
export async function reviewApplication(db: Db, input: ReviewInput): Promise<ReviewRow> {
  const score = checkScore(input.score);
  const comment = optionalText(input.comment, 'input.comment', 2000);
  return db.transaction(async (tx) => {
    const application = await findOrRefuse((id) => tx.select().from(applications).where(eq(applications.id, id)), input.applicationId, 'application', 'input.applicationId');
    const round = await lockRound(tx, application.roundId, 'input.applicationId');
    checkReviewing(round, 'input.applicationId');
    if (application.status !== 'submitted') throw new DomainError('RULE_VIOLATION', `the application is ${application.status}`, 'input.applicationId');
    const reviewer = await findOrRefuse((id) => tx.select().from(reviewers).where(eq(reviewers.id, id)), input.reviewerId, 'reviewer', 'input.reviewerId');
    const [review] = (await translateViolations(
      () => tx.insert(reviews).values({ applicationId: application.id, reviewerId: reviewer.id, score, comment, declaredConflict: input.declaredConflict ?? false }).returning(),
      { unique: { reviews_pkey: ['input.reviewerId', 'this reviewer has already scored the application'] } },
    )) as [ReviewRow];
    const excluded = exclusionOf(toFacts(review, reviewer), application.organizationId) !== null;
    await recordEvent(tx, contracts.applicationReviewed, { applicationId: application.id, roundId: round.id, reviewerId: reviewer.id, excluded }, { subject: application.id });
    return review;
  });
}

export const toFacts = (review: ReviewRow, reviewer: Pick<ReviewerRow, 'linkedOrganizationIds'>): ReviewFacts => ({
  reviewerId: review.reviewerId,
  score: review.score,
  declaredConflict: review.declaredConflict,
  linkedOrganizationIds: reviewer.linkedOrganizationIds,
});

/** A review with its reviewer and the applicant it is checked against for conflicts. */
export type ReviewWithReviewer = ReviewRow & { reviewer: ReviewerRow; applicantOrganizationId: string };

/** The reviews of a batch of applications with their reviewers: one statement. */
export async function reviewsOf(db: Queryable, applicationIds: readonly string[]): Promise<ReviewWithReviewer[][]> {
  const rows = applicationIds.length
    ? await db
        .select({ review: reviews, reviewer: reviewers, applicantOrganizationId: applications.organizationId })
        .from(reviews)
        .innerJoin(reviewers, eq(reviewers.id, reviews.reviewerId))
        .innerJoin(applications, eq(applications.id, reviews.applicationId))
        .where(inArray(reviews.applicationId, [...applicationIds]))
        .orderBy(reviews.createdAt, reviews.reviewerId)
    : [];
  return applicationIds.map((id) =>
    rows.filter((r) => r.review.applicationId === id).map((r) => ({ ...r.review, reviewer: r.reviewer, applicantOrganizationId: r.applicantOrganizationId })),
  );
}

export function scoreOf(application: Pick<ApplicationRow, 'organizationId'>, round: Pick<FundingRoundRow, 'minReviewers' | 'passingScore'>, list: readonly ReviewWithReviewer[]): ScoreResult {
  return scoreApplication(
    list.map((r) => toFacts(r, r.reviewer)),
    application.organizationId,
    round,
  );
}
