import { randomBytes } from 'node:crypto';
import type { BaseContext } from '@apollo/server';
import { afterAll } from 'vitest';
import type { ServiceName } from '@sanshe/infra/services';
import {
  encodeIdentity,
  IDENTITY_HEADER,
  loadServiceEnvironment,
  SECRET_HEADER,
  startSubgraph,
  type Identity,
  type RunningSubgraph,
  type SubgraphDefinition,
} from '@sanshe/service-kit';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { createTestBus, type TestBus } from './bus.ts';
import { testInfra } from './infra.ts';

export interface GraphQLResponse<T = Record<string, unknown>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface TestSubgraph<TSchema extends Record<string, unknown>> extends RunningSubgraph<TSchema> {
  secret: string;
  testDatabase: TestDatabase;
  /** Sends an operation as the gateway would: with the secret and an identity. */
  request<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, identity?: Identity): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

/**
 * The identity tests act as unless they say otherwise: district-office staff whose scope (the
 * empty prefix) covers every region code, so domain tests are not about authorization.
 * Authorization tests pass their own identities.
 */
export const testOperator: Identity = {
  subject: 'test-operator',
  roles: ['district_office'],
  scope: [''],
  organizationId: null,
  partnerId: null,
};

/** Runs a subgraph in-process on a cloned database and the file's own event prefix. */
export async function startTestSubgraph<TSchema extends Record<string, unknown>, TContext extends BaseContext>(
  service: ServiceName,
  definition: SubgraphDefinition<TSchema, TContext>,
  bus: TestBus,
  overrides: Record<string, string> = {},
): Promise<TestSubgraph<TSchema>> {
  const testDatabase = await createTestDatabase(service);
  const secret = randomBytes(24).toString('hex');
  const env = loadServiceEnvironment(
    0,
    {
      DATABASE_URL: testDatabase.url,
      DATABASE_POOL_MAX: String(Math.min(5, testInfra().maxConnections)),
      SUBGRAPH_SECRET: secret,
      PORT: '0',
      NATS_URL: bus.natsUrl,
      EVENT_PREFIX: bus.prefix,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      SHUTDOWN_GRACE_MS: '2000',
      ...overrides,
    },
    { exitOnError: false },
  );
  const running = await startSubgraph(definition, env);
  return {
    ...running,
    secret,
    testDatabase,
    async request(query, variables, identity = testOperator) {
      const response = await fetch(running.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SECRET_HEADER]: secret, [IDENTITY_HEADER]: encodeIdentity(identity, secret) },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<never>;
    },
    async close() {
      await running.stop();
      await testDatabase.drop();
    },
  };
}

/**
 * A subgraph as tests hold it: its drizzle schema erased. Tests reach its tables with raw SQL, and
 * one type lets factories take any service's subgraph.
 */
export type AnySubgraph = TestSubgraph<Record<string, unknown>>;

/** What an integration file runs its subgraphs on: see `testSubgraphs`. */
export interface TestSubgraphs {
  bus: TestBus;
  /** Starts a subgraph on the file's bus and cloned database; it is stopped after the file's tests. */
  start<TSchema extends Record<string, unknown>, TContext extends BaseContext>(
    service: ServiceName,
    definition: SubgraphDefinition<TSchema, TContext>,
    overrides?: Record<string, string>,
  ): Promise<AnySubgraph>;
}

/**
 * The setup every integration file shares: a bus of its own, and the subgraphs it starts on it,
 * each stopped after the file's tests (the last started first, so a service stops before those
 * whose events it consumes), then the bus's stream deleted. Called at the top of a file, it
 * registers that file's afterAll: no file repeats the teardown, and none can leave a subgraph
 * out of it.
 */
export function testSubgraphs(): TestSubgraphs {
  const bus = createTestBus();
  const started: AnySubgraph[] = [];
  afterAll(async () => {
    for (const subgraph of started.splice(0).reverse()) await subgraph.close();
    await bus.cleanup();
  });
  return {
    bus,
    async start(service, definition, overrides = {}) {
      const running = (await startTestSubgraph(service, definition, bus, overrides)) as unknown as AnySubgraph;
      // A test may stop a subgraph of its own early (try/finally); the file's teardown then finds it stopped.
      let closing: Promise<void> | undefined;
      const subgraph: AnySubgraph = { ...running, close: () => (closing ??= running.close()) };
      started.push(subgraph);
      return subgraph;
    },
  };
}

/** Polls until `check` returns a value (not undefined/false) — for effects that cross NATS. */
export async function eventually<T>(check: () => Promise<T | undefined | false | null>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false && value !== null) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
