/**
 * Fake subgraphs for the gateway's own tests: plain HTTP servers that record what they receive
 * and check the secret like the real ones. The real subgraphs are exercised in test/e2e.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeServices } from '@apollo/composition';
import { SERVICES, serviceEnvKey, type ServiceName } from '@sanshe/infra/services';
import { SECRET_HEADER } from '@sanshe/service-kit';
import { parse } from 'graphql';
import { loadGatewayEnvironment } from '../src/environment.ts';
import type { RunningGateway } from '../src/server.ts';

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
export const supergraphSdl = composed.supergraphSdl;

export const PREFIX: Record<ServiceName, string> = {
  'self-governance': 'sg',
  organizations: 'org',
  'party-building': 'pb',
  'social-work': 'sw',
  funding: 'fu',
};
export const secretOf = (service: ServiceName) => `${service}-secret-0123456789`;

interface Received {
  service: string;
  headers: IncomingMessage['headers'];
  query: string;
}

/** One server, each fake subgraph under its own path prefix (which also exercises readyzUrl). */
export async function startFakeSubgraphs() {
  const received: Received[] = [];
  const ready: Record<string, boolean> = Object.fromEntries(Object.values(PREFIX).map((p) => [p, true]));
  // What self-governance answers; a test changes it to see whether the gateway asks again.
  const community = { name: '东华门社区' };
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
        : { community: { __typename: 'Community', code: '110101001001', name: community.name } };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data }));
  });
  const port = await listen(server);
  return { server, received, ready, community, urlOf: (service: ServiceName) => `http://127.0.0.1:${port}/${PREFIX[service]}/graphql` };
}

/** Accepts every request and never answers. */
export async function startHangingServer() {
  const server = createServer(() => {});
  const port = await listen(server);
  return { server, url: `http://127.0.0.1:${port}/graphql` };
}

export async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

export async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

export function gatewayEnvironment(urls: Partial<Record<ServiceName, string>>, extra: Record<string, string> = {}) {
  const source: Record<string, string> = { GATEWAY_PORT: '0', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', SHUTDOWN_GRACE_MS: '1000' };
  for (const service of SERVICES) {
    source[`${serviceEnvKey(service)}_SECRET`] = secretOf(service);
    if (urls[service]) source[`${serviceEnvKey(service)}_URL`] = urls[service];
  }
  return loadGatewayEnvironment({ ...source, ...extra }, { exitOnError: false });
}

export async function post(gateway: RunningGateway, query: string, headers: Record<string, string> = {}) {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  // `age` is set on answers from the response cache only.
  return { status: response.status, age: response.headers.get('age'), body: (await response.json()) as { data?: any; errors?: { message: string; extensions?: Record<string, unknown> }[] } };
}

export const COMMUNITY_QUERY = '{ community(code: "110101001001") { code name organizationCount } }';

