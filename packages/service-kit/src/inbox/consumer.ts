import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  type ConsumerInfo,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { EventContractError, parseCloudEvent, type CloudEvent, type EventContract, type EventData, type Producer } from '@sanshe/events';
import { and, eq } from 'drizzle-orm';
import type { AnyPgTx } from '../outbox/record-event.ts';
import type { Logger } from '../logger.ts';
import { publishDeadLetter } from '../dead-letters/dead-letters.ts';
import { inbox } from './inbox-table.ts';
import { ensureDurable } from './ensure-durable.ts';

// The dead-letter API is part of consuming: exported from here so `@sanshe/service-kit` has it.
export * from '../dead-letters/dead-letters.ts';

export type EventHandler<C extends EventContract, Tx> = (tx: Tx, event: CloudEvent<EventData<C>>) => Promise<void>;
export type BatchEventHandler<C extends EventContract, Tx> = (tx: Tx, events: CloudEvent<EventData<C>>[]) => Promise<void>;

export interface ConsumerSpec<C extends EventContract = EventContract, Tx = AnyPgTx> {
  contract: C;
  handle: EventHandler<C, Tx>;
  /**
   * Set (> 1) only for events that are independent of each other and of the producer's other
   * events: each one's effect is idempotent on its own key and nothing this service consumes must
   * be applied before or after it. Such a type gets a durable consumer of its own, filtered to its
   * subject, that applies up to `concurrency` events at once, each in its own transaction —
   * concurrent commits share the WAL flush, so a burst (a bulk import's tens of thousands) drains
   * several times faster than one event per round trip. Everything else keeps the producer's
   * single ordered consumer.
   */
  concurrency?: number;
  /**
   * Applies several of an independent type's events in one transaction (only with `concurrency`):
   * what `handle` does for each, in the order given, with the work they share done once — one
   * statistics update for the lot, say, made last so the rows every event touches stay locked
   * only briefly, and in one statement so that concurrent batches lock them in one order. A
   * burst then costs one commit per batch instead of one per event. `handle` stays the rule: a
   * batch that fails is applied again one event at a time through it.
   */
  handleBatch?: BatchEventHandler<C, Tx>;
}

/** Most events one batch applies (`ConsumerSpec.handleBatch`). */
export const MAX_BATCH = 50;

/** What planning consumers looks at in a spec. */
type PlannedSpec = Pick<ConsumerSpec, 'contract' | 'concurrency'> & { handleBatch?: unknown };

/** One consumer to start: a producer's ordered one, or an event type consumed on its own. */
export interface ConsumerPlan<S extends PlannedSpec = ConsumerSpec> {
  producer: Producer;
  specs: S[];
  independent?: { contract: EventContract; concurrency: number };
}

/**
 * Which consumers a service runs for its specs: one ordered consumer per producer, plus one per
 * independent event type. A type is independent only if every spec handling it says so — specs
 * on one subject run in one transaction, so they cannot be split between two consumers.
 */
export function planConsumers<S extends PlannedSpec>(specs: readonly S[]): ConsumerPlan<S>[] {
  const bySubject = new Map<string, S[]>();
  for (const spec of specs) bySubject.set(spec.contract.subject, [...(bySubject.get(spec.contract.subject) ?? []), spec]);
  const ordered = new Map<Producer, S[]>();
  const plans: ConsumerPlan<S>[] = [];
  for (const [subject, group] of bySubject) {
    const independent = group.filter(isIndependent);
    if (independent.length > 0 && independent.length < group.length) {
      throw new Error(`${subject}: every spec handling it must be independent (concurrency > 1) or none`);
    }
    if (group.some((spec) => spec.handleBatch) && independent.length === 0) {
      // Batching an ordered consumer's events would need a failed batch redelivered in order.
      throw new Error(`${subject}: handleBatch is for independent events only (concurrency > 1)`);
    }
    if (independent.length === 0) {
      const producer = group[0]!.contract.producer;
      ordered.set(producer, [...(ordered.get(producer) ?? []), ...group]);
    } else {
      const contract = group[0]!.contract;
      plans.push({ producer: contract.producer, specs: group, independent: { contract, concurrency: Math.min(...group.map((g) => g.concurrency!)) } });
    }
  }
  return [...[...ordered].map(([producer, group]) => ({ producer, specs: group })), ...plans];
}

export interface TransactionalDb<Tx> {
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
}

