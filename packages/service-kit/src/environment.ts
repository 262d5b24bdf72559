import { parseEnvironment, vars, z } from '@sanshe/env';
import { STREAM_MAX_AGE_DAYS } from './nats.ts';

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
        // Days an applied event's inbox row is kept (inbox-retention.ts): past the stream's own
        // retention, so no event can come again once its row is gone.
        INBOX_RETENTION_DAYS: vars.positiveInt(STREAM_MAX_AGE_DAYS + 5),
      })
      .superRefine((v, ctx) => {
        // A user without a password (or the reverse) is a half-configured deployment, not anonymous.
        if (v.NATS_USER && !v.NATS_PASSWORD) ctx.addIssue({ code: 'custom', path: ['NATS_PASSWORD'], message: 'is required when NATS_USER is set' });
        if (v.NATS_PASSWORD && !v.NATS_USER) ctx.addIssue({ code: 'custom', path: ['NATS_USER'], message: 'is required when NATS_PASSWORD is set' });
        // Only once it is a positive number: otherwise its own check has said what is wrong.
        if (v.INBOX_RETENTION_DAYS > 0 && v.INBOX_RETENTION_DAYS <= STREAM_MAX_AGE_DAYS) {
          ctx.addIssue({ code: 'custom', path: ['INBOX_RETENTION_DAYS'], message: `must exceed the stream's ${STREAM_MAX_AGE_DAYS} days, or a redelivered event could be applied twice` });
        }
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
