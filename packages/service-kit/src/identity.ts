import { z } from 'zod';

export const IDENTITY_HEADER = 'x-sanshe-identity';
export const SECRET_HEADER = 'x-sanshe-subgraph-secret';

/**
 * Who is calling, as verified by the gateway and forwarded to every subgraph. Until the
 * authorization work lands every caller is anonymous; the shape is fixed now so subgraphs
 * already read it from one place.
 */
export const identitySchema = z.object({
  subject: z.string().nullable(),
  roles: z.array(z.string()),
  /** Region codes the caller acts within (a street office: its street code). */
  scope: z.array(z.string()),
});

export type Identity = z.infer<typeof identitySchema>;

export const anonymous: Identity = Object.freeze({ subject: null, roles: ['public'], scope: [] }) as Identity;

export function encodeIdentity(identity: Identity): string {
  return Buffer.from(JSON.stringify(identity)).toString('base64url');
}

export function decodeIdentity(header: string | undefined): Identity | null {
  if (!header) return anonymous;
  try {
    const parsed = identitySchema.safeParse(JSON.parse(Buffer.from(header, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
