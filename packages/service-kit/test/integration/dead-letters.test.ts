/**
 * Dead letters of the platform's own consumers, against real PostgreSQL and the shared NATS: an
 * event whose handler keeps failing, and one that breaks its contract, are moved to the
 * dead-letter stream with their reason instead of blocking the producer's events or being dropped;
 * re-driving applies them once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AckPolicy, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { createCloudEvent, selfGovernance } from '@sanshe/events';
import { createTestBus, createTestDatabase, eventually, type TestDatabase } from '@sanshe/testing';
import {
  connectDatabase,
  createLogger,
  durableName,
  ensureStream,
  inbox,
  listDeadLetters,
  redriveDeadLetter,
  startConsumer,
  type AnyPgTx,
  type DatabaseHandle,
  type RunningConsumer,
} from '../../src/index.ts';
import { jetstream } from '@nats-io/jetstream';

const bus = createTestBus();
let database: TestDatabase;
let handle: DatabaseHandle<{ inbox: typeof inbox }>;
let nc: NatsConnection;
let jsm: JetStreamManager;
let stream: string;
let consumer: RunningConsumer;
const applied: string[] = [];
const failing = new Set<string>();
const SERVICE = 'dlq-probe';
const durable = durableName(SERVICE, 'self-governance');

const region = (code: string) =>
  createCloudEvent(
    selfGovernance.regionRegistered,
    { code, name: code, level: 'community', parentCode: code.slice(0, 9), districtCode: code.slice(0, 6), streetCode: code.slice(0, 9), population: null, households: null },
    { subject: code },
  );

async function publish(event: ReturnType<typeof region>) {
  await jetstream(nc).publish(`${bus.prefix}.${selfGovernance.regionRegistered.subject}`, JSON.stringify(event), { msgID: event.id });
}

beforeAll(async () => {
  database = await createTestDatabase('self-governance');
  handle = connectDatabase(database.url, { inbox }, { max: 2, applicationName: 'dlq-probe' });
  nc = await bus.connection();
  jsm = await jetstreamManager(nc);
  stream = await ensureStream(jsm, bus.prefix);
  // A consumer created before dead letters existed, with JetStream's own give-up limit.
  await jsm.consumers.add(stream, { durable_name: durable, ack_policy: AckPolicy.Explicit, filter_subject: `${bus.prefix}.self-governance.>`, max_deliver: 20, max_ack_pending: 1 });
  consumer = await startConsumer<AnyPgTx>({
    service: SERVICE,
    producer: 'self-governance',
    nc,
    jsm,
    stream,
    prefix: bus.prefix,
    db: handle.db as unknown as { transaction<T>(fn: (tx: AnyPgTx) => Promise<T>): Promise<T> },
    specs: [
      {
        contract: selfGovernance.regionRegistered,
        handle: async (_tx, event) => {
          const code = (event.data as { code: string }).code;
          if (failing.has(code)) throw new Error(`cannot apply ${code}`);
          applied.push(code);
        },
      },
    ],
    logger: createLogger('dlq-probe', process.env.TEST_LOG_LEVEL ?? 'silent'),
    maxDeliver: 3,
    retryDelayMs: () => 50,
  });
});

afterAll(async () => {
  await consumer?.stop();
  await handle?.close();
  await database?.drop();
  await jsm?.streams.delete(`${bus.prefix.toUpperCase()}_DEAD_LETTERS`).catch(() => false);
  await bus.cleanup();
});

describe('dead letters of the platform consumers', () => {
  const ok1 = region('150204004001');
  const bad = region('150204004002');
  const ok2 = region('150204004003');

  it('lifts the server-side max_deliver of an existing consumer, so JetStream never drops an event by itself', async () => {
    expect((await jsm.consumers.info(stream, durable)).config.max_deliver).toBe(-1);
  });

  it('moves an event whose handler keeps failing, and one that breaks its contract, to the dead letters; later events still apply', async () => {
    failing.add('150204004002');
    await publish(ok1);
    await publish(bad);
    await jetstream(nc).publish(`${bus.prefix}.${selfGovernance.regionRegistered.subject}`, JSON.stringify({ specversion: '1.0', id: 'nope' }));
    await publish(ok2);
    await eventually(async () => applied.length === 2);
    expect(applied).toEqual(['150204004001', '150204004003']);
    const letters = await eventually(async () => {
      const list = await listDeadLetters(nc, jsm, bus.prefix, { consumer: durable });
      return list.length === 2 ? list : undefined;
    });
    expect(letters[0]).toMatchObject({
      consumer: durable,
      eventId: bad.id,
      eventType: selfGovernance.regionRegistered.type,
      originalSubject: `${bus.prefix}.self-governance.region.registered.v1`,
      originalStream: stream,
      originalSequence: 2,
      originalMsgId: bad.id,
      attempts: 3,
      reason: expect.stringMatching(/handler failed 3 times: cannot apply 150204004002/),
    });
    expect(JSON.parse(new TextDecoder().decode(letters[0]!.data))).toEqual(bad); // the original bytes
    expect(letters[1]).toMatchObject({ originalSequence: 3, attempts: 1, reason: expect.stringMatching(/^contract violation/) });
    const info = await jsm.consumers.info(stream, durable);
    expect(info.num_pending + info.num_ack_pending).toBe(0);
  });

  it('re-drives a dead letter past the duplicate window with a new message id; applied once, whatever comes again', async () => {
    failing.clear();
    const [letter] = await listDeadLetters(nc, jsm, bus.prefix, { consumer: durable });
    const result = await redriveDeadLetter(jetstream(nc), jsm, bus.prefix, letter!.seq);
    expect(result.eventId).toBe(bad.id);
    await eventually(async () => applied.includes('150204004002'));
    // The same CloudEvent once more (a second re-drive, a relay republish after the window): no effect.
    await jetstream(nc).publish(`${bus.prefix}.${selfGovernance.regionRegistered.subject}`, JSON.stringify(bad), { msgID: `again-${bad.id}` });
    await publish(region('150204004004'));
    await eventually(async () => applied.includes('150204004004'));
    expect(applied.filter((c) => c === '150204004002')).toHaveLength(1);
    const rows = await handle.sql`select count(*)::int as n from inbox where consumer = ${durable} and event_id = ${bad.id}`;
    expect(rows[0]!.n).toBe(1);
    expect((await listDeadLetters(nc, jsm, bus.prefix, { consumer: durable })).map((l) => l.reason)).toEqual([expect.stringMatching(/^contract violation/)]);
  });
});
