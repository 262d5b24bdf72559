/**
 * The refresher's line of stale keys waiting for a slot (refresh.ts), on its own: a cache on a clock
 * the test moves, and an `execute` that records what it ran and finishes when the test says so.
 */
import type { GraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { describe, expect, it } from 'vitest';
import { StaleRefresher, type RefreshableOperation } from '../../../src/response-cache/refresh.ts';
import { ResponseCache } from '../../../src/response-cache/store.ts';

const TTL = 1_000;
const STALE = 5_000;

function setUp(options: { maxConcurrent?: number; maxWaiting?: number } = {}) {
  const clock = { now: 1_000_000 };
  const cache = new ResponseCache({ ttlMs: TTL, staleMs: STALE, maxEntries: 100, now: () => clock.now });
  const ran: string[] = [];
  const finish = new Map<string, () => void>();
  const execute = async (operation: RefreshableOperation): Promise<GraphQLResponse> => {
    ran.push(operation.key);
    await new Promise<void>((resolve) => finish.set(operation.key, resolve));
    return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: { refreshed: operation.key } } } };
  };
  const refresher = new StaleRefresher({ cache, execute, ...options });
  /** Entries for `keys`, all stale now. */
  const staleEntries = (...keys: string[]) => {
    for (const key of keys) cache.set(key, { data: { refreshed: null } }, clock.now);
    clock.now += TTL;
  };
  const read = (key: string) => refresher.refresh({ key, query: `{ page(key: "${key}") }` });
  /** Lets `key`'s refresh finish and the slot it frees go to the next in line. */
  const complete = async (key: string) => {
    // Its run begins after a setImmediate (the stale answer goes out first).
    for (let i = 0; i < 10 && !finish.has(key); i += 1) await new Promise((resolve) => setImmediate(resolve));
    finish.get(key)!();
    finish.delete(key);
    for (let i = 0; i < 10; i += 1) await new Promise((resolve) => setImmediate(resolve));
  };
  return { clock, cache, refresher, ran, read, complete, staleEntries };
}

