import { jetstream, type ConsumerMessages, type JetStreamClient, type JsMsg } from '@nats-io/jetstream';
import { connect, nkeyAuthenticator, wsconnect, type NatsConnection } from '@nats-io/transport-node';
import { EventContractError } from '@sanshe/events';
import { loadPartnerCredentials, partnerCredentialsSchema, type PartnerCredentials } from './credentials.ts';
import { parsePartnerEvent, UnknownEventTypeError, type PartnerEvent } from './events.ts';

export interface ConnectPartnerOptions {
  /** The credentials file's content, or its path. */
  credentials: PartnerCredentials | string;
  /** Overrides the servers in the credentials (`wss://…` for WebSocket, `nats://…` for TCP). */
  servers?: string | string[];
  /** Connection name the platform sees in its monitoring. */
  name?: string;
  /** Timeout of JetStream API and replay requests (default 10 s). */
  requestTimeoutMs?: number;
}

/** One delivery of one event. Settle it exactly once: ack, nak or term. */
export interface Delivery<E extends PartnerEvent = PartnerEvent> {
  event: E;
  /** The NATS subject: `<prefix>.<name>.v<N>`. */
  subject: string;
  /** Position in the platform's event stream (what `replay --seq` takes). */
  streamSequence: number;
  /** 1 on the first delivery; more when the event came again (not acked in time, nak, replay). */
  deliveryCount: number;
  redelivered: boolean;
  /** When the platform stored the event. */
  storedAt: string;
  /** Done with it. Resolves once the platform confirmed the ack (false: not confirmed, it may come again). */
  ack(): Promise<boolean>;
  /** Not now: deliver it again after `delayMs` (counts towards the partner's maxDeliver). */
  nak(delayMs?: number): void;
  /** Never: the platform moves it to the dead letters with this reason. */
  term(reason?: string): void;
  /** Still working on it: extends the ack deadline. */
  working(): void;
  readonly settled: boolean;
}

export interface InvalidDelivery {
  subject: string;
  streamSequence: number;
  error: Error;
}

export interface DeliveriesOptions {
  signal?: AbortSignal;
  /** Messages pulled at a time (default 64). */
  batch?: number;
  /** Pull request lifetime in ms (default 30 s); shorter notices a replaced consumer sooner. */
  expiresMs?: number;
  /** Called for a message that breaks its contract or has a type this SDK does not know; it is terminated (→ dead letters). */
  onInvalid?: (invalid: InvalidDelivery) => void;
}

export interface ConsumeOptions extends DeliveriesOptions {
  /** Called when the handler throws; the delivery is nak'ed with a backoff. */
  onError?: (error: unknown, delivery: Delivery) => void;
  /** Delay before a failed event comes again (default: 1 s, 2 s, 4 s … 60 s). */
  retryDelayMs?: (deliveryCount: number) => number;
}

export interface ConsumeHandle {
  stop(): Promise<void>;
  /** Settles when consuming stopped (stop(), close(), or the signal). */
  done: Promise<void>;
}

export type ReplayRequest = { since: Date | string } | { seq: number };
export type ReplayReply = { ok: true; partner: string; durable: string; from: string; pending: number } | { ok: false; error: string };

export interface ConsumerState {
  /** Events not delivered yet. */
  pending: number;
  /** Delivered, not acknowledged yet. */
  ackPending: number;
  redelivered: number;
  /** Stream sequence up to which everything is acknowledged. */
  ackFloor: number;
}

export interface PartnerClient {
  partnerId: string;
  credentials: PartnerCredentials;
  connection: NatsConnection;
  /** Deliveries as an async iterable; survives server restarts and replays. You ack. */
  deliveries(options?: DeliveriesOptions): AsyncIterable<Delivery>;
  /** Runs `handler` for every event; acks when it returns, naks (with backoff) when it throws. */
  consume(handler: (event: PartnerEvent, delivery: Delivery) => unknown, options?: ConsumeOptions): ConsumeHandle;
  /** The consumer's counters (pending, ack pending …). */
  state(): Promise<ConsumerState>;
  /** Asks the platform to restart this partner's consumer from a time or stream sequence. */
  requestReplay(request: ReplayRequest): Promise<ReplayReply>;
  close(): Promise<void>;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });

function defaultRetryDelay(deliveryCount: number): number {
  return Math.min(1000 * 2 ** Math.max(0, deliveryCount - 1), 60_000);
}

function toDelivery(msg: JsMsg, event: PartnerEvent): Delivery {
  let settled = false;
  const settle = () => {
    if (settled) throw new Error(`delivery ${msg.seq} (${event.id}) was already acked, nak'ed or terminated`);
    settled = true;
  };
  return {
    event,
    subject: msg.subject,
    streamSequence: msg.seq,
    deliveryCount: msg.info.deliveryCount,
    redelivered: msg.redelivered,
    storedAt: msg.timestamp,
    async ack() {
      settle();
      try {
        return await msg.ackAck({ timeout: 5000 });
      } catch {
        return false;
      }
    },
    nak(delayMs) {
      settle();
      msg.nak(delayMs);
    },
    term(reason) {
      settle();
      msg.term(reason);
    },
    working() {
      msg.working();
    },
    get settled() {
      return settled;
    },
  };
}

