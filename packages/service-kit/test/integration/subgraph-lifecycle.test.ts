/**
 * The mechanics every subgraph shares, against real PostgreSQL and NATS: events wait in the
 * outbox while NATS is away and go out when it appears; SIGTERM-style stop lets requests in flight
 * finish; /metrics counts what the service sends and says what waits in its outbox.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, isPortOpen } from '@sanshe/infra/local';
import { selfGovernance } from '@sanshe/events';
import { createTestBus, createTestDatabase, eventually, type TestDatabase } from '@sanshe/testing';
import { gql } from 'graphql-tag';
import { anonymous, encodeIdentity, inbox, outbox, readMetric, recordEvent, startSubgraph, loadServiceEnvironment, type RunningSubgraph } from '../../src/index.ts';

const dbSchema = { outbox, inbox };
const typeDefs = gql`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query {
    slow(ms: Int!): Int!
  }
  type Mutation {
    announce(code: ID!): ID!
  }
`;

const definition = {
  name: 'lifecycle-probe',
  dbSchema,
  typeDefs,
  resolvers: {
    Query: {
      slow: async (_: unknown, { ms }: { ms: number }, { db }: { db: RunningSubgraph<typeof dbSchema>['database']['db'] }) => {
        await db.execute(`select pg_sleep(${ms / 1000})`);
        return ms;
      },
    },
    Mutation: {
      announce: async (_: unknown, { code }: { code: string }, { db }: { db: RunningSubgraph<typeof dbSchema>['database']['db'] }) => {
        await db.transaction((tx) =>
          recordEvent(
            tx,
            selfGovernance.regionRegistered,
            { code, name: 'x', level: 'district', parentCode: null, districtCode: code, streetCode: null, population: null, households: null },
            { subject: code },
          ),
        );
        return code;
      },
    },
  },
  context: (base: object) => base,
};

const SECRET = 'lifecycle-secret-0123456789';
const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
});

async function start(database: TestDatabase, natsUrl: string, prefix: string) {
  const secret = SECRET;
  const service = await startSubgraph(
    definition,
    loadServiceEnvironment(
      0,
      { DATABASE_URL: database.url, SUBGRAPH_SECRET: secret, PORT: '0', NATS_URL: natsUrl, EVENT_PREFIX: prefix, LOG_LEVEL: 'silent', OUTBOX_POLL_MS: '200' },
      { exitOnError: false },
    ),
  );
  const request = (query: string) =>
    fetch(service.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sanshe-subgraph-secret': secret, 'x-sanshe-identity': encodeIdentity(anonymous, secret) },
      body: JSON.stringify({ query }),
    });
  return { service, request };
}

/** The probe's /metrics page, read with its secret. */
async function metricsPage(service: RunningSubgraph<typeof dbSchema>): Promise<string> {
  const response = await fetch(service.url.replace('/graphql', '/metrics'), { headers: { 'x-sanshe-subgraph-secret': SECRET } });
  expect(response.status).toBe(200);
  return response.text();
}

/** A probe subgraph on a fresh database and bus, all three cleaned up after the file. */
async function startFresh() {
  const database = await createTestDatabase('self-governance');
  cleanups.push(() => database.drop());
  const bus = createTestBus();
  cleanups.push(() => bus.cleanup());
  return start(database, bus.natsUrl, bus.prefix);
}

function spawnNats(port: number, storeDir: string): ChildProcess {
  return spawn('nats-server', ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir], { stdio: 'ignore' });
}

