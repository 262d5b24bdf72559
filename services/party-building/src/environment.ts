import { parseEnvironment, vars, z } from '@sanshe/env';
import { serviceEnvironmentSections } from '@sanshe/service-kit';

/**
 * Common service variables (default port 4003) plus party-building's rules that a district sets:
 * - JOINT_BRANCH_SUBSIDY_FEN: the joint-branch subsidy (seed 000: 3,000 yuan = 300,000 fen);
 * - PARTY_SERVICE_FUND_SHARE_BP: the share of the party service fund earmarked for community
 *   social organizations, in basis points, for streets without their own setting (seed 003:
 *   Shuguang street's 3 % = 300). A street's own share is set with setPartyServiceFundShare.
 */
export const loadEnvironment = (source: Record<string, string | undefined> = process.env, options?: { exitOnError?: boolean }) =>
  parseEnvironment(
    {
      ...serviceEnvironmentSections(4003),
      rules: z.object({
        JOINT_BRANCH_SUBSIDY_FEN: vars.positiveInt(300_000),
        PARTY_SERVICE_FUND_SHARE_BP: z.preprocess(
          (v) => (v === '' ? undefined : v),
          z.coerce.number().int().min(0, 'basis points from 0 to 10000').max(10_000, 'basis points from 0 to 10000').default(300),
        ),
      }),
    },
    source,
    options,
  );
