import { describe, expect, it } from 'vitest';
import {
  clusterWorkerChannel,
  connectRelay,
  isResponseCacheMessage,
  noRelay,
  relayToOtherWorkers,
  RESPONSE_CACHE_CLEAR_MESSAGE,
  RESPONSE_CACHE_ENTRY_MESSAGE,
  RESPONSE_CACHE_REFRESHING_MESSAGE,
  REFRESH_CLAIM_MS,
  type RelayTarget,
  type ResponseCacheMessage,
} from '../../../src/response-cache/cluster-relay.ts';
import { ResponseCache } from '../../../src/response-cache/store.ts';

function target(id: number, connected = true) {
  const received: unknown[] = [];
  const worker: RelayTarget = {
    id,
    isConnected: () => connected,
    send(message) {
      received.push(message);
      return true;
    },
  };
  return { worker, received };
}

describe('response cache relay', () => {
  it('does nothing outside a cluster worker (the gateway created in-process)', () => {
    // The vitest fork has an IPC channel of its own; it must not receive the cache's messages.
    expect(typeof process.send).toBe('function');
    expect(clusterWorkerChannel()).toBeNull();
    const cache = new ResponseCache({ ttlMs: 1_000, maxEntries: 10 });
    expect(connectRelay(cache, null)).toBe(noRelay);
  });

  it('relays a worker’s message to every other connected worker, not back to the sender', () => {
    const [a, b, c, gone] = [target(1), target(2), target(3), target(4, false)];
    const message: ResponseCacheMessage = { type: RESPONSE_CACHE_CLEAR_MESSAGE, clearedAt: 5 };
    expect(relayToOtherWorkers({ id: 2 }, message, [a.worker, b.worker, c.worker, gone.worker])).toBe(2);
    expect(a.received).toEqual([message]);
    expect(b.received).toEqual([]);
    expect(c.received).toEqual([message]);
    expect(gone.received).toEqual([]);
  });

  it('applies relayed entries and clears, ignores anything else, and stops listening on close', () => {
    let now = 10_000;
    const cache = new ResponseCache({ ttlMs: 1_000, maxEntries: 10, now: () => now });
    let listener: ((message: unknown) => void) | null = null;
    const sent: ResponseCacheMessage[] = [];
    const relay = connectRelay(cache, {
      send: (message) => sent.push(message),
      subscribe(l) {
        listener = l;
        return () => (listener = null);
      },
    });

    listener!({ type: RESPONSE_CACHE_ENTRY_MESSAGE, key: 'k', body: { data: { x: 1 } }, storedAt: 9_500 });
    expect(cache.lookup('k')).toEqual({ state: 'fresh', body: { data: { x: 1 } }, storedAt: 9_500 });
    // Applying a relayed entry does not send it on.
    expect(sent).toEqual([]);

    listener!('sanshe:gateway:shutdown');
    listener!({ type: RESPONSE_CACHE_ENTRY_MESSAGE, key: 'k2', body: null, storedAt: 9_500 });
    expect(cache.size).toBe(1);

    listener!({ type: RESPONSE_CACHE_CLEAR_MESSAGE, clearedAt: 9_900 });
    expect(cache.size).toBe(0);
    // An entry read before the other worker's mutation, arriving after its clear.
    listener!({ type: RESPONSE_CACHE_ENTRY_MESSAGE, key: 'k', body: { data: { x: 1 } }, storedAt: 9_800 });
    expect(cache.size).toBe(0);

    // Another worker's refresh of k starts: this worker leaves k alone for REFRESH_CLAIM_MS.
    listener!({ type: RESPONSE_CACHE_REFRESHING_MESSAGE, key: 'k', startedAt: now });
    expect(cache.refreshingElsewhere('k')).toBe(true);
    now += REFRESH_CLAIM_MS;
    expect(cache.refreshingElsewhere('k')).toBe(false);
    now = 10_000;

    relay.publishEntry('mine', { data: {} }, now);
    relay.publishClear(now);
    relay.publishRefreshing('mine', now);
    expect(sent).toEqual([
      { type: RESPONSE_CACHE_ENTRY_MESSAGE, key: 'mine', body: { data: {} }, storedAt: 10_000 },
      { type: RESPONSE_CACHE_CLEAR_MESSAGE, clearedAt: 10_000 },
      { type: RESPONSE_CACHE_REFRESHING_MESSAGE, key: 'mine', startedAt: 10_000 },
    ]);
    relay.close();
    expect(listener).toBeNull();
  });

  it('recognizes only its own, well-formed messages', () => {
    expect(isResponseCacheMessage({ type: RESPONSE_CACHE_CLEAR_MESSAGE, clearedAt: 1 })).toBe(true);
    expect(isResponseCacheMessage({ type: RESPONSE_CACHE_ENTRY_MESSAGE, key: 'k', body: {}, storedAt: 1 })).toBe(true);
    expect(isResponseCacheMessage('sanshe:gateway:shutdown')).toBe(false);
    expect(isResponseCacheMessage({ type: RESPONSE_CACHE_CLEAR_MESSAGE })).toBe(false);
    expect(isResponseCacheMessage({ type: RESPONSE_CACHE_ENTRY_MESSAGE, key: 'k', body: {}, storedAt: Number.NaN })).toBe(false);
    expect(isResponseCacheMessage({ type: RESPONSE_CACHE_REFRESHING_MESSAGE, key: 'k', startedAt: 1 })).toBe(true);
    expect(isResponseCacheMessage({ type: RESPONSE_CACHE_REFRESHING_MESSAGE, key: 7, startedAt: 1 })).toBe(false);
    expect(isResponseCacheMessage({ type: RESPONSE_CACHE_REFRESHING_MESSAGE, key: 'k' })).toBe(false);
    expect(isResponseCacheMessage({ cmd: 'NODE_CLUSTER' })).toBe(false);
  });
});
