/**
 * A release that gives an event type a consumer of its own, against real PostgreSQL and the
 * shared NATS: the new durable takes over where the retired ordered one had got to — the events
 * it had acknowledged are not applied again, the rest are — and the retired durable is deleted,
 * while other services' and partners' durables stay. A durable no retired one covered starts at
 * the stream's beginning; a durable that exists keeps its position across restarts. A type that
 * returns to the producer's ordered consumer is applied from where its retired durable stopped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { selfGovernance } from '@sanshe/events';
import { createTestBus, createTestDatabase, eventually, type TestDatabase } from '@sanshe/testing';
import { sql } from 'drizzle-orm';
import {
  connectDatabase,
  createLogger,
  durableName,
  ensureStream,
  inbox,
  independentDurableName,
  startPlannedConsumers,
  type AnyPgTx,
  type ConsumerSpec,
  type DatabaseHandle,
  type RunningConsumer,
} from '../../src/index.ts';
import { regionEvent, type RegionEvent } from './probe-consumer.ts';

const bus = createTestBus();
let nc: NatsConnection;
let jsm: JetStreamManager;
let stream: string;
let database: TestDatabase;
let handle: DatabaseHandle<{ inbox: typeof inbox }>;
const running: RunningConsumer[] = [];

const code = (n: number) => `150204${String(n).padStart(6, '0')}`;
const codes = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => code(from + i));

/** The plan of a service that now consumes region.registered on its own, two at a time. */
const independentSpecs = (service: string): ConsumerSpec[] => [
  {
    contract: selfGovernance.regionRegistered,
    concurrency: 2,
    handle: async (tx: AnyPgTx, event) => {
      await tx.execute(sql`insert into probe_applied (service, code) values (${service}, ${(event as RegionEvent).data.code})`);
    },
  } as ConsumerSpec,
];

async function start(service: string, specs: ConsumerSpec[] = independentSpecs(service)): Promise<RunningConsumer[]> {
  const started = await startPlannedConsumers<AnyPgTx>({
    service,
    nc,
    jsm,
    stream,
    prefix: bus.prefix,
    db: handle.db as unknown as { transaction<T>(fn: (tx: AnyPgTx) => Promise<T>): Promise<T> },
    specs,
    logger: createLogger(service, process.env.TEST_LOG_LEVEL ?? 'silent'),
  });
  running.push(...started);
  return started;
}

async function stop(consumers: RunningConsumer[]): Promise<void> {
  for (const consumer of consumers) {
    await consumer.stop();
    running.splice(running.indexOf(consumer), 1);
  }
}

async function publish(from: number, to: number): Promise<void> {
  for (const c of codes(from, to)) {
    const event = regionEvent(c);
    await jetstream(nc).publish(`${bus.prefix}.${selfGovernance.regionRegistered.subject}`, JSON.stringify(event), { msgID: event.id });
  }
}

/** A durable the way an earlier release made it, having acknowledged the stream's first `acked` events. */
async function earlierDurable(name: string, filterSubject: string, acked: number): Promise<void> {
  await jsm.consumers.add(stream, { durable_name: name, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, filter_subject: filterSubject, max_ack_pending: 1, max_deliver: -1 });
  if (acked === 0) return;
  const consumer = await jetstream(nc).consumers.get(stream, name);
  for (let i = 0; i < acked; i += 1) {
    const msg = await consumer.next({ expires: 5000 });
    if (!msg) throw new Error(`${name}: no event ${i + 1} to acknowledge`);
    await msg.ackAck();
  }
}

async function applied(service: string): Promise<string[]> {
  const rows = await handle.sql<{ code: string }[]>`select code from probe_applied where service = ${service} order by code`;
  return rows.map((row) => row.code);
}

/** What the durable has left to deliver or to see acknowledged. */
async function behind(durable: string): Promise<number> {
  const info = await jsm.consumers.info(stream, durable);
  return info.num_pending + info.num_ack_pending;
}

async function durables(): Promise<string[]> {
  const names: string[] = [];
  for await (const info of jsm.consumers.list(stream)) names.push(info.name);
  return names.sort();
}

