import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BaseContext } from '@apollo/server';
import { AuthenticationError, createVerifier, type Verifier } from '@sanshe/auth';
import { anonymous, sendJson, type Identity } from '@sanshe/service-kit';
import type { GatewayEnvironment } from './environment.ts';
import { RateLimiter } from './security/rate-limit.ts';
import { rememberVerifiedTokens } from './security/verified-tokens.ts';

/** What every operation through the gateway carries; the data source forwards `identity`. */
export interface GatewayContext extends BaseContext {
  identity: Identity;
}

export type ContextFunction = (req: IncomingMessage, res: ServerResponse) => Promise<GatewayContext | null>;

/**
 * Authentication happens here and only here: a bearer token is verified against the JWKS
 * (issuer and audience checked) and becomes the Identity every subgraph receives, signed. No
 * token: anonymous, who sees only public information. A bad token is a 401, never a silent
 * downgrade to anonymous — a client should learn its token expired. Client-sent identity headers
 * are never read.
 */
export function createContextFunction(env: GatewayEnvironment): ContextFunction {
  const { AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE } = env.auth;
  const verify: Verifier | null =
    AUTH_JWKS_URL && AUTH_ISSUER
      ? rememberVerifiedTokens(createVerifier({ jwks: new URL(AUTH_JWKS_URL), issuer: AUTH_ISSUER, audience: AUTH_AUDIENCE }))
      : null;
  const limiter = new RateLimiter(env.security.RATE_LIMIT_PER_MINUTE);

  return async (req, res) => {
    let identity: Identity = anonymous;
    const header = req.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      try {
        if (!match) throw new AuthenticationError('malformed', 'the Authorization header is not "Bearer <token>"');
        if (!verify) throw new AuthenticationError('malformed', 'this gateway has no identity provider configured');
        identity = await verify(match[1]!);
      } catch (error) {
        const reason = error instanceof AuthenticationError ? error.reason : 'malformed';
        const message = error instanceof Error ? error.message : 'invalid token';
        sendJson(res, 401, { errors: [{ message, extensions: { code: 'UNAUTHENTICATED', reason } }] }, { 'www-authenticate': 'Bearer' });
        return null;
      }
    }
    const key = identity.subject ?? `ip:${req.socket.remoteAddress ?? 'unknown'}`;
    const verdict = limiter.take(key);
    if (!verdict.allowed) {
      sendJson(res, 429, { errors: [{ message: 'too many requests', extensions: { code: 'RATE_LIMITED' } }] }, { 'retry-after': String(verdict.retryAfterSeconds) });
      return null;
    }
    return { identity };
  };
}
