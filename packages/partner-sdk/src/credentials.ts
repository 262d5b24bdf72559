import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The credentials file the platform hands a partner (`pnpm partners credentials <id>`). It holds
 * the partner's private nkey seed: keep it like a password.
 */
export const partnerCredentialsSchema = z.object({
  partner: z.string().min(1),
  servers: z.array(z.string().min(1)).min(1),
  prefix: z.string().min(1),
  stream: z.string().min(1),
  durable: z.string().min(1),
  apiPrefix: z.string().min(1),
  replaySubject: z.string().min(1),
  seed: z.string().startsWith('SU', 'an nkey user seed starts with SU'),
  publicKey: z.string().optional(),
});

export type PartnerCredentials = z.infer<typeof partnerCredentialsSchema>;

export function loadPartnerCredentials(path: string): PartnerCredentials {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read partner credentials ${path}: ${(error as Error).message}`);
  }
  const parsed = partnerCredentialsSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`${path} is not a partner credentials file:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
