import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthenticationError, createVerifier, startDevIssuer, type DevIssuer } from '../../src/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'sanshe-auth-'));
let issuer: DevIssuer;
let impostor: DevIssuer;

beforeAll(async () => {
  issuer = await startDevIssuer({ keyPath: join(dir, 'issuer.json'), port: 0 });
  impostor = await startDevIssuer({ keyPath: join(dir, 'impostor.json'), port: 0 });
});
afterAll(async () => {
  await issuer.stop();
  await impostor.stop();
  rmSync(dir, { recursive: true, force: true });
});

const verifier = () => createVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwks: new URL(issuer.jwksUrl) });

async function reason(token: string, verify = verifier()): Promise<string> {
  try {
    await verify(token);
  } catch (error) {
    if (error instanceof AuthenticationError) return error.reason;
    throw error;
  }
  return 'accepted';
}

describe('bearer token verification', () => {
  it('turns a valid token into the platform identity', async () => {
    const token = await issuer.mint('u-1', { roles: ['street_office'], scope_codes: ['150204004'] });
    expect(await verifier()(token)).toEqual({
      subject: 'u-1',
      roles: ['street_office'],
      scope: ['150204004'],
      organizationId: null,
      partnerId: null,
    });
  });

  it('refuses expired, foreign-signed, wrong-audience and wrong-issuer tokens', async () => {
    const claims = { roles: ['district_office' as const], scope_codes: ['150204'] };
    expect(await reason(await issuer.mint('u', claims, { expiresIn: '-2m' }))).toBe('expired');
    expect(await reason(await impostor.mint('u', claims))).toBe('invalid_signature');
    const otherAudience = createVerifier({ issuer: issuer.issuer, audience: 'another-platform', jwks: new URL(issuer.jwksUrl) });
    expect(await reason(await issuer.mint('u', claims), otherAudience)).toBe('wrong_audience');
    const otherIssuer = createVerifier({ issuer: 'https://idp.example', audience: issuer.audience, jwks: new URL(issuer.jwksUrl) });
    expect(await reason(await issuer.mint('u', claims), otherIssuer)).toBe('wrong_issuer');
    expect(await reason('not.a.token')).toBe('malformed');
  });

  it('refuses claims that do not fit the role', async () => {
    // A street office must name its 9-digit street; an org admin its organization.
    expect(await reason(await issuer.mint('u', { roles: ['street_office'], scope_codes: ['150204'] }))).toBe('claims');
    expect(await reason(await issuer.mint('u', { roles: ['org_admin'], scope_codes: [] }))).toBe('claims');
  });
});
