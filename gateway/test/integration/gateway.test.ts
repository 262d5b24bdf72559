/**
 * The gateway's own mechanics against fake subgraphs: plain HTTP servers that record what they
 * receive. The real subgraphs are exercised end to end in test/e2e.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeServices } from '@apollo/composition';
import { SERVICES, serviceEnvKey, type ServiceName } from '@sanshe/infra/services';
import { anonymous, decodeIdentity, encodeIdentity, IDENTITY_HEADER, SECRET_HEADER } from '@sanshe/service-kit';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGatewayEnvironment } from '../../src/environment.ts';
import { startGateway, type RunningGateway } from '../../src/server.ts';

// Two subgraphs under the real service names, so the env's per-service URL and secret apply.
const federation = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])';
const composed = composeServices([
  {
    name: 'self-governance',
    url: 'http://placeholder/graphql',
    typeDefs: parse(`${federation}
      type Query { community(code: ID!): Community }
      type Community @key(fields: "code") { code: ID! name: String! }`),
  },
  {
    name: 'organizations',
    url: 'http://placeholder/graphql',
    typeDefs: parse(`${federation}
      type Community @key(fields: "code") { code: ID! organizationCount: Int! }`),
  },
]);
if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
const supergraphSdl = composed.supergraphSdl;

const PREFIX: Record<ServiceName, string> = {
  'self-governance': 'sg',
  organizations: 'org',
  'party-building': 'pb',
  'social-work': 'sw',
  funding: 'fu',
};
const secretOf = (service: ServiceName) => `${service}-secret-0123456789`;

interface Received {
  service: string;
  headers: IncomingMessage['headers'];
  query: string;
}

/** One server, each fake subgraph under its own path prefix (which also exercises readyzUrl). */
async function startFakeSubgraphs() {
  const received: Received[] = [];
  const ready: Record<string, boolean> = Object.fromEntries(Object.values(PREFIX).map((p) => [p, true]));
  const server = createServer(async (req, res) => {
    const [, prefix, path] = (req.url ?? '').split('/');
    if (path === 'readyz') {
      res.writeHead(ready[prefix!] ? 200 : 503).end();
      return;
    }
    let raw = '';
    for await (const chunk of req) raw += chunk;
    // Like the real subgraphs (service-kit): no secret, no answer.
    const service = SERVICES.find((s) => PREFIX[s] === prefix);
    if (!service || req.headers[SECRET_HEADER] !== secretOf(service)) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: 'this subgraph answers only the gateway', extensions: { code: 'UNAUTHENTICATED' } }] }));
      return;
    }
    const body = JSON.parse(raw) as { query: string; variables?: { representations?: { code: string }[] } };
    received.push({ service: prefix!, headers: req.headers, query: body.query });
    const data =
      prefix === 'org'
        ? { _entities: body.variables!.representations!.map(() => ({ __typename: 'Community', organizationCount: 3 })) }
        : { community: { __typename: 'Community', code: '110101001001', name: '东华门社区' } };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data }));
  });
  const port = await listen(server);
  return { server, received, ready, urlOf: (service: ServiceName) => `http://127.0.0.1:${port}/${PREFIX[service]}/graphql` };
}

