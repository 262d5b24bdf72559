import { DomainError } from '@sanshe/service-kit';

/** Runs a domain rule that must refuse, and returns the DomainError it threw. */
export function refusedWith(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal, but the rule accepted');
}

/** The refusal's code and field, the two things a client acts on. */
export function refusal(fn: () => unknown): { code: string; field: string | undefined } {
  const error = refusedWith(fn);
  return { code: error.code, field: error.field };
}
