import { z } from 'zod';
import { DomainError, parseInput } from '@sanshe/service-kit';
import { communityCode } from '@sanshe/events';
import { CREDIT_CODE_MESSAGES, creditCodeProblem, type LegalForm } from './credit-code.ts';

const common = {
  name: z.string().trim().min(2, 'a name has at least 2 characters').max(100),
  communityCode,
  category: z.enum(['trade_association', 'science_and_technology', 'charity', 'community_service']),
  serviceFields: z.array(z.string()).max(12).transform((f) => [...new Set(f)]),
  staffCount: z.number().int().nonnegative().nullish().transform((v) => v ?? 0),
  memberCount: z.number().int().nonnegative().nullish().transform((v) => v ?? 0),
};

export const fileInput = z.object({ ...common, filingNumber: z.string().trim().min(1).max(40) });
export const registerInput = z.object({
  ...common,
  legalForm: z.enum(['social_group', 'social_service_agency', 'foundation']),
  creditCode: z.string().trim().toUpperCase(),
});

export type FileInput = z.output<typeof fileInput>;
export type RegisterInput = z.output<typeof registerInput>;

export function parseFileInput(input: unknown): FileInput {
  return parseInput(fileInput, input);
}

export function parseRegisterInput(input: unknown): RegisterInput {
  const parsed = parseInput(registerInput, input);
  const problem = creditCodeProblem(parsed.creditCode, parsed.legalForm as LegalForm);
  if (problem) throw new DomainError('BAD_USER_INPUT', CREDIT_CODE_MESSAGES[problem], 'input.creditCode', { reason: problem });
  return parsed;
}