export interface RunningConsumer {
  durable: string;
  /** Counts since this process started it, and whether its pull still runs (metrics.ts). */
  stats(): ConsumerStats;
  stop(): Promise<void>;
}

export interface ConsumerStats {
  /** Events applied: claimed in the inbox and committed with their effect. */
  applied: number;
  /** Events moved to the dead-letter stream. */
  deadLettered: number;
  /** Transactions that applied more than one event together (an independent type under a burst). */
  batches: number;
  /** Events applied in those transactions (also counted in `applied`). */
  batched: number;
  /** False once the pull ended by itself (stop() aside): the consumer applies nothing more. */
  receiving: boolean;
}

/** Deliveries of one event before it is moved to the dead-letter stream. */
export const MAX_DELIVER = 20;

/** Backoff before a failed event is delivered again: 2 s, 4 s, … capped at 60 s. */
export function defaultRetryDelayMs(attempt: number): number {
  return Math.min(1000 * 2 ** Math.min(attempt, 6), 60_000);
}

/** One durable consumer per (consuming service, producing service). */
export function durableName(service: string, producer: Producer | EventContract): string {
  const name = typeof producer === 'string' ? producer : producer.producer;
  return `${service}__${name}`.replace(/[.>*\s]/g, '_');
}

/** The durable of an event type consumed on its own (`ConsumerSpec.concurrency`). */
export function independentDurableName(service: string, contract: EventContract): string {
  return `${service}__${contract.subject}`.replace(/[.>*\s]/g, '_');
}

/** The subject filter of a consumer: one subject, or several (JetStream 2.10 and later). */
export interface ConsumerFilter {
  filter_subject?: string;
  filter_subjects?: string[];
}

/** Whether a nats-server `version` ("2.9.10", "v2.14.9"; undefined: unknown) is `major.minor` or later. */
export function natsVersionAtLeast(version: string | undefined, major: number, minor: number): boolean {
  const [a = 0, b = 0] = (version ?? '').replace(/^v/, '').split('.').map(Number);
  return a > major || (a === major && b >= minor);
}

/** Whether a nats-server of `version` filters a consumer to several subjects (2.10 and later). */
export const filtersManySubjects = (version: string | undefined): boolean => natsVersionAtLeast(version, 2, 10);

/**
 * What a producer's ordered consumer is filtered to: exactly the subjects its specs handle when
 * the server can say so — one subject on any server, several from 2.10 — otherwise everything the
 * producer publishes (the handler acknowledges the rest). A filter keeps the stream's order among
 * the subjects it selects, so nothing is reordered; what it saves is a delivery and an
 * acknowledgement, one round trip each at max_ack_pending 1, for every event the service ignores
 * (most of what self-governance publishes, for most of its followers).
 */
export function orderedConsumerFilter(prefix: string, producer: Producer, subjects: readonly string[], serverVersion: string | undefined): ConsumerFilter {
  const wanted = [...new Set(subjects)].sort();
  if (wanted.length === 1) return { filter_subject: `${prefix}.${wanted[0]}` };
  if (wanted.length > 1 && filtersManySubjects(serverVersion)) return { filter_subjects: wanted.map((subject) => `${prefix}.${subject}`) };
  return { filter_subject: `${prefix}.${producer}.>` };
}

/** Whether a spec is applied by a consumer of its own rather than its producer's ordered one. */
export function isIndependent(spec: Pick<ConsumerSpec, 'concurrency'>): boolean {
  return (spec.concurrency ?? 1) > 1;
}

/** What startConsumer needs: the connections, the service's specs for one consumer, and its limits. */
export interface StartConsumerOptions<Tx> {
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
  /** Deliveries before an event goes to the dead-letter stream (default MAX_DELIVER). */
  maxDeliver?: number;
  /** Delay before redelivering a failed event (default: exponential, 2 s … 60 s). */
  retryDelayMs?: (attempt: number) => number;
  /**
   * Consume only this event type, `concurrency` at a time, under its own durable
   * (`ConsumerSpec.concurrency`). Without it: everything the producer publishes, one at a time.
   */
  independent?: { contract: EventContract; concurrency: number };
  /**
   * Durables of this service that its plan no longer has (consumer-handover.ts). Should this
   * consumer's durable not exist yet, it starts just past what those covering its subjects had
   * acknowledged instead of at the stream's beginning.
   */
  handover?: readonly ConsumerInfo[];
}

