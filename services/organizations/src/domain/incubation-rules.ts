import { z } from 'zod';
import { DomainError, parseInput } from '@sanshe/service-kit';
import { regionCode } from '@sanshe/events';
import { isoDate } from './dates.ts';

/** Square metres, positive, stored exactly with at most two decimals. */
export const squareMetres = z
  .number()
  .positive('an area is positive')
  .max(10_000_000)
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, 'an area has at most two decimals')
  .transform((v) => Math.round(v * 100) / 100);

const centerInput = z.object({
  name: z.string().trim().min(2, 'a name has at least 2 characters').max(100),
  kind: z.enum(['center', 'park']),
  regionCode,
  areaSquareMetres: squareMetres,
  capacity: z.number().int().positive('capacity is at least 1').max(10_000),
  operator: z.string().trim().min(2, 'an operator has at least 2 characters').max(100),
  openedOn: isoDate.nullish().transform((v) => v ?? null),
});

export type CenterInput = z.output<typeof centerInput>;

export function parseCenterInput(input: unknown, today: string): CenterInput {
  const parsed = parseInput(centerInput, input);
  if (parsed.openedOn !== null && parsed.openedOn > today) {
    throw new DomainError('BAD_USER_INPUT', 'openedOn cannot be in the future', 'input.openedOn');
  }
  return parsed;
}
