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
      // Named prepared statements (see db/database.ts); off behind a transaction-mode pooler.
      DATABASE_PREPARE: vars.bool(true),
    }),
    nats: z
      .object({
        NATS_URL: vars.string('nats://127.0.0.1:4222'),
        // The platform's NATS user (the partner-facing server admits no anonymous connection).
        // Unset: connect anonymously, as to a bare development nats-server.
        NATS_USER: vars.optionalString(),
        NATS_PASSWORD: vars.optionalString(),
        // One prefix per deployment (and per test run) keeps subjects and streams apart.
        EVENT_PREFIX: z.preprocess((v) => (v === '' ? undefined : v), z.string().regex(/^[a-z][a-z0-9_-]*$/).default('sanshe')),
        RELAY_ENABLED: vars.bool(true),
        // LISTEN wakes the relay at commit; where the database cannot (embedded PGlite) it polls.
        OUTBOX_LISTEN: vars.bool(true),
        OUTBOX_POLL_MS: vars.positiveInt(1000),
      })
      .superRefine((v, ctx) => {
        // A user without a password (or the reverse) is a half-configured deployment, not anonymous.
        if (v.NATS_USER && !v.NATS_PASSWORD) ctx.addIssue({ code: 'custom', path: ['NATS_PASSWORD'], message: 'is required when NATS_USER is set' });
        if (v.NATS_PASSWORD && !v.NATS_USER) ctx.addIssue({ code: 'custom', path: ['NATS_USER'], message: 'is required when NATS_PASSWORD is set' });
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
