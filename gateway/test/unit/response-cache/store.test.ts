import { anonymous } from '@sanshe/service-kit';
import { describe, expect, it } from 'vitest';
import { cacheKey, canonicalJson, isAnonymous } from '../../../src/response-cache/key.ts';
import { ResponseCache } from '../../../src/response-cache/store.ts';

/** A cache on a clock the test moves. */
function cacheAt(start: number, options: { ttlMs: number; staleMs?: number; maxEntries?: number }) {
  const clock = { now: start };
  const cache = new ResponseCache({ maxEntries: 10, ...options, now: () => clock.now });
  return { cache, clock };
}

describe('response cache store', () => {
  it('serves an entry as fresh for its TTL, then as stale for the stale window, then not at all', () => {
    const { cache, clock } = cacheAt(1_000, { ttlMs: 500, staleMs: 300 });
    expect(cache.set('a', { data: { x: 1 } })).toBe(true);
    clock.now += 499;
    expect(cache.lookup('a')).toEqual({ state: 'fresh', body: { data: { x: 1 } }, storedAt: 1_000 });
    clock.now += 1;
    expect(cache.lookup('a')).toEqual({ state: 'stale', body: { data: { x: 1 } }, storedAt: 1_000 });
    clock.now += 299;
    expect(cache.lookup('a')?.state).toBe('stale');
    clock.now += 1;
    expect(cache.lookup('a')).toBeUndefined();
    // An expired entry is dropped when found, not kept around.
    expect(cache.size).toBe(0);
  });

  it('has no stale window when staleMs is 0: past the TTL is a miss', () => {
    const { cache, clock } = cacheAt(0, { ttlMs: 500, staleMs: 0 });
    cache.set('a', { data: {} });
    clock.now = 499;
    expect(cache.lookup('a')?.state).toBe('fresh');
    clock.now = 500;
    expect(cache.lookup('a')).toBeUndefined();
  });

  it('evicts the least recently used entry beyond its size, stale hits counting as use', () => {
    const { cache, clock } = cacheAt(0, { ttlMs: 1_000, staleMs: 1_000, maxEntries: 2 });
    cache.set('a', { data: { a: 1 } });
    cache.set('b', { data: { b: 1 } });
    clock.now = 1_500;
    expect(cache.lookup('a')?.state).toBe('stale');
    cache.set('c', { data: { c: 1 } });
    expect(cache.size).toBe(2);
    expect(cache.lookup('b')).toBeUndefined();
    expect(cache.lookup('a')?.body).toEqual({ data: { a: 1 } });
    expect(cache.lookup('c')?.body).toEqual({ data: { c: 1 } });
  });

  it('tells an entry\'s state without counting it as a use', () => {
    const { cache, clock } = cacheAt(0, { ttlMs: 1_000, staleMs: 1_000, maxEntries: 2 });
    cache.set('a', { data: { a: 1 } });
    cache.set('b', { data: { b: 1 } });
    expect(cache.stateOf('a')).toBe('fresh');
    clock.now = 1_000;
    expect(cache.stateOf('a')).toBe('stale');
    expect(cache.stateOf('missing')).toBeUndefined();
    // Asking did not make a the most recently used: it is still the one evicted.
    cache.set('c', { data: { c: 1 } });
    expect(cache.stateOf('a')).toBeUndefined();
    expect(cache.stateOf('b')).toBe('stale');
    clock.now = 2_000;
    expect(cache.stateOf('b')).toBeUndefined();
    expect(cache.stateOf('c')).toBe('stale');
    // Nothing counted.
    expect(cache.hits + cache.staleHits + cache.misses).toBe(0);
  });

  it("leaves a key another worker is refreshing alone until that refresh's result, a clear, or the claim's end", () => {
    const { cache, clock } = cacheAt(1_000, { ttlMs: 1_000, staleMs: 5_000 });
    cache.noteRefreshElsewhere('a', 1_000, 3_000);
    expect(cache.refreshingElsewhere('a')).toBe(true);
    expect(cache.refreshingElsewhere('b')).toBe(false);
    // An entry read before the refresh began is not its result.
    cache.set('a', { data: { old: true } }, 900);
    expect(cache.refreshingElsewhere('a')).toBe(true);
    cache.set('a', { data: { refreshed: true } }, 1_000);
    expect(cache.refreshingElsewhere('a')).toBe(false);

    cache.noteRefreshElsewhere('b', 1_000, 3_000);
    clock.now = 3_000;
    expect(cache.refreshingElsewhere('b')).toBe(false);

    cache.noteRefreshElsewhere('c', 3_000, 5_000);
    cache.clear(3_000);
    expect(cache.refreshingElsewhere('c')).toBe(false);
    // A claim from before the clear would bring a result the cache refuses: it is not noted.
    cache.noteRefreshElsewhere('c', 2_999, 5_000);
    expect(cache.refreshingElsewhere('c')).toBe(false);
  });

  it('keeps the bound with many keys, relayed ones included', () => {
    const { cache } = cacheAt(10_000, { ttlMs: 1_000, maxEntries: 3 });
    for (let i = 0; i < 10; i += 1) cache.set(`k${i}`, { data: { i } }, 10_000 - i);
    expect(cache.size).toBe(3);
    expect(['k7', 'k8', 'k9'].map((k) => cache.lookup(k)?.body)).toEqual([{ data: { i: 7 } }, { data: { i: 8 } }, { data: { i: 9 } }]);
  });

  it('stores an entry with the storedAt it is given, so it expires when it would have where it was read', () => {
    const { cache, clock } = cacheAt(10_000, { ttlMs: 500, staleMs: 300 });
    expect(cache.set('a', { data: { from: 'worker 2' } }, 9_700)).toBe(true);
    expect(cache.lookup('a')).toEqual({ state: 'fresh', body: { data: { from: 'worker 2' } }, storedAt: 9_700 });
    clock.now = 10_200;
    expect(cache.lookup('a')?.state).toBe('stale');
    clock.now = 10_500;
    expect(cache.lookup('a')).toBeUndefined();
    // Already past ttl + stale when it arrives: nothing to keep.
    expect(cache.set('b', { data: {} }, 10_500 - 800)).toBe(false);
    expect(cache.size).toBe(0);
  });

  it('keeps the newer of two entries for a key, whatever order they arrive in', () => {
    const { cache } = cacheAt(10_000, { ttlMs: 1_000 });
    expect(cache.set('a', { data: { v: 'new' } }, 9_900)).toBe(true);
    expect(cache.set('a', { data: { v: 'old' } }, 9_800)).toBe(false);
    expect(cache.lookup('a')?.body).toEqual({ data: { v: 'new' } });
    expect(cache.set('a', { data: { v: 'newer' } }, 9_950)).toBe(true);
    expect(cache.lookup('a')?.body).toEqual({ data: { v: 'newer' } });
  });

  it('empties on clear and refuses anything read at or before the clear', () => {
    const { cache, clock } = cacheAt(1_000, { ttlMs: 1_000 });
    cache.set('a', { data: {} });
    const readBeforeTheWrite = clock.now;
    clock.now = 1_100;
    cache.clear(1_050);
    expect(cache.size).toBe(0);
    expect(cache.lookup('a')).toBeUndefined();
    // A request (or refresh, or another worker) that started reading before the clear.
    expect(cache.set('a', { data: { old: true } }, readBeforeTheWrite)).toBe(false);
    expect(cache.set('a', { data: { old: true } }, 1_050)).toBe(false);
    expect(cache.set('a', { data: { old: false } }, 1_051)).toBe(true);
    // An older clear relayed late does not move the fence back.
    cache.clear(900);
    expect(cache.set('b', { data: {} }, 1_000)).toBe(false);
  });
});

describe('response cache key', () => {
  it('keys variables canonically: key order does not matter, values do', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { e: 3, f: 2 }] }, b: 1 }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
    expect(cacheKey('h', 'Q', { b: 2, a: 1 })).toBe(cacheKey('h', 'Q', { a: 1, b: 2 }));
    expect(cacheKey('h', 'Q', undefined)).toBe(cacheKey('h', 'Q', {}));
    expect(cacheKey('h', 'Q', {})).not.toBe(cacheKey('h', 'R', {}));
  });

  it('serves anonymous callers only', () => {
    expect(isAnonymous(anonymous)).toBe(true);
    expect(isAnonymous({ ...anonymous, subject: 'someone', roles: ['resident'] })).toBe(false);
    expect(isAnonymous({ ...anonymous, roles: ['district_office'], scope: ['150204'] })).toBe(false);
    expect(isAnonymous({ ...anonymous, partnerId: 'partner-1' })).toBe(false);
  });
});
