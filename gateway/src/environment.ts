import { availableParallelism } from 'node:os';
import { parseEnvironment, vars, z } from '@sanshe/env';
import { SERVICE_PORT, SERVICES, serviceEnvKey, type ServiceName } from '@sanshe/infra/services';

export interface SubgraphTarget {
  url: string;
  /** Sent as SECRET_HEADER; each subgraph has its own so one leaked secret opens one service. */
  secret: string;
}

/** `<KEY>_URL` and `<KEY>_SECRET` for every subgraph, flat, so each problem names its variable. */
function subgraphSection() {
  const shape: Record<string, z.ZodType> = {};
  for (const service of SERVICES) {
    const key = serviceEnvKey(service);
    shape[`${key}_URL`] = vars.url().default(`http://127.0.0.1:${SERVICE_PORT[service]}/graphql`);
    shape[`${key}_SECRET`] = vars.secret();
  }
  return z.object(shape);
}

export function gatewayEnvironmentSections(source: Record<string, string | undefined>) {
  return {
    gateway: z.object({
      GATEWAY_HOST: vars.string('127.0.0.1'),
      GATEWAY_PORT: vars.port(4000),
      GATEWAY_WORKERS: vars.positiveInt(availableParallelism()),
      // Every subgraph call is bounded: a stuck subgraph costs a client this long, never forever.
      SUBGRAPH_TIMEOUT_MS: vars.positiveInt(10_000),
      SHUTDOWN_GRACE_MS: vars.positiveInt(10_000),
      // A request's simultaneous entity fetches to one subgraph go as one operation (entity-fetch-batch.ts).
      BATCH_ENTITY_FETCHES: vars.bool(true),
      // Anonymous query responses served as fresh this long (0: the cache is off); see response-cache/store.ts.
      RESPONSE_CACHE_TTL_MS: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).default(0)),
      // Then served stale this much longer while one background refresh runs (0: no stale window).
      RESPONSE_CACHE_STALE_MS: z.preprocess((v) => (v === '' ? undefined : v), z.coerce.number().int().min(0).default(30_000)),
      RESPONSE_CACHE_MAX_ENTRIES: vars.positiveInt(10_000),
      // Background refreshes running at once in each worker; stale pages beyond it wait in line, oldest first.
      RESPONSE_CACHE_REFRESH_CONCURRENCY: vars.positiveInt(2),
      // On in development for tooling; production turns it off unless asked for.
      INTROSPECTION: vars.bool(source.NODE_ENV !== 'production'),
      // /metrics answers `Authorization: Bearer <this>`; unset, /metrics is off.
      GATEWAY_METRICS_TOKEN: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(16, 'at least 16 characters').optional()),
    }),
    subgraphs: subgraphSection(),
    auth: z.object({
      // The identity provider: `pnpm start` points these at its local development issuer.
      AUTH_JWKS_URL: vars.optionalUrl(),
      AUTH_ISSUER: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional()),
      AUTH_AUDIENCE: vars.string('sanshe-platform'),
    }),
    security: z.object({
      MAX_DEPTH: vars.positiveInt(12),
      MAX_ALIASES: vars.positiveInt(15),
      MAX_TOKENS: vars.positiveInt(3000),
      MAX_COST: vars.positiveInt(20_000),
      RATE_LIMIT_PER_MINUTE: vars.positiveInt(1200),
      // Safelist mode: only operations in the persisted-operations manifest run.
      SAFELIST: vars.bool(false),
      PERSISTED_OPERATIONS_PATH: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
    }),
    log: z.object({ LOG_LEVEL: vars.logLevel() }),
  };
}

export interface GatewayEnvironment {
  gateway: {
    GATEWAY_HOST: string;
    GATEWAY_PORT: number;
    GATEWAY_WORKERS: number;
    SUBGRAPH_TIMEOUT_MS: number;
    SHUTDOWN_GRACE_MS: number;
    BATCH_ENTITY_FETCHES: boolean;
    RESPONSE_CACHE_TTL_MS: number;
    RESPONSE_CACHE_STALE_MS: number;
    RESPONSE_CACHE_MAX_ENTRIES: number;
    RESPONSE_CACHE_REFRESH_CONCURRENCY: number;
    INTROSPECTION: boolean;
    GATEWAY_METRICS_TOKEN?: string;
  };
  subgraphs: Record<ServiceName, SubgraphTarget>;
  auth: { AUTH_JWKS_URL?: string; AUTH_ISSUER?: string; AUTH_AUDIENCE: string };
  security: {
    MAX_DEPTH: number;
    MAX_ALIASES: number;
    MAX_TOKENS: number;
    MAX_COST: number;
    RATE_LIMIT_PER_MINUTE: number;
    SAFELIST: boolean;
    PERSISTED_OPERATIONS_PATH?: string;
  };
  log: { LOG_LEVEL: string };
}

/**
 * Reads the gateway's variables. Every missing or wrong variable is reported in one message
 * (then exit 1), or thrown as an `EnvironmentError` with `exitOnError: false` for tests.
 */
export function loadGatewayEnvironment(
  source: Record<string, string | undefined> = process.env,
  options?: { exitOnError?: boolean },
): GatewayEnvironment {
  const parsed = parseEnvironment(gatewayEnvironmentSections(source), source, options);
  const flat = parsed.subgraphs as Record<string, string>;
  const subgraphs = Object.fromEntries(
    SERVICES.map((service) => {
      const key = serviceEnvKey(service);
      return [service, { url: flat[`${key}_URL`]!, secret: flat[`${key}_SECRET`]! }];
    }),
  ) as Record<ServiceName, SubgraphTarget>;
  if (parsed.security.SAFELIST && !parsed.security.PERSISTED_OPERATIONS_PATH) {
    const message = 'PERSISTED_OPERATIONS_PATH: is required when SAFELIST is on';
    if (options?.exitOnError === false) throw new Error(message);
    console.error(`Invalid environment:\n  - ${message}`);
    process.exit(1);
  }
  return { gateway: parsed.gateway, subgraphs, auth: parsed.auth, security: parsed.security, log: parsed.log };
}
