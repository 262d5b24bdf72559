import type { RelayChannel, RelayTarget } from '../response-cache/cluster-relay.ts';
import { isWorkerCounters, sumCounters, type GatewayCounters, type WorkerCounters } from './counters.ts';

/**
 * `/metrics` of a cluster, whichever worker the scrape reaches. Each worker keeps its own counters,
 * and workers cannot talk to each other, so the worker asked sends a request to the primary; the
 * primary asks every live worker for its counters (the asking one included), sums the replies and
 * sends the total back. A worker that does not answer in time is left out, and the page says how
 * many answered.
 */
export const METRICS_REQUEST = 'sanshe:gateway:metrics:request';
export const METRICS_COLLECT = 'sanshe:gateway:metrics:collect';
export const METRICS_REPLY = 'sanshe:gateway:metrics:reply';
export const METRICS_RESULT = 'sanshe:gateway:metrics:result';

export interface ClusterTotals {
  counters: WorkerCounters;
  answered: number;
  expected: number;
}

export type MetricsMessage =
  | { type: typeof METRICS_REQUEST; id: string }
  | { type: typeof METRICS_COLLECT; id: string }
  | { type: typeof METRICS_REPLY; id: string; counters: WorkerCounters }
  | ({ type: typeof METRICS_RESULT; id: string } & ClusterTotals);

export function isMetricsMessage(message: unknown): message is MetricsMessage {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Record<string, unknown>;
  if (typeof m.id !== 'string') return false;
  switch (m.type) {
    case METRICS_REQUEST:
    case METRICS_COLLECT:
      return true;
    case METRICS_REPLY:
      return isWorkerCounters(m.counters);
    case METRICS_RESULT:
      return isWorkerCounters(m.counters) && Number.isInteger(m.answered) && Number.isInteger(m.expected);
    default:
      return false;
  }
}

export interface WorkerMetrics {
  /** The cluster's totals; rejects when the primary does not answer in time. */
  collect(): Promise<ClusterTotals>;
  close(): void;
}

/** A worker's side: answers the primary's collections, and asks for the cluster's totals. */
export function workerMetrics(counters: GatewayCounters, channel: RelayChannel<MetricsMessage> | null, timeoutMs = 2_000): WorkerMetrics {
  if (!channel) {
    return { collect: async () => ({ counters: counters.read(), answered: 1, expected: 1 }), close() {} };
  }
  const waiting = new Map<string, (totals: ClusterTotals) => void>();
  let next = 0;
  const unsubscribe = channel.subscribe((message) => {
    if (!isMetricsMessage(message)) return;
    if (message.type === METRICS_COLLECT) channel.send({ type: METRICS_REPLY, id: message.id, counters: counters.read() });
    else if (message.type === METRICS_RESULT) waiting.get(message.id)?.(message);
  });
  return {
    collect() {
      next += 1;
      const id = String(next);
      return new Promise<ClusterTotals>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error('the gateway primary did not answer'));
        }, timeoutMs);
        waiting.set(id, ({ counters: total, answered, expected }) => {
          clearTimeout(timer);
          waiting.delete(id);
          resolve({ counters: total, answered, expected });
        });
        channel.send({ type: METRICS_REQUEST, id });
      });
    },
    close: unsubscribe,
  };
}

interface Collection {
  requester: RelayTarget<MetricsMessage>;
  requestId: string;
  expected: number;
  replies: WorkerCounters[];
  timer: NodeJS.Timeout;
}

/** The primary's side: fans a worker's request out to every live worker and the sum back in. */
export class MetricsCollector {
  readonly #pending = new Map<string, Collection>();
  readonly #timeoutMs: number;
  #next = 0;

  constructor(timeoutMs = 1_000) {
    this.#timeoutMs = timeoutMs;
  }

  /** Handles `message` from `from` if it is a metrics message; false when it is not one. */
  handle(from: RelayTarget<MetricsMessage>, message: unknown, workers: Iterable<RelayTarget<MetricsMessage>>): boolean {
    if (!isMetricsMessage(message)) return false;
    if (message.type === METRICS_REQUEST) {
      this.#next += 1;
      const key = `collection-${this.#next}`;
      const targets = [...workers].filter((w) => w.isConnected());
      const collection: Collection = {
        requester: from,
        requestId: message.id,
        expected: targets.length,
        replies: [],
        timer: setTimeout(() => this.#finish(key), this.#timeoutMs),
      };
      this.#pending.set(key, collection);
      // A worker that disconnects meanwhile never answers: the timeout finishes without it.
      for (const worker of targets) worker.send({ type: METRICS_COLLECT, id: key }, undefined, undefined, () => {});
      if (targets.length === 0) this.#finish(key);
    } else if (message.type === METRICS_REPLY) {
      const collection = this.#pending.get(message.id);
      if (collection) {
        collection.replies.push(message.counters);
        if (collection.replies.length >= collection.expected) this.#finish(message.id);
      }
    }
    return true;
  }

  #finish(key: string): void {
    const collection = this.#pending.get(key);
    if (!collection) return;
    this.#pending.delete(key);
    clearTimeout(collection.timer);
    if (!collection.requester.isConnected()) return;
    collection.requester.send(
      { type: METRICS_RESULT, id: collection.requestId, counters: sumCounters(collection.replies), answered: collection.replies.length, expected: collection.expected },
      undefined,
      undefined,
      () => {},
    );
  }
}
