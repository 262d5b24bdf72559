/**
 * A subgraph whose consumers cannot be started when it comes up — NATS refusing the consumer API,
 * as a nats-server does while it restarts — keeps trying, and applies events once NATS lets it,
 * rather than serving on without ever consuming. Real nats-server (spawned with a config this
 * test rewrites and reloads), real PostgreSQL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { selfGovernance } from '@sanshe/events';
import { freePort, readNatsInfo } from '@sanshe/infra/local';
import { ensureNatsServer } from '@sanshe/infra/partners';
import { createTestDatabase, eventually, type TestDatabase } from '@sanshe/testing';
import { sql } from 'drizzle-orm';
import {
  connectDatabase,
  durableName,
  ensureStream,
  inbox,
  loadServiceEnvironment,
  metricsUrlOf,
  scrapeMetrics,
  SECRET_HEADER,
  startSubgraph,
  type AnyPgTx,
  type ConsumerSpec,
  type RunningSubgraph,
} from '../../src/index.ts';
import { regionEvent, type RegionEvent } from './probe-consumer.ts';

const PREFIX = 'wiringprobe';
const SERVICE = 'wiring-probe';
let dir: string;
let configPath: string;
let port: number;
let server: ChildProcess;
let admin: NatsConnection;
let jsm: JetStreamManager;
let stream: string;
let database: TestDatabase;
let subgraph: RunningSubgraph<{ inbox: typeof inbox }> | undefined;

/** The service's user may use JetStream — but, while `refuseConsumers`, not its consumer API. */
function writeConfig(refuseConsumers: boolean) {
  const deny = refuseConsumers ? ', deny: ["$JS.API.CONSUMER.>"]' : '';
  writeFileSync(
    configPath,
    `listen: "127.0.0.1:${port}"
jetstream { store_dir: "${join(dir, 'store')}" }
authorization {
  users: [
    { user: "service", password: "service-pw", permissions: { publish: { allow: [">"]${deny} }, subscribe: { allow: [">"] } } }
    { user: "admin", password: "admin-pw" }
  ]
}
`,
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sanshe-wiring-nats-'));
  configPath = join(dir, 'nats.conf');
  port = await freePort();
  writeConfig(true);
  const binary = await ensureNatsServer(() => {});
  server = spawn(binary.path, ['-c', configPath], { stdio: 'ignore' });
  await eventually(async () => (await readNatsInfo('127.0.0.1', port, 500))?.jetstream === true);
  admin = await connect({ servers: `nats://127.0.0.1:${port}`, user: 'admin', pass: 'admin-pw' });
  jsm = await jetstreamManager(admin);
  stream = await ensureStream(jsm, PREFIX);
  database = await createTestDatabase('self-governance');
}, 180_000);

afterAll(async () => {
  await subgraph?.stop();
  await database?.drop();
  await admin?.close();
  server?.kill('SIGKILL');
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const SECRET = 'wiring-probe-secret-0123456789abcdef';

/** One sample of the subgraph's /metrics, read as a scraper holding its secret would. */
async function metric(name: string): Promise<number> {
  const values = await scrapeMetrics(metricsUrlOf(subgraph!.url), { [SECRET_HEADER]: SECRET }, { value: name });
  return values.value;
}

describe('starting the consumers while NATS refuses them', () => {
  it('keeps trying, and applies events once NATS lets it', async () => {
    const consumers: ConsumerSpec[] = [
      {
        contract: selfGovernance.regionRegistered,
        handle: async (tx: AnyPgTx, event) => {
          await tx.execute(sql`insert into probe_applied (code) values (${(event as RegionEvent).data.code})`);
        },
      } as ConsumerSpec,
    ];
    const env = loadServiceEnvironment(
      0,
      {
        DATABASE_URL: database.url,
        DATABASE_POOL_MAX: '3',
        SUBGRAPH_SECRET: SECRET,
        PORT: '0',
        NATS_URL: `nats://127.0.0.1:${port}`,
        NATS_USER: 'service',
        NATS_PASSWORD: 'service-pw',
        EVENT_PREFIX: PREFIX,
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        SHUTDOWN_GRACE_MS: '1000',
      },
      { exitOnError: false },
    );
    const handle = connectDatabase(database.url, {}, { max: 1 });
    await handle.sql`create table probe_applied (code text primary key)`;
    const event = regionEvent('150204007001');
    await jetstream(admin).publish(`${PREFIX}.${selfGovernance.regionRegistered.subject}`, JSON.stringify(event), { msgID: event.id });

    subgraph = await startSubgraph(
      { name: SERVICE, dbSchema: { inbox }, typeDefs: parse('type Query { ping: String }'), resolvers: { Query: { ping: () => 'pong' } }, context: () => ({}), consumers },
      env,
    );
    let ready = false;
    subgraph.eventsReady.then(() => (ready = true)).catch(() => {});
    // Refused, and tried again: the durable is not there and the service has not given up
    // (eventsReady pending), having failed twice — the second failure is a retry.
    await eventually(async () => (await metric('sanshe_events_wiring_failures_total')) >= 2, 30_000);
    expect(ready).toBe(false);
    await expect(jsm.consumers.info(stream, durableName(SERVICE, 'self-governance'))).rejects.toThrow();
    expect(await metric('sanshe_events_connected')).toBe(0);

    writeConfig(false);
    server.kill('SIGHUP'); // nats-server reloads its authorization
    await subgraph.eventsReady;
    const rows = await eventually(async () => {
      const list = await handle.sql<{ code: string }[]>`select code from probe_applied`;
      return list.length > 0 ? list : undefined;
    }, 30_000);
    expect(rows.map((r) => r.code)).toEqual(['150204007001']);
    expect(await metric('sanshe_events_connected')).toBe(1);
    expect(await metric('sanshe_consumer_receiving')).toBe(1);
    expect(await metric('sanshe_events_applied_total')).toBe(1);
    expect(await metric('sanshe_events_dead_lettered_total')).toBe(0);
    // Nothing of its own to publish: the outbox is empty, and the relay published nothing.
    expect(await metric('sanshe_outbox_pending')).toBe(0);
    expect(await metric('sanshe_outbox_oldest_pending_seconds')).toBe(0);
    expect(await metric('sanshe_outbox_published_total')).toBe(0);
    await handle.close();
  });
});
