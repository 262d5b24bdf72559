import cluster from 'node:cluster';
import type { CachedBody, ResponseCache } from './store.ts';

/**
 * One cache per cluster, in effect. Each gateway worker is its own process with its own cache;
 * without this every worker would compute every public answer itself, and a mutation would empty
 * only the cache of the worker that ran it. So a worker tells the primary what it stored and what
 * it cleared, and the primary relays that to every other worker (workers cannot talk to each other
 * directly over node:cluster IPC).
 *
 * A worker also says when it starts refreshing a stale entry, so that the others leave that key
 * alone until the result arrives (store.ts, `refreshingElsewhere`). Without it, every worker's
 * line of stale keys (refresh.ts) held the same keys in the same order — they go stale at the same
 * moment everywhere, their entries being shared — and the workers refreshed each key about at once,
 * each doing the other's work.
 *
 * A relayed entry keeps the storedAt of the worker that read it, so it expires everywhere at the
 * same moment, and the receiving cache refuses it if it was read before that cache's last clear
 * (store.ts) — an entry and a clear can cross in the primary. Received messages are applied, never
 * sent on, so nothing loops.
 *
 * Outside a cluster worker (tests create the gateway in-process, `startGateway` run directly) there
 * is nobody to tell: the relay does nothing. The vitest fork pool gives its workers an IPC channel
 * too, which is why this checks `cluster.isWorker` and not just `process.send`.
 */
export const RESPONSE_CACHE_ENTRY_MESSAGE = 'sanshe:gateway:response-cache:entry';
export const RESPONSE_CACHE_CLEAR_MESSAGE = 'sanshe:gateway:response-cache:clear';
export const RESPONSE_CACHE_REFRESHING_MESSAGE = 'sanshe:gateway:response-cache:refreshing';

/**
 * How long the other workers leave a key alone after a worker started refreshing it, unless its
 * result arrives first. A refresh that fails sends nothing: the key is refreshed again after this.
 */
export const REFRESH_CLAIM_MS = 10_000;

export interface ResponseCacheEntryMessage {
  type: typeof RESPONSE_CACHE_ENTRY_MESSAGE;
  key: string;
  body: CachedBody;
  storedAt: number;
}

export interface ResponseCacheClearMessage {
  type: typeof RESPONSE_CACHE_CLEAR_MESSAGE;
  clearedAt: number;
}

export interface ResponseCacheRefreshingMessage {
  type: typeof RESPONSE_CACHE_REFRESHING_MESSAGE;
  key: string;
  startedAt: number;
}

export type ResponseCacheMessage = ResponseCacheEntryMessage | ResponseCacheClearMessage | ResponseCacheRefreshingMessage;

export function isResponseCacheMessage(message: unknown): message is ResponseCacheMessage {
  if (typeof message !== 'object' || message === null) return false;
  const m = message as Record<string, unknown>;
  if (m.type === RESPONSE_CACHE_CLEAR_MESSAGE) return typeof m.clearedAt === 'number' && Number.isFinite(m.clearedAt);
  if (m.type === RESPONSE_CACHE_REFRESHING_MESSAGE) return typeof m.key === 'string' && typeof m.startedAt === 'number' && Number.isFinite(m.startedAt);
  return (
    m.type === RESPONSE_CACHE_ENTRY_MESSAGE &&
    typeof m.key === 'string' &&
    typeof m.storedAt === 'number' &&
    Number.isFinite(m.storedAt) &&
    typeof m.body === 'object' &&
    m.body !== null
  );
}

/** What a worker publishes; `noRelay` when there are no other workers. */
export interface ResponseCacheRelay {
  publishEntry(key: string, body: CachedBody, storedAt: number): void;
  publishClear(clearedAt: number): void;
  publishRefreshing(key: string, startedAt: number): void;
  close(): void;
}

export const noRelay: ResponseCacheRelay = { publishEntry() {}, publishClear() {}, publishRefreshing() {}, close() {} };

/** A worker's link to the primary; an interface so tests can wire workers together in memory. */
export interface RelayChannel<Message = ResponseCacheMessage> {
  send(message: Message): void;
  /** Returns the unsubscribe function. */
  subscribe(listener: (message: unknown) => void): () => void;
}

/** The IPC channel to the primary, or null when this process is not a cluster worker. */
export function clusterWorkerChannel<Message = ResponseCacheMessage>(): RelayChannel<Message> | null {
  if (!cluster.isWorker || typeof process.send !== 'function') return null;
  return {
    send(message) {
      // The callback takes a closed-channel error (primary gone): that worker is stopping anyway.
      if (process.connected) process.send!(message, undefined, undefined, () => {});
    },
    subscribe(listener) {
      process.on('message', listener);
      return () => process.off('message', listener);
    },
  };
}

/**
 * Publishes this worker's stores and clears through `channel` and applies the other workers'.
 * With no channel (not a cluster worker, or the only worker) it is `noRelay`.
 */
export function connectRelay(cache: ResponseCache, channel: RelayChannel | null): ResponseCacheRelay {
  if (!channel) return noRelay;
  const unsubscribe = channel.subscribe((message) => {
    if (!isResponseCacheMessage(message)) return;
    if (message.type === RESPONSE_CACHE_CLEAR_MESSAGE) cache.clear(message.clearedAt);
    else if (message.type === RESPONSE_CACHE_REFRESHING_MESSAGE) cache.noteRefreshElsewhere(message.key, message.startedAt, message.startedAt + REFRESH_CLAIM_MS);
    else cache.set(message.key, message.body, message.storedAt);
  });
  return {
    publishEntry(key, body, storedAt) {
      channel.send({ type: RESPONSE_CACHE_ENTRY_MESSAGE, key, body, storedAt });
    },
    publishClear(clearedAt) {
      channel.send({ type: RESPONSE_CACHE_CLEAR_MESSAGE, clearedAt });
    },
    publishRefreshing(key, startedAt) {
      channel.send({ type: RESPONSE_CACHE_REFRESHING_MESSAGE, key, startedAt });
    },
    close: unsubscribe,
  };
}

/** The primary's side: what the primary needs of a worker to pass a message on. */
export interface RelayTarget<Message = ResponseCacheMessage> {
  id: number;
  isConnected(): boolean;
  send(message: Message, sendHandle?: undefined, options?: undefined, callback?: (error: Error | null) => void): boolean;
}

/** Passes a worker's message to every other connected worker; returns how many it went to. */
export function relayToOtherWorkers(from: { id: number }, message: ResponseCacheMessage, workers: Iterable<RelayTarget>): number {
  let sent = 0;
  for (const worker of workers) {
    if (worker.id === from.id || !worker.isConnected()) continue;
    // A worker that disconnects meanwhile is being replaced; its error is not ours to handle.
    worker.send(message, undefined, undefined, () => {});
    sent += 1;
  }
  return sent;
}