describe('a subgraph without NATS', () => {
  it('keeps serving, holds its events in the outbox, and publishes them once NATS appears', async () => {
    const database = await createTestDatabase('self-governance');
    cleanups.push(() => database.drop());
    const port = await freePort();
    const bus = createTestBus();
    const { service, request } = await start(database, `nats://127.0.0.1:${port}`, bus.prefix);
    cleanups.push(() => service.stop());

    const ready = await fetch(service.url.replace('/graphql', '/readyz'));
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ checks: { database: true, nats: false } });

    const response = await request('mutation { announce(code: "150204") }');
    expect(await response.json()).toEqual({ data: { announce: '150204' } });
    await new Promise((r) => setTimeout(r, 500));
    const [held] = await service.database.sql`select count(*)::int as n from outbox where published_at is null`;
    expect(held!.n).toBe(1);
    // What an operator sees meanwhile: one event waiting, for the half second since, and no relay yet.
    const waiting = await metricsPage(service);
    expect(readMetric(waiting, 'sanshe_outbox_pending')).toBe(1);
    expect(readMetric(waiting, 'sanshe_outbox_oldest_pending_seconds')).toBeGreaterThanOrEqual(0.4);
    expect(readMetric(waiting, 'sanshe_outbox_published_total')).toBeNull();
    expect(readMetric(waiting, 'sanshe_events_connected')).toBe(0);

    const storeDir = mkdtempSync(join(tmpdir(), 'sanshe-nats-'));
    const nats = spawnNats(port, storeDir);
    cleanups.push(async () => {
      nats.kill('SIGKILL');
      rmSync(storeDir, { recursive: true, force: true });
    });
    await eventually(() => isPortOpen('127.0.0.1', port, 500));
    await eventually(async () => {
      const [pending] = await service.database.sql`select count(*)::int as n from outbox where published_at is null`;
      return pending!.n === 0;
    }, 20_000);
    const published = await eventually(async () => {
      const { connect } = await import('@nats-io/transport-node');
      const { jetstream } = await import('@nats-io/jetstream');
      const nc = await connect({ servers: `nats://127.0.0.1:${port}` });
      try {
        const js = jetstream(nc);
        const stream = await (await js.jetstreamManager()).streams.info(bus.stream);
        return stream.state.messages;
      } finally {
        await nc.close();
      }
    });
    expect(published).toBe(1);
    const sent = await metricsPage(service);
    expect(readMetric(sent, 'sanshe_outbox_pending')).toBe(0);
    expect(readMetric(sent, 'sanshe_outbox_oldest_pending_seconds')).toBe(0);
    expect(readMetric(sent, 'sanshe_outbox_published_total')).toBe(1);
  });
});

describe('graceful stop', () => {
  it('finishes a request in flight, then refuses new connections', async () => {
    const { service, request } = await startFresh();
    await service.eventsReady;

    const inFlight = request('{ slow(ms: 800) }');
    await new Promise((r) => setTimeout(r, 200));
    const stopped = service.stop();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ data: { slow: 800 } });
    await stopped;
    await expect(request('{ slow(ms: 1) }')).rejects.toThrow();
  });
});

describe('/metrics', () => {
  it('answers only the secret-holder, in Prometheus text, with the statements sent so far', async () => {
    const { service, request } = await startFresh();
    cleanups.push(() => service.stop());
    const metricsUrl = service.url.replace('/graphql', '/metrics');
    const scrape = async () => {
      const response = await fetch(metricsUrl, { headers: { 'x-sanshe-subgraph-secret': 'lifecycle-secret-0123456789' } });
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      return response.text();
    };

    expect((await fetch(metricsUrl)).status).toBe(401);
    const before = await scrape();
    expect(before).toContain('# TYPE sanshe_sql_statements_total counter');
    expect(readMetric(before, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    const sentBefore = readMetric(before, 'sanshe_sql_statements_total')!;
    for (let i = 0; i < 5; i += 1) expect((await request('{ slow(ms: 1) }')).status).toBe(200);
    const sentAfter = readMetric(await scrape(), 'sanshe_sql_statements_total')!;
    // Five requests of one statement each; the outbox relay's polling may add its own.
    expect(sentAfter - sentBefore).toBeGreaterThanOrEqual(5);
    expect(sentAfter).toBeLessThanOrEqual(service.database.statementCount());
  });
});
