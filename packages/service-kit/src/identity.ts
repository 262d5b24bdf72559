import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const IDENTITY_HEADER = 'x-sanshe-identity';
export const SECRET_HEADER = 'x-sanshe-subgraph-secret';

/**
 * Who is calling, as verified by the gateway and forwarded to every subgraph. The gateway signs it
 * with the subgraph's own secret (HMAC-SHA256), so a caller who reaches a subgraph some other way
 * cannot claim to be someone else.
 */
export const identitySchema = z.object({
  subject: z.string().nullable(),
  roles: z.array(z.string()),
  /** Region codes the caller acts within (a street office: its street code). */
  scope: z.array(z.string()),
  /** The social organization a social-organization administrator acts for. */
  organizationId: z.string().nullable().default(null),
  /** The partner agency a partner token belongs to. */
  partnerId: z.string().nullable().default(null),
});

export type Identity = z.infer<typeof identitySchema>;

export const anonymous: Identity = Object.freeze({
  subject: null,
  roles: ['public'],
  scope: [],
  organizationId: null,
  partnerId: null,
}) as Identity;

function sign(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

export function encodeIdentity(identity: Identity, secret: string): string {
  const payload = Buffer.from(JSON.stringify(identity)).toString('base64url');
  return `${payload}.${sign(payload, secret)}`;
}

/** The identity, or null when the header is missing, malformed or not signed with `secret`. */
export function decodeIdentity(header: string | undefined, secret: string): Identity | null {
  if (!header) return null;
  const [payload, signature, extra] = header.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const parsed = identitySchema.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
