import { DomainError } from '@sanshe/service-kit';
import type { EligibilityRule } from '../../db/programme-tables.ts';

export type { EligibilityRule };
export type EligibilityMode = 'all' | 'any';

export interface EligibilityRuleInput {
  kind: EligibilityRule['kind'];
  minGrade?: number | null;
  streetCode?: string | null;
}

/** What funding knows about an applicant, from its replicas of organizations' events. */
export interface ApplicantFacts {
  track: string;
  state: string;
  streetCode: string;
  grade: { grade: number; validUntil: string } | null;
}

export const MAX_RULES = 5;

/**
 * A round's eligibility rules, checked when the round opens. No rule means any active
 * organization may apply; more than one combine with `all` or `any`.
 */
export function parseEligibility(input: readonly EligibilityRuleInput[], field = 'input.eligibility'): EligibilityRule[] {
  if (input.length > MAX_RULES) throw new DomainError('BAD_USER_INPUT', `a round has at most ${MAX_RULES} eligibility rules`, field);
  return input.map((rule, i) => {
    const at = `${field}.${i}`;
    switch (rule.kind) {
      case 'min_grade':
        if (!Number.isInteger(rule.minGrade) || rule.minGrade! < 1 || rule.minGrade! > 5) {
          throw new DomainError('BAD_USER_INPUT', 'a grade rule names a grade from 1 (1A) to 5 (5A)', `${at}.minGrade`);
        }
        return { kind: 'min_grade', minGrade: rule.minGrade! };
      case 'filed_in_street':
        if (!rule.streetCode || !/^\d{9}$/.test(rule.streetCode)) {
          throw new DomainError('BAD_USER_INPUT', 'a street rule names a 9-digit street or township code', `${at}.streetCode`);
        }
        return { kind: 'filed_in_street', streetCode: rule.streetCode };
      case 'registered':
        return { kind: 'registered' };
      default:
        throw new DomainError('BAD_USER_INPUT', `unknown eligibility rule ${String((rule as { kind: unknown }).kind)}`, `${at}.kind`);
    }
  });
}

/** Why `facts` fail `rule`, or null when they meet it. `today` is a district date (YYYY-MM-DD). */
export function unmetReason(rule: EligibilityRule, facts: ApplicantFacts, today: string): string | null {
  switch (rule.kind) {
    case 'min_grade': {
      if (!facts.grade) return `needs an evaluation grade of ${rule.minGrade}A or above; the organization has none`;
      if (facts.grade.validUntil < today) return `its ${facts.grade.grade}A grade expired on ${facts.grade.validUntil}`;
      return facts.grade.grade >= rule.minGrade! ? null : `needs ${rule.minGrade}A or above; the organization is graded ${facts.grade.grade}A`;
    }
    case 'filed_in_street':
      if (facts.track !== 'filed') return 'only community social organizations filed (备案) with the street office may apply';
      return facts.streetCode === rule.streetCode ? null : `only organizations filed in street ${rule.streetCode} may apply`;
    case 'registered':
      return facts.track === 'registered' ? null : 'only organizations registered (登记) with the civil-affairs bureau may apply';
  }
}

/** Eligible when every rule (`all`) or some rule (`any`) is met, and the organization is active. */
export function checkEligibility(rules: readonly EligibilityRule[], mode: EligibilityMode, facts: ApplicantFacts, today: string): { eligible: boolean; unmet: string[] } {
  if (facts.state === 'suspended' || facts.state === 'deregistered') return { eligible: false, unmet: [`the organization is ${facts.state}`] };
  if (rules.length === 0) return { eligible: true, unmet: [] };
  const unmet = rules.map((rule) => unmetReason(rule, facts, today)).filter((r): r is string => r !== null);
  const eligible = mode === 'all' ? unmet.length === 0 : unmet.length < rules.length;
  return { eligible, unmet: eligible ? [] : unmet };
}

/** Refuses an ineligible applicant with every reason, naming the organization field. */
export function requireEligible(rules: readonly EligibilityRule[], mode: EligibilityMode, facts: ApplicantFacts, today: string, field = 'input.organizationId'): void {
  const result = checkEligibility(rules, mode, facts, today);
  if (!result.eligible) throw new DomainError('RULE_VIOLATION', `the organization is not eligible: ${result.unmet.join('; ')}`, field, { unmet: result.unmet });
}
