import { z } from 'zod';
import { communityCode } from '@sanshe/events';
import { DomainError, parseInput } from '@sanshe/service-kit';
import { isoDate } from './dates.ts';
import { squareMetres } from './incubation-rules.ts';

const lendInput = z.object({
  organizationId: z.string(),
  venueName: z.string().trim().min(2, 'a venue name has at least 2 characters').max(200),
  communityCode,
  areaSquareMetres: squareMetres,
  monthlyRentFen: z
    .number()
    .int('rent is whole fen')
    .nonnegative()
    .max(1_000_000_000)
    .nullish()
    .transform((v) => v ?? 0),
  startsOn: isoDate,
  endsOn: isoDate.nullish().transform((v) => v ?? null),
});

export type LendInput = z.output<typeof lendInput>;

/** A loan of space: where, how large, from when (and optionally until when). */
export function parseLendInput(input: unknown): LendInput {
  const parsed = parseInput(lendInput, input);
  if (parsed.endsOn !== null && parsed.endsOn < parsed.startsOn) {
    throw new DomainError('BAD_USER_INPUT', 'endsOn cannot be before startsOn', 'input.endsOn');
  }
  return parsed;
}