/**
 * A durable pull consumer of one producer's events, applying the events this service handles at
 * most once through the inbox, in the producer's commit order (filtered to the subjects handled
 * where the server allows: `orderedConsumerFilter`).
 *
 * One consumer per producer (not per event type) is what keeps "registered, then suspended" in
 * that order: separate consumers would race each other. Events of types the service does not
 * handle are acknowledged and skipped.
 *
 * Ack only after the effect's transaction committed. A crash before the ack redelivers the event;
 * the inbox row written with the effect makes the second delivery a no-op.
 *
 * Nothing is dropped: an event whose handler failed `maxDeliver` times, that was delivered more
 * often than that without finishing (the process died handling it), or that breaks its contract is
 * written to the dead-letter stream (created when first needed) with the reason (dead-letters.ts)
 * and only then terminated. The
 * server-side `max_deliver` is unlimited so JetStream never silently gives up on an event itself;
 * if the dead letter cannot be written, the event is redelivered and tried again.
 */
export async function startConsumer<Tx extends AnyPgTx>(options: StartConsumerOptions<Tx>): Promise<RunningConsumer> {
  const { service, producer, nc, jsm, stream, prefix, db, specs, logger, independent } = options;
  const maxDeliver = options.maxDeliver ?? MAX_DELIVER;
  const retryDelayMs = options.retryDelayMs ?? defaultRetryDelayMs;
  const durable = independent ? independentDurableName(service, independent.contract) : durableName(service, producer);
  const concurrency = independent ? Math.max(1, Math.floor(independent.concurrency)) : 1;
  // An independent type whose every spec can apply a batch: up to MAX_BATCH events a transaction.
  const batchSize = concurrency > 1 && specs.length > 0 && specs.every((spec) => spec.handleBatch) ? MAX_BATCH : 1;
  // Several specs may handle one subject (a shared replica and a service's own rule): they run in
  // order, in the same transaction, so the event is applied wholly or not at all.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const bySubject = new Map<string, ConsumerSpec<any, Tx>[]>();
  for (const spec of specs) {
    const subject = `${prefix}.${spec.contract.subject}`;
    bySubject.set(subject, [...(bySubject.get(subject) ?? []), spec]);
  }
  const filter: ConsumerFilter = independent
    ? { filter_subject: `${prefix}.${independent.contract.subject}` }
    : orderedConsumerFilter(prefix, producer, specs.map((spec) => spec.contract.subject), nc.info?.version);
  const log = logger.child({ consumer: durable });
  const config = {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ...filter,
    ack_wait: nanos(30_000),
    // Unlimited on the server: this consumer decides when to give up, and dead-letters the event.
    max_deliver: -1,
    // Ordered: one message at a time, the next event of a producer is applied only after the
    // previous one. Independent: enough in hand to keep every slot busy with a whole batch.
    max_ack_pending: concurrency === 1 ? 1 : concurrency * Math.max(2, batchSize),
  };
  await ensureDurable(jsm, stream, { config, handled: [...bySubject.keys()], independent: concurrency > 1 }, options.handover ?? [], log);
  const js = jetstream(nc);
  const consumer = await js.consumers.get(stream, durable);
  const counts: HandlingContext['counts'] = { applied: 0, deadLettered: 0, batches: 0, batched: 0 };
  let receiving = true;
  const handling: HandlingContext = { js, jsm, prefix, stream, durable, maxDeliver, retryDelayMs, counts };
  let messages: ConsumerMessages | null = await consumer.consume({ max_messages: Math.max(64, config.max_ack_pending) });
  watchStatus(messages, log);
  // Independent events run up to `concurrency` at once; the ordered consumer awaits each one.
  const inFlight = new Set<Promise<void>>();
  // Batched: the events that arrived while every slot was busy, applied together when one frees.
  // Nothing waits to fill a batch — an event arriving at a free slot is applied at once, alone —
  // so batches only grow under a burst, where they pay.
  const waiting: JsMsg[] = [];
  let stopped = false;
  const startBatches = () => {
    while (!stopped && inFlight.size < concurrency && waiting.length > 0) {
      const batch = waiting.splice(0, batchSize);
      const running: Promise<void> = applyBatch(batch, bySubject.get(batch[0]!.subject)!, db, handling, log)
        .catch((error) => log.error({ err: error }, 'event handling failed; the batch will be delivered again'))
        .finally(() => {
          inFlight.delete(running);
          startBatches();
        });
      inFlight.add(running);
    }
  };
  const loop = (async () => {
    for await (const msg of messages!) {
      const handlers = bySubject.get(msg.subject);
      if (!handlers) {
        msg.ack(); // an event type this service does not react to (or one consumed on its own)
        continue;
      }
      if (concurrency === 1) {
        await handleMessage(msg, handlers, db, handling, log);
        continue;
      }
      if (batchSize > 1) {
        // Bounded by max_ack_pending: the server hands out no more than that unacknowledged.
        waiting.push(msg);
        startBatches();
        continue;
      }
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
      const running: Promise<void> = handleMessage(msg, handlers, db, handling, log)
        .catch((error) => log.error({ err: error, seq: msg.seq }, 'event handling failed; it will be delivered again'))
        .finally(() => inFlight.delete(running));
      inFlight.add(running);
    }
    while (inFlight.size > 0) await Promise.all(inFlight);
  })();
  // The pull ends by itself only when nothing will bring it back — the durable deleted from under
  // it, the connection closed, NATS refusing it — so it is not restarted here, but it must never
  // end unseen: the service would go on serving without applying another event.
  const ended = (error?: unknown) => {
    if (stopped) return;
    receiving = false;
    log.error(error === undefined ? {} : { err: error }, 'the consumer stopped receiving events; restart the service once the cause is mended');
  };
  void loop.then(() => ended(), ended);
  return {
    durable,
    stats: () => ({ ...counts, receiving }),
    async stop() {
      const m = messages;
      messages = null;
      stopped = true;
      // stop() ends the iterator without waiting for the open pull request to expire; the
      // message being handled finishes first. Messages buffered or waiting for a batch but not
      // handled are never acked, so JetStream redelivers them to the next run.
      m?.stop();
      await loop.catch(() => {});
    },
  };
}

