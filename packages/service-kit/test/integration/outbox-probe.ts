/**
 * What the outbox relay's tests share: a migrated service database to write outbox rows into, the
 * shared NATS with the test's stream, and a relay over them. Registers its own beforeAll/afterAll.
 */
import { afterAll, beforeAll } from 'vitest';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { createTestBus, createTestDatabase, type TestDatabase } from '@sanshe/testing';
import postgres from 'postgres';
import { createLogger, ensureStream, OutboxRelay, type RelayOptions } from '../../src/index.ts';

export interface OutboxProbe {
  /** The bus's prefix: the stream takes it, and any other prefix has no stream. */
  prefix: string;
  sql(): postgres.Sql;
  relay(options?: Partial<RelayOptions>): OutboxRelay;
}

export function useOutboxProbe(name: string, prepare?: (sql: postgres.Sql) => Promise<unknown>): OutboxProbe {
  const bus = createTestBus();
  let database: TestDatabase;
  let sql: postgres.Sql;
  let nc: NatsConnection;

  beforeAll(async () => {
    database = await createTestDatabase('self-governance');
    sql = postgres(database.url, { max: 2, onnotice: () => {} });
    await prepare?.(sql);
    nc = await bus.connection();
    await ensureStream(await jetstreamManager(nc), bus.prefix);
  });

  afterAll(async () => {
    await sql?.end();
    await database?.drop();
    await bus.cleanup();
  });

  return {
    prefix: bus.prefix,
    sql: () => sql,
    relay: (options = {}) =>
      new OutboxRelay({ sql, js: jetstream(nc), prefix: bus.prefix, logger: createLogger(name, process.env.TEST_LOG_LEVEL ?? 'silent'), listen: false, ...options }),
  };
}