/**
 * Connects with the partner's credentials. Waits for the server if it is not there yet and
 * reconnects forever; deliveries resume by themselves.
 */
export async function connectPartner(options: ConnectPartnerOptions): Promise<PartnerClient> {
  const credentials =
    typeof options.credentials === 'string' ? loadPartnerCredentials(options.credentials) : partnerCredentialsSchema.parse(options.credentials);
  const servers = options.servers === undefined ? credentials.servers : Array.isArray(options.servers) ? options.servers : [options.servers];
  const timeout = options.requestTimeoutMs ?? 10_000;
  const connectionOptions = {
    servers,
    name: options.name ?? `partner:${credentials.partner}`,
    authenticator: nkeyAuthenticator(new TextEncoder().encode(credentials.seed)),
    waitOnFirstConnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1000,
    timeout,
  };
  const nc = /^wss?:\/\//.test(servers[0] ?? '') ? await wsconnect(connectionOptions) : await connect(connectionOptions);
  const js: JetStreamClient = jetstream(nc, { apiPrefix: credentials.apiPrefix, timeout });
  const active = new Set<ConsumerMessages>();
  let closed = false;

  async function* deliveries(opts: DeliveriesOptions = {}): AsyncGenerator<Delivery> {
    const { signal } = opts;
    let backoff = 250;
    while (!closed && !signal?.aborted && !nc.isClosed()) {
      let messages: ConsumerMessages;
      try {
        const consumer = await js.consumers.get(credentials.stream, credentials.durable);
        messages = await consumer.consume({ max_messages: opts.batch ?? 64, expires: opts.expiresMs ?? 30_000 });
        backoff = 250;
      } catch {
        // Not reachable, or being replaced by a replay: try again.
        await sleep(backoff, signal);
        backoff = Math.min(backoff * 2, 5000);
        continue;
      }
      active.add(messages);
      const onAbort = () => messages.stop();
      signal?.addEventListener('abort', onAbort, { once: true });
      // A replay deletes and recreates the durable: start over on the new one.
      void (async () => {
        for await (const status of messages.status()) {
          if (status.type === 'consumer_deleted' || status.type === 'consumer_not_found') {
            messages.stop();
            break;
          }
        }
      })().catch(() => {});
      try {
        for await (const msg of messages) {
          let event: PartnerEvent;
          try {
            event = parsePartnerEvent(msg.json());
          } catch (error) {
            const reason =
              error instanceof UnknownEventTypeError
                ? error.message
                : error instanceof EventContractError
                  ? `contract violation: ${error.message}`
                  : `not a CloudEvent: ${(error as Error).message}`;
            msg.term(reason.slice(0, 500));
            opts.onInvalid?.({ subject: msg.subject, streamSequence: msg.seq, error: error as Error });
            continue;
          }
          yield toDelivery(msg, event);
        }
      } catch {
        // The pull loop failed (connection closed under it, …): start over after a pause.
        await sleep(backoff, signal);
      } finally {
        signal?.removeEventListener('abort', onAbort);
        active.delete(messages);
        messages.stop();
      }
    }
  }

  return {
    partnerId: credentials.partner,
    credentials,
    connection: nc,
    deliveries,
    consume(handler, opts = {}) {
      const controller = new AbortController();
      opts.signal?.addEventListener('abort', () => controller.abort(), { once: true });
      const retryDelay = opts.retryDelayMs ?? defaultRetryDelay;
      const done = (async () => {
        for await (const delivery of deliveries({ ...opts, signal: controller.signal })) {
          try {
            await handler(delivery.event, delivery);
            if (!delivery.settled) await delivery.ack();
          } catch (error) {
            opts.onError?.(error, delivery);
            if (!delivery.settled) delivery.nak(retryDelay(delivery.deliveryCount));
          }
        }
      })();
      return {
        done,
        async stop() {
          controller.abort();
          await done.catch(() => {});
        },
      };
    },
    async state() {
      const info = await (await js.consumers.get(credentials.stream, credentials.durable)).info();
      return { pending: info.num_pending, ackPending: info.num_ack_pending, redelivered: info.num_redelivered, ackFloor: info.ack_floor.stream_seq };
    },
    async requestReplay(request) {
      const body = 'since' in request ? { since: typeof request.since === 'string' ? request.since : request.since.toISOString() } : { seq: request.seq };
      let reply;
      try {
        reply = await nc.request(credentials.replaySubject, JSON.stringify(body), { timeout });
      } catch (error) {
        throw new Error(`the platform did not answer the replay request on ${credentials.replaySubject}: ${(error as Error).message}`);
      }
      return reply.json<ReplayReply>();
    },
    async close() {
      closed = true;
      for (const messages of active) messages.stop();
      await nc.drain().catch(() => nc.close());
    },
  };
}
