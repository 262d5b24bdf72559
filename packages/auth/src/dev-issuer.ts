import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK, type CryptoKey } from 'jose';
import type { PlatformClaims } from './claims.ts';

/**
 * A local development issuer: one ES256 key kept under .local/auth, its JWKS served over HTTP,
 * and tokens minted for demo users. Production points the gateway at the district's real
 * identity provider instead (AUTH_JWKS_URL, AUTH_ISSUER, AUTH_AUDIENCE).
 */
export interface DevIssuer {
  issuer: string;
  audience: string;
  jwksUrl: string;
  mint(subject: string, claims: PlatformClaims, options?: { expiresIn?: string }): Promise<string>;
  stop(): Promise<void>;
}

interface StoredKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

async function loadOrCreateKey(path: string): Promise<StoredKey> {
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as StoredKey;
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `dev-${Date.now().toString(36)}`;
  const stored = { kid, privateJwk: await exportJWK(privateKey), publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(stored), { mode: 0o600 });
  return stored;
}

/** Signs tokens with the development key: used by the issuer and by `pnpm token`. */
export async function createDevSigner(keyPath: string, issuer: string, audience = 'sanshe-platform') {
  const key = await loadOrCreateKey(keyPath);
  const privateKey = (await importJWK(key.privateJwk, 'ES256')) as CryptoKey;
  return {
    publicJwk: key.publicJwk,
    mint(subject: string, claims: PlatformClaims, options: { expiresIn?: string } = {}): Promise<string> {
      return new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'ES256', kid: key.kid })
        .setSubject(subject)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(options.expiresIn ?? '8h')
        .sign(privateKey);
    },
  };
}

export async function startDevIssuer(options: { keyPath: string; port: number; audience?: string }): Promise<DevIssuer> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const issuer = `http://127.0.0.1:${port}`;
  const audience = options.audience ?? 'sanshe-platform';
  const signer = await createDevSigner(options.keyPath, issuer, audience);
  const jwks = JSON.stringify({ keys: [signer.publicJwk] });
  server.on('request', (req, res) => {
    if (req.url === '/.well-known/jwks.json') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=300' });
      res.end(jwks);
      return;
    }
    res.writeHead(404).end();
  });
  return {
    issuer,
    audience,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    mint: signer.mint,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Where `pnpm start` keeps the development key and serves its JWKS. */
export const DEV_ISSUER_PORT = 4100;
