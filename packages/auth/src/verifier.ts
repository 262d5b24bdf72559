import { createRemoteJWKSet, jwtVerify, errors, type JWTVerifyGetKey } from 'jose';
import type { Identity } from '@sanshe/service-kit';
import { platformClaims } from './claims.ts';

export class AuthenticationError extends Error {
  readonly reason: 'expired' | 'invalid_signature' | 'wrong_audience' | 'wrong_issuer' | 'malformed' | 'claims';
  constructor(reason: AuthenticationError['reason'], message: string) {
    super(message);
    this.name = 'AuthenticationError';
    this.reason = reason;
  }
}

export interface VerifierOptions {
  issuer: string;
  audience: string;
  /** A JWKS URL (fetched and cached by jose) or a key set function (tests). */
  jwks: URL | JWTVerifyGetKey;
  clockToleranceSeconds?: number;
}

/** Turns a bearer token into the platform Identity, or throws an AuthenticationError saying why. */
export function createVerifier(options: VerifierOptions) {
  const keys = options.jwks instanceof URL ? createRemoteJWKSet(options.jwks, { cooldownDuration: 30_000 }) : options.jwks;
  return async function verify(token: string): Promise<Identity> {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ['ES256', 'RS256', 'EdDSA'],
        clockTolerance: options.clockToleranceSeconds ?? 30,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new AuthenticationError('expired', 'the token has expired');
      if (error instanceof errors.JWTClaimValidationFailed) {
        if (error.claim === 'aud') throw new AuthenticationError('wrong_audience', 'the token is not for this platform');
        if (error.claim === 'iss') throw new AuthenticationError('wrong_issuer', 'the token was issued by someone else');
        throw new AuthenticationError('claims', `the token's ${error.claim} claim is not acceptable`);
      }
      if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
        throw new AuthenticationError('invalid_signature', 'the token is not signed by a trusted key');
      }
      throw new AuthenticationError('malformed', 'the token cannot be read');
    }
    const claims = platformClaims.safeParse(payload);
    if (!claims.success) throw new AuthenticationError('claims', claims.error.issues[0]!.message);
    return {
      subject: payload.sub!,
      roles: claims.data.roles,
      scope: claims.data.scope_codes,
      organizationId: claims.data.org ?? null,
      partnerId: claims.data.partner ?? null,
    };
  };
}

export type Verifier = ReturnType<typeof createVerifier>;