beforeAll(async () => {
  database = await createTestDatabase('self-governance');
  handle = connectDatabase(database.url, { inbox }, { max: 3, applicationName: 'handover-probe' });
  await handle.sql`create table probe_applied (service text not null, code text not null, primary key (service, code))`;
  nc = await bus.connection();
  jsm = await jetstreamManager(nc);
  stream = await ensureStream(jsm, bus.prefix);
  await publish(1, 10);
});

afterAll(async () => {
  await stop([...running]);
  await handle?.close();
  await database?.drop();
  await bus.cleanup();
});

describe('handing an event type over to a consumer of its own', () => {
  const service = 'handover-probe';
  const retired = durableName(service, 'self-governance');
  const successor = independentDurableName(service, selfGovernance.regionRegistered);

  it('applies only what the retired durable had not acknowledged, and deletes it', async () => {
    await earlierDurable(retired, `${bus.prefix}.self-governance.>`, 6);
    await earlierDurable('other-service__self-governance', `${bus.prefix}.self-governance.>`, 0);
    await earlierDurable('partner-alpha', `${bus.prefix}.>`, 0);

    await start(service);
    await eventually(async () => ((await behind(successor)) === 0 ? true : undefined));
    expect(await applied(service)).toEqual(codes(7, 10));

    const info = await jsm.consumers.info(stream, successor);
    expect(info.config).toMatchObject({ deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: 7 });
    expect(await durables()).toEqual(['other-service__self-governance', 'partner-alpha', successor].sort());
  });

  it('keeps the new durable’s position across a restart, with nothing left to retire', async () => {
    await stop([...running]);
    await publish(11, 12);
    await start(service);
    await eventually(async () => ((await behind(successor)) === 0 ? true : undefined));
    expect(await applied(service)).toEqual(codes(7, 12));
    expect(await durables()).toEqual(['other-service__self-governance', 'partner-alpha', successor].sort());
  });

  it('starts at the beginning when no retired durable received the type, and still retires it', async () => {
    const other = 'uncovered-probe';
    await earlierDurable(durableName(other, 'self-governance'), `${bus.prefix}.${selfGovernance.needReported.subject}`, 0);
    await start(other);
    const fresh = independentDurableName(other, selfGovernance.regionRegistered);
    await eventually(async () => ((await behind(fresh)) === 0 ? true : undefined));
    expect(await applied(other)).toEqual(codes(1, 12));
    expect((await jsm.consumers.info(stream, fresh)).config.deliver_policy).toBe(DeliverPolicy.All);
    expect(await durables()).not.toContain(durableName(other, 'self-governance'));
  });
});

describe('returning an event type to the producer’s ordered consumer', () => {
  const service = 'return-probe';
  const ordered = durableName(service, 'self-governance');
  const retired = independentDurableName(service, selfGovernance.regionRegistered);

  it('applies what its retired durable had not, though the ordered consumer was further on', async () => {
    // The earlier release: region.registered on a durable of its own, which got as far as the
    // 6th event; the ordered consumer, on the producer's wildcard as on NATS 2.9, received every
    // event — the registrations too, acknowledged unhandled — and had seen the whole stream.
    await earlierDurable(retired, `${bus.prefix}.${selfGovernance.regionRegistered.subject}`, 6);
    const last = (await jsm.streams.info(stream)).state.last_seq;
    await earlierDurable(ordered, `${bus.prefix}.self-governance.>`, last);

    // Now both types on the ordered consumer, as before the earlier release.
    const [registered] = independentSpecs(service);
    await start(service, [{ ...registered!, concurrency: undefined }, { contract: selfGovernance.regionRenamed, handle: async () => {} } as ConsumerSpec]);
    await eventually(async () => ((await behind(ordered)) === 0 ? true : undefined));
    expect(await applied(service)).toEqual(codes(7, 12));
    expect((await jsm.consumers.info(stream, ordered)).config).toMatchObject({ deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: 7 });
    expect(await durables()).not.toContain(retired);
  });
});