/** Accepts every request and never answers. */
async function startHangingServer() {
  const server = createServer(() => {});
  const port = await listen(server);
  return { server, url: `http://127.0.0.1:${port}/graphql` };
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

function gatewayEnvironment(urls: Partial<Record<ServiceName, string>>, extra: Record<string, string> = {}) {
  const source: Record<string, string> = { GATEWAY_PORT: '0', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', SHUTDOWN_GRACE_MS: '1000' };
  for (const service of SERVICES) {
    source[`${serviceEnvKey(service)}_SECRET`] = secretOf(service);
    if (urls[service]) source[`${serviceEnvKey(service)}_URL`] = urls[service];
  }
  return loadGatewayEnvironment({ ...source, ...extra }, { exitOnError: false });
}

async function post(gateway: RunningGateway, query: string, headers: Record<string, string> = {}) {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
}

const COMMUNITY_QUERY = '{ community(code: "110101001001") { code name organizationCount } }';

describe('gateway', () => {
  let fakes: Awaited<ReturnType<typeof startFakeSubgraphs>>;
  let hanging: Awaited<ReturnType<typeof startHangingServer>>;
  let gateway: RunningGateway;

  beforeAll(async () => {
    fakes = await startFakeSubgraphs();
    hanging = await startHangingServer();
    const urls = Object.fromEntries(SERVICES.map((s) => [s, fakes.urlOf(s)]));
    gateway = await startGateway(gatewayEnvironment(urls), { supergraphSdl });
  });

  afterAll(async () => {
    await gateway?.stop();
    await Promise.all([fakes && close(fakes.server), hanging && close(hanging.server)]);
  });

  it('sends each subgraph its own secret and the caller identity from the context', async () => {
    fakes.received.length = 0;
    // A client cannot choose who it is by sending the identity header itself.
    const forged = encodeIdentity({ ...anonymous, subject: 'mallory', roles: ['district_office'] }, secretOf('organizations'));
    const { status, body } = await post(gateway, COMMUNITY_QUERY, { [IDENTITY_HEADER]: forged });

    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data).toEqual({ community: { code: '110101001001', name: '东华门社区', organizationCount: 3 } });
    expect(fakes.received.map((r) => r.service).sort()).toEqual(['org', 'sg']);
    for (const request of fakes.received) {
      const service = request.service === 'sg' ? 'self-governance' : 'organizations';
      expect(request.headers[SECRET_HEADER]).toBe(secretOf(service));
      expect(decodeIdentity(request.headers[IDENTITY_HEADER] as string, secretOf(service))).toEqual(anonymous);
    }
  });

  it('turns a subgraph that never answers into a timely coded error', async () => {
    const urls = { ...Object.fromEntries(SERVICES.map((s) => [s, fakes.urlOf(s)])), organizations: hanging.url };
    const slow = await startGateway(gatewayEnvironment(urls, { SUBGRAPH_TIMEOUT_MS: '300' }), { supergraphSdl });
    try {
      const started = performance.now();
      const { status, body } = await post(slow, COMMUNITY_QUERY);
      const elapsed = performance.now() - started;

      expect(elapsed).toBeLessThan(3_000);
      expect(status).toBe(200);
      expect(body.errors).toEqual([
        expect.objectContaining({ extensions: expect.objectContaining({ code: 'SUBGRAPH_TIMEOUT', serviceName: 'organizations' }) }),
      ]);
      // organizationCount is non-null, so the community it belongs to becomes null.
      expect(body.data).toEqual({ community: null });
    } finally {
      await slow.stop();
    }
  });

  it('turns an unreachable subgraph into a coded error', async () => {
    // A port that was free a moment ago: nothing listens there once the probe server closes.
    const probe = createServer();
    const closedPort = await listen(probe);
    await close(probe);
    const unreachable = `http://127.0.0.1:${closedPort}/graphql`;
    const urls = { ...Object.fromEntries(SERVICES.map((s) => [s, fakes.urlOf(s)])), 'self-governance': unreachable };
    const down = await startGateway(gatewayEnvironment(urls), { supergraphSdl });
    try {
      const { status, body } = await post(down, COMMUNITY_QUERY);
      expect(status).toBe(200);
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'self-governance' });
    } finally {
      await down.stop();
    }
  });

  it('reports a subgraph refusing the gateway as a subgraph error, not as the caller being unauthenticated', async () => {
    const urls = Object.fromEntries(SERVICES.map((s) => [s, fakes.urlOf(s)]));
    const misconfigured = await startGateway(gatewayEnvironment(urls, { ORGANIZATIONS_SECRET: 'not-the-organizations-secret' }), {
      supergraphSdl,
    });
    try {
      const { status, body } = await post(misconfigured, COMMUNITY_QUERY);
      expect(status).toBe(200);
      expect(body.errors?.[0]?.extensions).toEqual({ code: 'SUBGRAPH_ERROR', serviceName: 'organizations' });
    } finally {
      await misconfigured.stop();
    }
  });

  it('is healthy while up, and ready only while every subgraph is', async () => {
    const base = gateway.url.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    fakes.ready.fu = false;
    try {
      const response = await fetch(`${base}/readyz`);
      expect(response.status).toBe(503);
      expect(((await response.json()) as { checks: Record<string, boolean> }).checks).toMatchObject({ funding: false, 'self-governance': true });
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    } finally {
      fakes.ready.fu = true;
    }
  });

  it('serves the committed supergraph', async () => {
    const urls = Object.fromEntries(SERVICES.map((s) => [s, fakes.urlOf(s)]));
    const real = await startGateway(gatewayEnvironment(urls));
    try {
      const { body } = await post(real, '{ __schema { queryType { fields { name } } } }');
      const fields = (body.data.__schema.queryType.fields as { name: string }[]).map((f) => f.name);
      expect(fields).toEqual(expect.arrayContaining(['community', 'region', 'communities']));
    } finally {
      await real.stop();
    }
  });
});
