import { randomBytes } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { streamNameFor } from '@sanshe/service-kit';
import { parseCloudEvent, type CloudEvent, type EventContract, type EventData } from '@sanshe/events';
import { testInfra } from './infra.ts';

export interface TestBus {
  natsUrl: string;
  /** A subject prefix of its own: this file's stream and consumers never meet another file's. */
  prefix: string;
  stream: string;
  connection(): Promise<NatsConnection>;
  /** Reads the contract's events stored on the stream so far (from the start), checked against the contract. */
  events<C extends EventContract>(contract: C, expected: number): Promise<{ event: CloudEvent<EventData<C>>; msgId: string | undefined }[]>;
  cleanup(): Promise<void>;
}

export function createTestBus(): TestBus {
  const { natsUrl } = testInfra();
  const prefix = `t${randomBytes(5).toString('hex')}`;
  let nc: NatsConnection | null = null;
  return {
    natsUrl,
    prefix,
    stream: streamNameFor(prefix),
    async connection() {
      nc ??= await connect({ servers: natsUrl });
      return nc;
    },
    async events(contract, expected) {
      const c = (nc ??= await connect({ servers: natsUrl }));
      const js = jetstream(c);
      const info = await (await js.jetstreamManager()).consumers.add(streamNameFor(prefix), {
        filter_subject: `${prefix}.${contract.subject}`,
        inactive_threshold: 60_000_000_000,
      });
      const consumer = await js.consumers.get(streamNameFor(prefix), info.name);
      const out: { event: CloudEvent<EventData<typeof contract>>; msgId: string | undefined }[] = [];
      const batch = await consumer.fetch({ max_messages: Math.max(expected, 1), expires: 3000 });
      for await (const msg of batch) {
        out.push({ event: parseCloudEvent(contract, msg.json()), msgId: msg.headers?.get('Nats-Msg-Id') });
        msg.ack();
      }
      return out;
    },
    async cleanup() {
      const c = nc ?? (await connect({ servers: natsUrl }));
      const jsm = await jetstreamManager(c);
      await jsm.streams.delete(streamNameFor(prefix)).catch(() => false);
      await c.close();
      nc = null;
    },
  };
}
