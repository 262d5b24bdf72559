import { describe, expect, it } from 'vitest';
import { refusal } from '@sanshe/testing/refusal';
import { checkScore, exclusionOf, formatHundredths, meanHundredths, scoreApplication, type ReviewFacts } from '../../src/domain/rules/review-scoring.ts';

const APPLICANT = 'org-a';
const review = (score: number, over: Partial<ReviewFacts> = {}): ReviewFacts => ({ reviewerId: `r${score}`, score, declaredConflict: false, linkedOrganizationIds: [], ...over });
const rules = { minReviewers: 3, passingScore: 60 };

describe('conflict of interest', () => {
  it('excludes a reviewer linked to the applicant, or who declared a conflict; others count', () => {
    expect(exclusionOf(review(90, { linkedOrganizationIds: ['org-b', APPLICANT] }), APPLICANT)).toBe('linked_to_applicant');
    expect(exclusionOf(review(90, { declaredConflict: true }), APPLICANT)).toBe('declared_conflict');
    expect(exclusionOf(review(90, { linkedOrganizationIds: ['org-b'] }), APPLICANT)).toBeNull();
  });
});

describe('scoreApplication', () => {
  it('is the mean of the reviews that count, rounded half up to two decimals', () => {
    expect(scoreApplication([review(80), review(70), review(71), review(100, { linkedOrganizationIds: [APPLICANT] })], APPLICANT, rules)).toEqual({
      counted: 3,
      excluded: 1,
      sum: 221,
      meetsMinimum: true,
      finalScore: '73.67',
      passes: true,
    });
    expect(scoreApplication([review(1), review(0), review(0)], APPLICANT, { ...rules, passingScore: 0 }).finalScore).toBe('0.33');
    expect(scoreApplication([review(2), review(0), review(0)], APPLICANT, rules).finalScore).toBe('0.67');
    expect(scoreApplication([review(100), review(100), review(100)], APPLICANT, rules).finalScore).toBe('100.00');
  });

  it('needs the minimum of counted reviews: excluded ones do not make it up', () => {
    const two = [review(90), review(90), review(90, { declaredConflict: true })];
    expect(scoreApplication(two, APPLICANT, rules)).toMatchObject({ counted: 2, excluded: 1, meetsMinimum: false, finalScore: null, passes: false });
    expect(scoreApplication([], APPLICANT, { minReviewers: 1, passingScore: 0 })).toMatchObject({ counted: 0, meetsMinimum: false, passes: false });
  });

  it('passes at exactly the passing score, compared without rounding', () => {
    expect(scoreApplication([review(60), review(60), review(60)], APPLICANT, rules).passes).toBe(true);
    // 59.666… rounds to 59.67 and is below 60; 179 < 60 × 3.
    expect(scoreApplication([review(60), review(60), review(59)], APPLICANT, rules)).toMatchObject({ finalScore: '59.67', passes: false });
    // 199 × 70 + 69 over 200 reviewers is 69.995: shown as 70.00, yet below a passing score of 70.
    const many = [...Array.from({ length: 199 }, (_, i) => review(70, { reviewerId: `x${i}` })), review(69)];
    expect(scoreApplication(many, APPLICANT, { minReviewers: 3, passingScore: 70 })).toMatchObject({ finalScore: '70.00', passes: false });
  });

  it('rounds half up in integers', () => {
    expect(meanHundredths(1, 8)).toBe(13); // 0.125 → 0.13
    expect(meanHundredths(3, 8)).toBe(38); // 0.375 → 0.38
    expect(meanHundredths(1, 3)).toBe(33);
    expect(formatHundredths(7367)).toBe('73.67');
    expect(formatHundredths(5)).toBe('0.05');
    expect(() => meanHundredths(1, 0)).toThrow();
  });

  it('refuses scores outside 0–100 and fractions', () => {
    for (const bad of [-1, 101, 50.5, Number.NaN]) expect(refusal(() => checkScore(bad))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.score' });
    expect(checkScore(0)).toBe(0);
    expect(checkScore(100)).toBe(100);
  });
});