/** What a consumer's pull reports that an operator would want to see: it has stopped receiving. */
const TROUBLE = new Set(['heartbeats_missed', 'consumer_not_found', 'stream_not_found', 'consumer_deleted', 'no_responders', 'exceeded_limits']);

function watchStatus(messages: ConsumerMessages, log: Logger): void {
  void (async () => {
    for await (const note of messages.status()) {
      if (TROUBLE.has(note.type)) log.warn({ nats: note }, 'the consumer is not receiving events');
    }
  })().catch(() => {});
}

/** What applying an event needs beyond its handlers: where dead letters go, retry policy, counts. */
interface HandlingContext {
  /** What the consumer reports in its stats: updated as events are applied or dead-lettered. */
  counts: Omit<ConsumerStats, 'receiving'>;
  js: JetStreamClient;
  jsm: JetStreamManager;
  prefix: string;
  stream: string;
  durable: string;
  maxDeliver: number;
  retryDelayMs: (attempt: number) => number;
}

/**
 * Moves the message to the dead-letter stream, then terminates it. When the dead letter cannot be
 * written the message is nak'ed instead: it comes back and is dead-lettered on a later delivery.
 */
async function deadLetter(msg: JsMsg, reason: string, context: HandlingContext, log: Logger): Promise<void> {
  try {
    await publishDeadLetter(context.js, context.jsm, {
      prefix: context.prefix,
      consumer: context.durable,
      stream: msg.info.stream || context.stream,
      streamSequence: msg.seq,
      subject: msg.subject,
      data: msg.data,
      headers: msg.headers,
      reason,
      attempts: msg.info.deliveryCount,
    });
  } catch (error) {
    log.error({ err: error, seq: msg.seq }, 'could not write the dead letter; the event will be delivered again');
    msg.nak(context.retryDelayMs(msg.info.deliveryCount));
    return;
  }
  context.counts.deadLettered += 1;
  log.error({ seq: msg.seq, reason }, 'event moved to the dead-letter stream');
  // No reason on the wire: nats-server before 2.10 ignores "+TERM <reason>" entirely (the event
  // would come back after ack_wait, forever). The reason is in the dead letter.
  msg.term();
}

/**
 * Applies a batch of an independent type's events in one transaction through the specs'
 * `handleBatch`, with one inbox row each, and acknowledges them once it committed. What does not
 * fit that path goes through `handleMessage`, one at a time, as an unbatched consumer would:
 * an event delivered before (it failed, or the process died with it: its attempts count) and —
 * should the batch's transaction fail — every event of the batch, so one bad event costs its
 * neighbours a retry but never their effect. One that breaks its contract is dead-lettered here.
 */
