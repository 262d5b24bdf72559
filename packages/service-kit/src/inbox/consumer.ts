import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  type ConsumerMessages,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { EventContractError, parseCloudEvent, type CloudEvent, type EventContract, type EventData, type Producer } from '@sanshe/events';
import type { AnyPgTx } from '../outbox/record-event.ts';
import type { Logger } from '../logger.ts';
import { inbox } from './inbox-table.ts';

export type EventHandler<C extends EventContract, Tx> = (tx: Tx, event: CloudEvent<EventData<C>>) => Promise<void>;

export interface ConsumerSpec<C extends EventContract = EventContract, Tx = AnyPgTx> {
  contract: C;
  handle: EventHandler<C, Tx>;
}

interface TransactionalDb<Tx> {
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}

export interface RunningConsumer {
  durable: string;
  stop(): Promise<void>;
}

const MAX_DELIVER = 20;

/** One durable consumer per (consuming service, producing service). */
export function durableName(service: string, producer: Producer | EventContract): string {
  const name = typeof producer === 'string' ? producer : producer.producer;
  return `${service}__${name}`.replace(/[.>*\s]/g, '_');
}

/**
 * A durable pull consumer of everything one producer publishes, applying the events this service
 * handles at most once through the inbox, in the producer's commit order.
 *
 * One consumer per producer (not per event type) is what keeps "registered, then suspended" in
 * that order: separate consumers would race each other. Events of types the service does not
 * handle are acknowledged and skipped.
 *
 * Ack only after the effect's transaction committed. A crash before the ack redelivers the event;
 * the inbox row written with the effect makes the second delivery a no-op.
 */
export async function startConsumer<Tx extends AnyPgTx>(options: {
  service: string;
  producer: Producer;
  nc: NatsConnection;
  jsm: JetStreamManager;
  stream: string;
  prefix: string;
  db: TransactionalDb<Tx>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  specs: ConsumerSpec<any, Tx>[];
  logger: Logger;
}): Promise<RunningConsumer> {
  const { service, producer, nc, jsm, stream, prefix, db, specs, logger } = options;
  const durable = durableName(service, producer);
  // Several specs may handle one subject (a shared replica and a service's own rule): they run in
  // order, in the same transaction, so the event is applied wholly or not at all.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const bySubject = new Map<string, ConsumerSpec<any, Tx>[]>();
  for (const spec of specs) {
    const subject = `${prefix}.${spec.contract.subject}`;
    bySubject.set(subject, [...(bySubject.get(subject) ?? []), spec]);
  }
  const config = {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: `${prefix}.${producer}.>`,
    ack_wait: nanos(30_000),
    max_deliver: MAX_DELIVER,
    // One message at a time: the next event of a producer is applied only after the previous one.
    max_ack_pending: 1,
  };
  try {
    await jsm.consumers.info(stream, durable);
  } catch {
    await jsm.consumers.add(stream, config);
  }
  const consumer = await jetstream(nc).consumers.get(stream, durable);
  const log = logger.child({ consumer: durable });
  let messages: ConsumerMessages | null = await consumer.consume({ max_messages: 64 });
  const loop = (async () => {
    for await (const msg of messages!) {
      const handlers = bySubject.get(msg.subject);
      if (!handlers) {
        msg.ack(); // an event type this service does not react to
        continue;
      }
      await handleMessage(msg, handlers, db, durable, log);
    }
  })();
  return {
    durable,
    async stop() {
      const m = messages;
      messages = null;
      // stop() ends the iterator without waiting for the open pull request to expire; the
      // message being handled finishes first. Messages buffered but not handled are never
      // acked, so JetStream redelivers them to the next run.
      m?.stop();
      await loop.catch(() => {});
    },
  };
}

async function handleMessage<C extends EventContract, Tx extends AnyPgTx>(
  msg: JsMsg,
  handlers: ConsumerSpec<C, Tx>[],
  db: TransactionalDb<Tx>,
  durable: string,
  log: Logger,
): Promise<void> {
  let event: CloudEvent<EventData<C>>;
  try {
    event = parseCloudEvent(handlers[0]!.contract, msg.json());
  } catch (error) {
    // A message that breaks its contract will never succeed: stop redelivering it.
    log.error({ err: error, seq: msg.seq }, 'event violates its contract; terminated');
    msg.term(error instanceof EventContractError ? error.message.slice(0, 200) : 'unparseable');
    return;
  }
  try {
    await db.transaction(async (tx) => {
      const claimed = await tx
        .insert(inbox)
        .values({ consumer: durable, eventId: event.id, eventType: event.type })
        .onConflictDoNothing()
        .returning({ eventId: inbox.eventId });
      if (claimed.length === 0) return; // applied before: a redelivery
      for (const { handle } of handlers) await handle(tx, event);
    });
    msg.ack();
  } catch (error) {
    const attempt = msg.info.deliveryCount;
    const delay = Math.min(1000 * 2 ** Math.min(attempt, 6), 60_000);
    log.warn({ err: error, eventId: event.id, attempt }, 'event handler failed; will be redelivered');
    msg.nak(delay);
  }
}
