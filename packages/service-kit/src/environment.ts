import { parseEnvironment, vars, z } from '@sanshe/env';

/**
 * The variables every subgraph service reads. A service's own `environment.ts` adds its
 * sections and calls `parseEnvironment` once, so all problems are reported together.
 */
export function serviceEnvironmentSections(defaultPort: number) {
  return {
    server: z.object({
      HOST: vars.string('127.0.0.1'),
      PORT: vars.port(defaultPort),
      // Requests without it never reach a resolver: subgraphs answer only the gateway.
      SUBGRAPH_SECRET: vars.secret(),
      SHUTDOWN_GRACE_MS: vars.positiveInt(10_000),
    }),
    database: z.object({
      DATABASE_URL: vars.url(),
      DATABASE_POOL_MAX: vars.positiveInt(10),
    }),
    nats: z.object({
      NATS_URL: vars.string('nats://127.0.0.1:4222'),
      // One prefix per deployment (and per test run) keeps subjects and streams apart.
      EVENT_PREFIX: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^[a-z][a-z0-9_-]*$/).default('sanshe')),
      RELAY_ENABLED: vars.bool(true),
      // LISTEN wakes the relay at commit; where the database cannot (embedded PGlite) it polls.
      OUTBOX_LISTEN: vars.bool(true),
      OUTBOX_POLL_MS: vars.positiveInt(1000),
    }),
    log: z.object({ LOG_LEVEL: vars.logLevel() }),
  };
}

export type ServiceEnvironment = ReturnType<typeof loadServiceEnvironment>;

export function loadServiceEnvironment(
  defaultPort: number,
  source: Record<string, string | undefined> = process.env,
  options?: { exitOnError?: boolean },
) {
  return parseEnvironment(serviceEnvironmentSections(defaultPort), source, options);
}