async function applyBatch<C extends EventContract, Tx extends AnyPgTx>(
  msgs: JsMsg[],
  handlers: ConsumerSpec<C, Tx>[],
  db: TransactionalDb<Tx>,
  context: HandlingContext,
  log: Logger,
): Promise<void> {
  const fresh: { msg: JsMsg; event: CloudEvent<EventData<C>> }[] = [];
  const oneByOne: JsMsg[] = [];
  for (const msg of msgs) {
    if (msg.info.deliveryCount > 1) {
      oneByOne.push(msg);
      continue;
    }
    const read = readEvent(handlers[0]!.contract, msg);
    if ('event' in read) fresh.push({ msg, event: read.event });
    else await deadLetter(msg, read.violation, context, log);
  }
  if (fresh.length > 0) {
    try {
      const applied = await db.transaction(async (tx) => {
        const claimed = await tx
          .insert(inbox)
          .values(fresh.map(({ event }) => ({ consumer: context.durable, eventId: event.id, eventType: event.type })))
          .onConflictDoNothing()
          .returning({ eventId: inbox.eventId });
        // Applied before (a redelivery) are not claimed; one event twice in a batch, once.
        const unclaimed = new Set(claimed.map((row) => row.eventId));
        const events = fresh.map(({ event }) => event).filter((event) => unclaimed.delete(event.id));
        if (events.length === 0) return 0;
        for (const { handleBatch } of handlers) await handleBatch!(tx, events);
        return events.length;
      });
      context.counts.applied += applied;
      if (applied > 1) {
        context.counts.batches += 1;
        context.counts.batched += applied;
      }
      for (const { msg } of fresh) msg.ack();
    } catch (error) {
      log.warn({ err: error, events: fresh.length }, 'a batch of events failed; applying them one at a time');
      oneByOne.push(...fresh.map(({ msg }) => msg));
    }
  }
  for (const msg of oneByOne) await handleMessage(msg, handlers, db, context, log);
}

/** The event a message carries, or why it breaks its contract — it never will succeed: dead-letter it. */
function readEvent<C extends EventContract>(contract: C, msg: JsMsg): { event: CloudEvent<EventData<C>> } | { violation: string } {
  try {
    return { event: parseCloudEvent(contract, msg.json()) };
  } catch (error) {
    const detail = error instanceof EventContractError ? error.message : `unparseable: ${String(error)}`;
    return { violation: `contract violation: ${detail}` };
  }
}

async function handleMessage<C extends EventContract, Tx extends AnyPgTx>(
  msg: JsMsg,
  handlers: ConsumerSpec<C, Tx>[],
  db: TransactionalDb<Tx>,
  context: HandlingContext,
  log: Logger,
): Promise<void> {
  const durable = context.durable;
  const read = readEvent(handlers[0]!.contract, msg);
  if (!('event' in read)) {
    // A message that breaks its contract will never succeed: stop redelivering it.
    await deadLetter(msg, read.violation, context, log);
    return;
  }
  const { event } = read;
  const attempt = msg.info.deliveryCount;
  if (attempt > context.maxDeliver) {
    // Delivered more often than allowed without ever finishing: the process died handling it
    // (or the dead letter could not be written last time). Do not run the handler again — unless
    // it was in fact applied and only the ack got lost.
    const applied = await db
      .transaction((tx) =>
        tx
          .select({ eventId: inbox.eventId })
          .from(inbox)
          .where(and(eq(inbox.consumer, durable), eq(inbox.eventId, event.id))),
      )
      .then((rows) => rows.length > 0)
      .catch(() => false);
    if (applied) msg.ack();
    else await deadLetter(msg, `delivered ${attempt - 1} times without completing`, context, log);
    return;
  }
  try {
    const applied = await db.transaction(async (tx) => {
      const claimed = await tx
        .insert(inbox)
        .values({ consumer: durable, eventId: event.id, eventType: event.type })
        .onConflictDoNothing()
        .returning({ eventId: inbox.eventId });
      if (claimed.length === 0) return false; // applied before: a redelivery
      for (const { handle } of handlers) await handle(tx, event);
      return true;
    });
    if (applied) context.counts.applied += 1;
    msg.ack();
  } catch (error) {
    if (attempt >= context.maxDeliver) {
      await deadLetter(msg, `handler failed ${attempt} times: ${error instanceof Error ? error.message : String(error)}`, context, log);
      return;
    }
    log.warn({ err: error, eventId: event.id, attempt }, 'event handler failed; will be redelivered');
    msg.nak(context.retryDelayMs(attempt));
  }
}
