/**
 * Who gets through the gateway: bearer tokens verified against a JWKS, abuse limits on the
 * shape and rate of requests, and safelist mode. Against fake subgraphs (test/fake-subgraphs.ts).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDevIssuer, type DevIssuer } from '@sanshe/auth';
import { SERVICES } from '@sanshe/infra/services';
import { decodeIdentity, IDENTITY_HEADER } from '@sanshe/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../src/server.ts';
import { close, COMMUNITY_QUERY, gatewayEnvironment, post, secretOf, startFakeSubgraphs, supergraphSdl } from '../fake-subgraphs.ts';

const dir = mkdtempSync(join(tmpdir(), 'sanshe-gw-security-'));
let fakes: Awaited<ReturnType<typeof startFakeSubgraphs>>;
let issuer: DevIssuer;
let impostor: DevIssuer;
const gateways: RunningGateway[] = [];

async function gateway(extra: Record<string, string> = {}) {
  const urls = Object.fromEntries(SERVICES.map((s) => [s, fakes.urlOf(s)]));
  const env = gatewayEnvironment(urls, { AUTH_JWKS_URL: issuer.jwksUrl, AUTH_ISSUER: issuer.issuer, AUTH_AUDIENCE: issuer.audience, ...extra });
  const running = await startGateway(env, { supergraphSdl });
  gateways.push(running);
  return running;
}

beforeAll(async () => {
  fakes = await startFakeSubgraphs();
  issuer = await startDevIssuer({ keyPath: join(dir, 'issuer.json'), port: 0 });
  impostor = await startDevIssuer({ keyPath: join(dir, 'impostor.json'), port: 0 });
});

afterAll(async () => {
  for (const g of gateways) await g.stop();
  await close(fakes.server);
  await issuer.stop();
  await impostor.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('authentication', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await gateway();
  });

  it('forwards a verified caller to the subgraphs as a signed identity', async () => {
    fakes.received.length = 0;
    const token = await issuer.mint('officer-1', { roles: ['street_office'], scope_codes: ['150204004'] });
    const { status, body } = await post(gw, COMMUNITY_QUERY, { authorization: `Bearer ${token}` });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const sent = fakes.received.find((r) => r.service === 'sg')!;
    expect(decodeIdentity(sent.headers[IDENTITY_HEADER] as string, secretOf('self-governance'))).toEqual({
      subject: 'officer-1',
      roles: ['street_office'],
      scope: ['150204004'],
      organizationId: null,
      partnerId: null,
    });
  });

  it.each([
    ['expired', async () => issuer.mint('u', { roles: ['district_office'], scope_codes: ['150204'] }, { expiresIn: '-5m' })],
    ['invalid_signature', async () => impostor.mint('u', { roles: ['district_office'], scope_codes: ['150204'] })],
    ['malformed', async () => 'garbage'],
  ])('refuses a %s token with 401 before any subgraph is called', async (reason, token) => {
    fakes.received.length = 0;
    const { status, body } = await post(gw, COMMUNITY_QUERY, { authorization: `Bearer ${await token()}` });
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason });
    expect(fakes.received).toHaveLength(0);
  });

  it('refuses a token for another audience', async () => {
    const other = await gateway({ AUTH_AUDIENCE: 'another-platform' });
    const token = await issuer.mint('u', { roles: ['district_office'], scope_codes: ['150204'] });
    const { status, body } = await post(other, COMMUNITY_QUERY, { authorization: `Bearer ${token}` });
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions).toMatchObject({ reason: 'wrong_audience' });
  });
});

describe('abuse limits', () => {
  let gw: RunningGateway;
  beforeAll(async () => {
    gw = await gateway({ MAX_DEPTH: '4', MAX_ALIASES: '3', MAX_COST: '200', MAX_TOKENS: '400' });
  });

  const refusedWith = async (query: string) => {
    fakes.received.length = 0;
    const { status, body } = await post(gw, query);
    expect(fakes.received).toHaveLength(0);
    return { status, message: body.errors?.map((e) => e.message).join(' | ') ?? '' };
  };

  it('rejects deep, aliased, costly and long operations with clear errors', async () => {
    const deep = await refusedWith('{ community(code: "1") { code a: name b: name c: name d: name } }');
    expect(deep.message).toMatch(/Aliases limit/i);
    // Introspection is exempt from the depth limit; an operation is not, whatever its fields.
    const nested = '{ community(code: "1") { a { b { c { d { e } } } } } }';
    expect((await refusedWith(nested)).message).toMatch(/depth limit/i);
    const costly = await gateway({ MAX_COST: '10' });
    fakes.received.length = 0;
    const wide = await post(costly, `{ a: community(code: "1") { code name organizationCount } b: community(code: "2") { code name organizationCount } }`);
    expect(wide.body.errors?.[0]?.message).toMatch(/cost limit/i);
    expect(fakes.received).toHaveLength(0);
    const long = `{ community(code: "1") { ${'code '.repeat(500)} } }`;
    expect((await refusedWith(long)).message).toMatch(/Token limit/i);
  });

  it('does not suggest field names', async () => {
    const { body } = await post(gw, '{ community(code: "1") { nam } }');
    expect(body.errors?.[0]?.message).not.toMatch(/Did you mean/i);
  });

  it('refuses batched HTTP requests', async () => {
    const response = await fetch(gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: COMMUNITY_QUERY }, { query: COMMUNITY_QUERY }]),
    });
    expect(response.status).toBe(400);
  });

  it('limits the rate per identity', async () => {
    const limited = await gateway({ RATE_LIMIT_PER_MINUTE: '3' });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await post(limited, COMMUNITY_QUERY)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    // Another identity has its own bucket.
    const token = await issuer.mint('someone-else', { roles: ['resident'], scope_codes: [] });
    expect((await post(limited, COMMUNITY_QUERY, { authorization: `Bearer ${token}` })).status).toBe(200);
  });
});

describe('safelist mode', () => {
  it('runs only operations from the persisted-operations manifest, by text or by hash', async () => {
    const hash = createHash('sha256').update(COMMUNITY_QUERY).digest('hex');
    const manifest = join(dir, 'persisted-operations.json');
    writeFileSync(manifest, JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations: [{ id: hash, name: 'Community', type: 'query', body: COMMUNITY_QUERY }] }));
    const gw = await gateway({ SAFELIST: 'true', PERSISTED_OPERATIONS_PATH: manifest });

    const listed = await post(gw, COMMUNITY_QUERY);
    expect(listed.body.errors).toBeUndefined();
    const other = await post(gw, '{ community(code: "110101001001") { code } }');
    expect(other.body.errors?.[0], JSON.stringify(other.body)).toMatchObject({ extensions: { code: 'OPERATION_NOT_SAFELISTED' } });
    const byHash = await fetch(gw.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
    });
    expect(((await byHash.json()) as { data?: unknown }).data).toEqual({ community: { code: '110101001001', name: '东华门社区', organizationCount: 3 } });
  });
});
