import { z } from 'zod';
import { organizations as contracts } from '@sanshe/events';
import { DomainError } from '@sanshe/service-kit';

const annualInspectionResult = contracts.annualInspectionResult;
export const INSPECTION_RESULTS = annualInspectionResult.options;
export type InspectionResult = z.infer<typeof annualInspectionResult>;

/**
 * The year an annual inspection (年检/年报) covers: a whole year from 1990 up to the current one,
 * and not before the organization was established.
 */
export function checkInspection(
  input: { year: number; result: string },
  context: { today: string; establishedOn: string | null },
): { year: number; result: InspectionResult } {
  const currentYear = Number(context.today.slice(0, 4));
  if (!Number.isInteger(input.year) || input.year < 1990 || input.year > currentYear) {
    throw new DomainError('BAD_USER_INPUT', `year must be a whole year from 1990 to ${currentYear}`, 'year');
  }
  const result = annualInspectionResult.safeParse(input.result);
  if (!result.success) throw new DomainError('BAD_USER_INPUT', `result must be one of ${INSPECTION_RESULTS.join(', ')}`, 'result');
  const establishedYear = context.establishedOn ? Number(context.establishedOn.slice(0, 4)) : null;
  if (establishedYear !== null && input.year < establishedYear) {
    throw new DomainError('RULE_VIOLATION', `the organization was established in ${establishedYear}, after ${input.year}`, 'year', { establishedYear });
  }
  return { year: input.year, result: result.data };
}
