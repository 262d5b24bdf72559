import { parseEnvironment, vars, z } from '@sanshe/env';
import { serviceEnvironmentSections } from '@sanshe/service-kit';

/**
 * Common service variables (default port 4003) plus party-building's rules that a district sets:
 * the joint-branch subsidy (seed 000: 3,000 yuan = 300,000 fen).
 */
export const loadEnvironment = (source: Record<string, string | undefined> = process.env, options?: { exitOnError?: boolean }) =>
  parseEnvironment(
    {
      ...serviceEnvironmentSections(4003),
      rules: z.object({ JOINT_BRANCH_SUBSIDY_FEN: vars.positiveInt(300_000) }),
    },
    source,
    options,
  );
