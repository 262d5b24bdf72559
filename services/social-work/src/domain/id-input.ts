import { z } from 'zod';

/**
 * An id given in mutation input. Any non-empty string is accepted here and looked up by the store:
 * an id that is not a UUID cannot exist, so it is NOT_FOUND naming the field, never a 500.
 */
export const idRef = z.string().trim().min(1);
export const optionalIdRef = idRef.nullish().transform((v) => v ?? null);
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));
