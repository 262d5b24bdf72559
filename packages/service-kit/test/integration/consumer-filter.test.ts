/**
 * A producer's ordered consumer on a nats-server of 2.10 or later (the pinned build the partners'
 * server uses, spawned here with a store of its own): it is filtered to the subjects its specs
 * handle, so events of other types are never delivered to it, and the ones it handles still come
 * in the producer's order. A consumer an earlier version created with the producer's wildcard is
 * narrowed in place, keeping its position. Real PostgreSQL for the inbox, real NATS.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AckPolicy, jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { createCloudEvent, selfGovernance, type EventContract } from '@sanshe/events';
import { spawnNats, type NatsTarget } from '@sanshe/infra/local';
import { ensureNatsServer } from '@sanshe/infra/partners';
import { createTestDatabase, eventually, type TestDatabase } from '@sanshe/testing';
import { connectDatabase, createLogger, durableName, ensureStream, filtersManySubjects, inbox, startConsumer, type AnyPgTx, type DatabaseHandle, type RunningConsumer } from '../../src/index.ts';

const PREFIX = 'filterprobe';
const SERVICE = 'filter-probe';
const durable = durableName(SERVICE, 'self-governance');

let storeDir: string;
let server: NatsTarget;
let nc: NatsConnection;
let jsm: JetStreamManager;
let stream: string;
let database: TestDatabase;
let handle: DatabaseHandle<{ inbox: typeof inbox }>;
let consumer: RunningConsumer | undefined;
const applied: string[] = [];

const registered = (code: string) =>
  createCloudEvent(
    selfGovernance.regionRegistered,
    { code, name: code, level: 'community', parentCode: code.slice(0, 9), districtCode: code.slice(0, 6), streetCode: code.slice(0, 9), population: null, households: null },
    { subject: code },
  );
const renamed = (code: string, name: string) => createCloudEvent(selfGovernance.regionRenamed, { code, name }, { subject: code });
const reported = (communityCode: string) =>
  createCloudEvent(
    selfGovernance.needReported,
    { needId: crypto.randomUUID(), communityCode, gridCode: null, category: 'elderly_care', urgency: 'normal', summary: 'probe', microWishId: null },
    { subject: communityCode },
  );

async function publish(contract: EventContract, event: { id: string }) {
  await jetstream(nc).publish(`${PREFIX}.${contract.subject}`, JSON.stringify(event), { msgID: event.id });
}

function start() {
  return startConsumer<AnyPgTx>({
    service: SERVICE,
    producer: 'self-governance',
    nc,
    jsm,
    stream,
    prefix: PREFIX,
    db: handle.db as unknown as { transaction<T>(fn: (tx: AnyPgTx) => Promise<T>): Promise<T> },
    specs: [
      { contract: selfGovernance.regionRegistered, handle: async (_tx, event) => void applied.push(`registered ${(event.data as { code: string }).code}`) },
      { contract: selfGovernance.regionRenamed, handle: async (_tx, event) => void applied.push(`renamed ${(event.data as { name: string }).name}`) },
    ],
    logger: createLogger(SERVICE, process.env.TEST_LOG_LEVEL ?? 'silent'),
  });
}

beforeAll(async () => {
  storeDir = mkdtempSync(join(tmpdir(), 'sanshe-filter-nats-'));
  const binary = await ensureNatsServer(() => {});
  server = await spawnNats(binary.path, storeDir, () => {});
  nc = await connect({ servers: server.url });
  jsm = await jetstreamManager(nc);
  stream = await ensureStream(jsm, PREFIX);
  database = await createTestDatabase('self-governance');
  handle = connectDatabase(database.url, { inbox }, { max: 2, applicationName: SERVICE });
}, 180_000);

afterAll(async () => {
  await consumer?.stop();
  await handle?.close();
  await database?.drop();
  await nc?.close();
  await server?.stop();
  if (storeDir) rmSync(storeDir, { recursive: true, force: true });
});

describe('the ordered consumer on a 2.10+ server', () => {
  it('runs against a server that filters to several subjects', () => {
    expect(filtersManySubjects(nc.info?.version)).toBe(true);
  });

  it('narrows a consumer created with the producer’s wildcard to the subjects handled, keeping its position', async () => {
    // As an earlier version created it: everything self-governance publishes.
    await jsm.consumers.add(stream, { durable_name: durable, ack_policy: AckPolicy.Explicit, filter_subject: `${PREFIX}.self-governance.>`, max_deliver: -1, max_ack_pending: 1 });
    consumer = await start();
    const info = await jsm.consumers.info(stream, durable);
    expect(info.config.filter_subject ?? '').toBe('');
    expect([...(info.config.filter_subjects ?? [])].sort()).toEqual(
      [`${PREFIX}.${selfGovernance.regionRegistered.subject}`, `${PREFIX}.${selfGovernance.regionRenamed.subject}`].sort(),
    );
  });

  it('is never delivered the events it does not handle, and applies the others in the producer’s order', async () => {
    const before = (await jsm.consumers.info(stream, durable)).delivered.consumer_seq;
    await publish(selfGovernance.needReported, reported('150204004001'));
    await publish(selfGovernance.regionRegistered, registered('150204004001'));
    await publish(selfGovernance.needReported, reported('150204004001'));
    await publish(selfGovernance.regionRenamed, renamed('150204004001', 'first name'));
    await publish(selfGovernance.needReported, reported('150204004001'));
    await publish(selfGovernance.regionRenamed, renamed('150204004001', 'second name'));
    await eventually(async () => applied.length === 3);
    expect(applied).toEqual(['registered 150204004001', 'renamed first name', 'renamed second name']);
    const info = await eventually(async () => {
      const i = await jsm.consumers.info(stream, durable);
      return i.num_ack_pending === 0 ? i : undefined;
    });
    // Three deliveries for three handled events: the three needs never left the server.
    expect(info.delivered.consumer_seq - before).toBe(3);
    expect(info.num_pending).toBe(0);
    const rows = await handle.sql`select count(*)::int as n from inbox where consumer = ${durable}`;
    expect(rows[0]!.n).toBe(3);
  });

  it('picks up where it stopped after a restart, with the filter it already has', async () => {
    await consumer!.stop();
    await publish(selfGovernance.needReported, reported('150204004002'));
    await publish(selfGovernance.regionRegistered, registered('150204004002'));
    consumer = await start();
    await eventually(async () => applied.length === 4);
    expect(applied.at(-1)).toBe('registered 150204004002');
  });
});
