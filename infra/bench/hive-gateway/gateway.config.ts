/**
 * Hive Gateway for the side-by-side benchmark: the same committed supergraph, the same subgraph
 * processes, and what our subgraphs require of any gateway —
 *
 *  - each subgraph's own secret in `x-sanshe-subgraph-secret`,
 *  - the caller's identity in `x-sanshe-identity`, HMAC-signed with that subgraph's secret,
 *  - the identity taken from a bearer JWT verified against the same JWKS, issuer and audience
 *    (the same @sanshe/auth verifier our gateway uses); a bad token is a 401, no token anonymous.
 *
 * Outbound request deduplication is off (`deduplicateInflightRequests: false`; inbound
 * deduplication is off by default), subgraph calls time out after SUBGRAPH_TIMEOUT_MS like ours,
 * and no response cache is configured. Run by infra/bench/src/hive-gateway.ts as
 * `hive-gateway supergraph <gateway/supergraph.graphql> --fork <GATEWAY_WORKERS>`.
 */
import { defineConfig, type GatewayPlugin } from '@graphql-hive/gateway';
// Source files directly, not the package indexes: the Hive processes load only what they use.
import { AuthenticationError, createVerifier } from '../../../packages/auth/src/verifier.ts';
import { anonymous, encodeIdentity, IDENTITY_HEADER, SECRET_HEADER, type Identity } from '../../../packages/service-kit/src/identity.ts';

const SUBGRAPHS = ['self-governance', 'organizations', 'party-building', 'social-work', 'funding'] as const;
const envKey = (name: string) => name.toUpperCase().replace(/-/g, '_');

const urls: Record<string, string> = {};
const secrets: Record<string, string> = {};
for (const name of SUBGRAPHS) {
  const url = process.env[`${envKey(name)}_URL`];
  const secret = process.env[`${envKey(name)}_SECRET`];
  if (!url || !secret) throw new Error(`${envKey(name)}_URL and ${envKey(name)}_SECRET are required`);
  urls[name] = url;
  secrets[name] = secret;
}
const timeoutMs = Number(process.env.SUBGRAPH_TIMEOUT_MS ?? 10_000);

const verify =
  process.env.AUTH_JWKS_URL && process.env.AUTH_ISSUER
    ? createVerifier({
        jwks: new URL(process.env.AUTH_JWKS_URL),
        issuer: process.env.AUTH_ISSUER,
        audience: process.env.AUTH_AUDIENCE ?? 'sanshe-platform',
      })
    : null;

const identities = new WeakMap<Request, Identity>();

function unauthenticated(message: string, reason: string): Response {
  return new Response(JSON.stringify({ errors: [{ message, extensions: { code: 'UNAUTHENTICATED', reason } }] }), {
    status: 401,
    headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer' },
  });
}

/** Bearer token → Identity, before anything else runs; a bad token ends the request with a 401. */
const authentication: GatewayPlugin = {
  async onRequest({ request, endResponse }) {
    const header = request.headers.get('authorization');
    if (!header) return;
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match || !verify) return endResponse(unauthenticated('the Authorization header is not usable', 'malformed'));
    try {
      identities.set(request, await verify(match[1]!));
    } catch (error) {
      const reason = error instanceof AuthenticationError ? error.reason : 'malformed';
      endResponse(unauthenticated(error instanceof Error ? error.message : 'invalid token', reason));
    }
  },
};

export const gatewayConfig = defineConfig({
  logging: 'warn',
  graphqlEndpoint: '/graphql',
  landingPage: false,
  graphiql: false,
  transportEntries: {
    '*': { options: { deduplicateInflightRequests: false } },
    ...Object.fromEntries(SUBGRAPHS.map((name) => [name, { location: urls[name]! }])),
  },
  propagateHeaders: {
    fromClientToSubgraphs({ request, subgraphName }) {
      const secret = secrets[subgraphName];
      if (!secret) return {};
      return {
        [SECRET_HEADER]: secret,
        [IDENTITY_HEADER]: encodeIdentity(identities.get(request) ?? anonymous, secret),
      };
    },
  },
  upstreamTimeout: timeoutMs,
  plugins: () => [authentication],
});
