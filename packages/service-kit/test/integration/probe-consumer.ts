/**
 * What the consumer tests share: a consumer of the platform's own kind (startConsumer) on a
 * cloned test database and the file's own event prefix, fed region.registered events — the
 * smallest contract there is — and taken down with everything it made.
 */
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { createCloudEvent, selfGovernance, type CloudEvent, type EventContract, type EventData } from '@sanshe/events';
import { createTestDatabase, type TestBus, type TestDatabase } from '@sanshe/testing';
import {
  connectDatabase,
  createLogger,
  ensureStream,
  inbox,
  startConsumer,
  type AnyPgTx,
  type ConsumerSpec,
  type DatabaseHandle,
  type RunningConsumer,
} from '../../src/index.ts';

export type RegionEvent = CloudEvent<EventData<typeof selfGovernance.regionRegistered>>;

/** A region.registered event for a community code, as self-governance's relay would publish it. */
export const regionEvent = (code: string): RegionEvent =>
  createCloudEvent(
    selfGovernance.regionRegistered,
    { code, name: code, level: 'community', parentCode: code.slice(0, 9), districtCode: code.slice(0, 6), streetCode: code.slice(0, 9), population: null, households: null },
    { subject: code },
  );

export interface ProbeConsumer {
  database: TestDatabase;
  handle: DatabaseHandle<{ inbox: typeof inbox }>;
  nc: NatsConnection;
  jsm: JetStreamManager;
  stream: string;
  consumer: RunningConsumer;
  /** Publishes an event on region.registered's subject, under its id as the message id unless given another. */
  publish(event: RegionEvent, msgId?: string): Promise<void>;
  /** Publishes anything at all on that subject, with no message id: a message that breaks the contract. */
  publishRaw(body: object): Promise<void>;
  close(): Promise<void>;
}

export async function startProbeConsumer(
  bus: TestBus,
  options: {
    service: string;
    specs: ConsumerSpec[];
    independent?: { contract: EventContract; concurrency: number };
    maxDeliver: number;
    /** Runs before the consumer starts: a table its handlers write, a durable made the old way. */
    prepare?: (probe: Pick<ProbeConsumer, 'handle' | 'jsm' | 'stream'>) => Promise<void>;
  },
): Promise<ProbeConsumer> {
  const database = await createTestDatabase('self-governance');
  const handle = connectDatabase(database.url, { inbox }, { max: 3, applicationName: options.service });
  const nc = await bus.connection();
  const jsm = await jetstreamManager(nc);
  const stream = await ensureStream(jsm, bus.prefix);
  await options.prepare?.({ handle, jsm, stream });
  const consumer = await startConsumer<AnyPgTx>({
    service: options.service,
    producer: 'self-governance',
    independent: options.independent,
    nc,
    jsm,
    stream,
    prefix: bus.prefix,
    db: handle.db as unknown as { transaction<T>(fn: (tx: AnyPgTx) => Promise<T>): Promise<T> },
    specs: options.specs,
    logger: createLogger(options.service, process.env.TEST_LOG_LEVEL ?? 'silent'),
    maxDeliver: options.maxDeliver,
    retryDelayMs: () => 50,
  });
  const subject = `${bus.prefix}.${selfGovernance.regionRegistered.subject}`;
  return {
    database,
    handle,
    nc,
    jsm,
    stream,
    consumer,
    async publish(event, msgId = event.id) {
      await jetstream(nc).publish(subject, JSON.stringify(event), { msgID: msgId });
    },
    async publishRaw(body) {
      await jetstream(nc).publish(subject, JSON.stringify(body));
    },
    async close() {
      await consumer.stop();
      await handle.close();
      await database.drop();
      await jsm.streams.delete(`${bus.prefix.toUpperCase()}_DEAD_LETTERS`).catch(() => false);
      await bus.cleanup();
    },
  };
}
