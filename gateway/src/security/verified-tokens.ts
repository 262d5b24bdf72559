import type { Identity } from '@sanshe/service-kit';

/**
 * Remembers tokens that verified, so a client sending the same bearer token on every request
 * pays for one ES256 verification a minute instead of one per request. An entry lives until the
 * token expires or `maxAgeMs`, whichever is first — a key rotation or a revoked signing key is
 * honoured within a minute. Failures are never remembered: a bad token is checked (and refused)
 * every time.
 */
export function rememberVerifiedTokens(
  verify: (token: string) => Promise<Identity>,
  options: { maxEntries?: number; maxAgeMs?: number; now?: () => number } = {},
): (token: string) => Promise<Identity> {
  const maxEntries = options.maxEntries ?? 10_000;
  const maxAgeMs = options.maxAgeMs ?? 60_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { identity: Identity; until: number }>();

  return async (token) => {
    const hit = entries.get(token);
    if (hit && hit.until > now()) return hit.identity;
    if (hit) entries.delete(token);
    const identity = await verify(token);
    const until = Math.min(now() + maxAgeMs, expiresAtMs(token) ?? 0);
    if (until > now()) {
      entries.set(token, { identity, until });
      // Oldest first: a Map iterates in insertion order.
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    }
    return identity;
  };
}

/** `exp` of a token that has just verified (so its payload can be trusted), in ms. */
function expiresAtMs(token: string): number | null {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof payload.exp === 'number' ? payload.exp * 1000 : null;
  } catch {
    return null;
  }
}
