import { DomainError } from '@sanshe/service-kit';

export interface ReviewFacts {
  reviewerId: string;
  score: number;
  declaredConflict: boolean;
  /** Organizations the reviewer works for or sits on the board of. */
  linkedOrganizationIds: readonly string[];
}

export type Exclusion = 'linked_to_applicant' | 'declared_conflict';

export interface ScoringRules {
  minReviewers: number;
  passingScore: number;
}

export interface ScoreResult {
  counted: number;
  excluded: number;
  /** Sum of the counted scores: the mean is exactly sum / counted. */
  sum: number;
  meetsMinimum: boolean;
  /** The mean with two decimals, rounded half up ("83.33"); null until enough reviews count. */
  finalScore: string | null;
  /** Compared exactly (sum ≥ passing × counted), never on the rounded mean. */
  passes: boolean;
}

export const MAX_SCORE = 100;

export function checkScore(score: number, field = 'input.score'): number {
  if (!Number.isInteger(score) || score < 0 || score > MAX_SCORE) throw new DomainError('BAD_USER_INPUT', `a score is a whole number from 0 to ${MAX_SCORE}`, field);
  return score;
}

/** Conflict of interest: a reviewer linked to the applicant, or who declared a conflict, does not count. */
export function exclusionOf(review: ReviewFacts, applicantOrganizationId: string): Exclusion | null {
  if (review.linkedOrganizationIds.includes(applicantOrganizationId)) return 'linked_to_applicant';
  if (review.declaredConflict) return 'declared_conflict';
  return null;
}

/** Hundredths of sum / n rounded half up, in integers: floor((200·sum + n) / 2n). */
export function meanHundredths(sum: number, n: number): number {
  if (n <= 0) throw new Error('no counted reviews');
  return Math.floor((200 * sum + n) / (2 * n));
}

export function formatHundredths(h: number): string {
  return `${Math.floor(h / 100)}.${String(h % 100).padStart(2, '0')}`;
}

/** The final score of an application: the mean of the reviewers who count. */
export function scoreApplication(reviews: readonly ReviewFacts[], applicantOrganizationId: string, rules: ScoringRules): ScoreResult {
  const counted = reviews.filter((r) => exclusionOf(r, applicantOrganizationId) === null);
  const sum = counted.reduce((s, r) => s + r.score, 0);
  const meetsMinimum = counted.length >= rules.minReviewers && counted.length > 0;
  return {
    counted: counted.length,
    excluded: reviews.length - counted.length,
    sum,
    meetsMinimum,
    finalScore: meetsMinimum ? formatHundredths(meanHundredths(sum, counted.length)) : null,
    passes: meetsMinimum && sum >= rules.passingScore * counted.length,
  };
}