describe('stale keys waiting for a refresh slot', () => {
  it('are refreshed when a slot frees, oldest stale read first, without being read again', async () => {
    const { cache, refresher, ran, read, complete, staleEntries } = setUp({ maxConcurrent: 1 });
    staleEntries('a', 'b', 'c', 'd');
    expect(read('a')).toBe(true);
    expect([read('c'), read('b'), read('d')]).toEqual([false, false, false]);
    // Read again while waiting: keeps its place, is not queued twice.
    expect(read('c')).toBe(false);
    expect(refresher.waiting).toBe(3);
    expect(refresher.deferred).toBe(4);

    await complete('a');
    await complete('c');
    await complete('b');
    await complete('d');
    await refresher.idle();
    expect(ran).toEqual(['a', 'c', 'b', 'd']);
    expect(refresher.started).toBe(4);
    expect(refresher.waiting).toBe(0);
    for (const key of ['a', 'b', 'c', 'd']) expect(cache.lookup(key)).toMatchObject({ state: 'fresh', body: { data: { refreshed: key } } });
  });

  it('drop a key whose entry is fresh again by its turn (another worker refreshed it), or expired, and count it skipped', async () => {
    const { clock, cache, refresher, ran, read, complete, staleEntries } = setUp({ maxConcurrent: 1 });
    staleEntries('a', 'b', 'c');
    read('a');
    read('b');
    read('c');
    // Another worker's refresh of b arrives relayed, with its own (later) read time.
    expect(cache.set('b', { data: { refreshed: 'elsewhere' } }, clock.now)).toBe(true);

    await complete('a');
    await complete('c');
    await refresher.idle();
    expect(ran).toEqual(['a', 'c']);
    expect(refresher.skipped).toBe(1);
    expect(cache.lookup('b')?.body).toEqual({ data: { refreshed: 'elsewhere' } });

    // A key whose entry expired while it waited: its next read misses anyway, so no refresh runs.
    staleEntries('d', 'e');
    read('d');
    read('e');
    clock.now += STALE;
    await complete('d');
    await refresher.idle();
    expect(ran).toEqual(['a', 'c', 'd']);
    expect(refresher.skipped).toBe(2);
  });

  it('leave a key alone while another worker refreshes it, and tell the others when they start one', async () => {
    const { clock, cache, refresher, ran, read, complete, staleEntries } = setUp({ maxConcurrent: 1 });
    staleEntries('a', 'b', 'c');
    cache.noteRefreshElsewhere('c', clock.now, clock.now + 10_000);
    // Not started, nor queued: the other worker's result is on its way.
    expect(read('c')).toBe(false);
    expect(refresher.waiting).toBe(0);
    read('a');
    read('b');
    // b's refresh starts elsewhere while it waits here.
    cache.noteRefreshElsewhere('b', clock.now, clock.now + 10_000);
    await complete('a');
    await refresher.idle();
    expect(ran).toEqual(['a']);
    expect(refresher.skipped).toBe(1);
  });

  it('tell the other workers when a refresh starts', async () => {
    const clock = { now: 5_000 };
    const cache = new ResponseCache({ ttlMs: TTL, staleMs: STALE, maxEntries: 10, now: () => clock.now });
    const started: [string, number][] = [];
    const execute = async (operation: RefreshableOperation): Promise<GraphQLResponse> => ({
      http: { status: undefined, headers: new HeaderMap() },
      body: { kind: 'single', singleResult: { data: { refreshed: operation.key } } },
    });
    const refresher = new StaleRefresher({ cache, execute, onStarted: (key, at) => started.push([key, at]) });
    refresher.refresh({ key: 'a', query: '{ a }' });
    expect(started).toEqual([['a', 5_000]]);
    await refresher.idle();
  });

  it('drop a key a write cleared from the cache while it waited', async () => {
    const { cache, refresher, ran, read, complete, staleEntries } = setUp({ maxConcurrent: 1 });
    staleEntries('a', 'b');
    read('a');
    read('b');
    cache.clear();
    await complete('a');
    await refresher.idle();
    expect(ran).toEqual(['a']);
    expect(refresher.skipped).toBe(1);
    expect(cache.size).toBe(0);
  });

  it('are at most maxWaiting; a stale read beyond that starts nothing and waits for nothing', async () => {
    const { refresher, ran, read, complete, staleEntries } = setUp({ maxConcurrent: 1, maxWaiting: 2 });
    staleEntries('a', 'b', 'c', 'd');
    for (const key of ['a', 'b', 'c', 'd']) read(key);
    expect(refresher.waiting).toBe(2);
    expect(refresher.deferred).toBe(3);
    await complete('a');
    await complete('b');
    await complete('c');
    await refresher.idle();
    expect(ran).toEqual(['a', 'b', 'c']);
    // d's next stale read finds a free slot.
    expect(read('d')).toBe(true);
    await complete('d');
    expect(ran).toEqual(['a', 'b', 'c', 'd']);
  });

  it('are forgotten when the refresher closes', async () => {
    const { refresher, ran, read, complete, staleEntries } = setUp({ maxConcurrent: 1 });
    staleEntries('a', 'b');
    read('a');
    read('b');
    refresher.close();
    expect(refresher.waiting).toBe(0);
    await complete('a');
    await refresher.idle();
    expect(ran).toEqual(['a']);
  });

  it('refuses a line below zero', () => {
    const cache = new ResponseCache({ ttlMs: TTL, staleMs: STALE, maxEntries: 10 });
    const execute = async (): Promise<GraphQLResponse> => {
      throw new Error('not run');
    };
    expect(() => new StaleRefresher({ cache, execute, maxWaiting: -1 })).toThrow(RangeError);
    expect(() => new StaleRefresher({ cache, execute, maxWaiting: 0 })).not.toThrow();
  });
});
