import { anonymous } from '@sanshe/service-kit';
import { describe, expect, it } from 'vitest';
import { canonicalJson, isAnonymous, ResponseCache } from '../../src/response-cache.ts';

describe('response cache', () => {
  it('keeps an entry for its TTL only, on a clock the test controls', () => {
    let now = 1_000;
    const cache = new ResponseCache({ ttlMs: 500, maxEntries: 10, now: () => now });
    cache.set('a', { data: { x: 1 } });
    now += 499;
    expect(cache.get('a')).toEqual({ data: { x: 1 } });
    now += 1;
    expect(cache.get('a')).toBeUndefined();
  });

  it('evicts the least recently used entry beyond its size', () => {
    const cache = new ResponseCache({ ttlMs: 1_000, maxEntries: 2, now: () => 0 });
    cache.set('a', { data: {} });
    cache.set('b', { data: {} });
    cache.get('a');
    cache.set('c', { data: {} });
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
    expect(cache.size).toBe(2);
  });

  it('keys variables canonically: key order does not matter, values do', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { e: 3, f: 2 }] }, b: 1 }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
  });

  it('serves anonymous callers only', () => {
    expect(isAnonymous(anonymous)).toBe(true);
    expect(isAnonymous({ ...anonymous, subject: 'someone', roles: ['resident'] })).toBe(false);
    expect(isAnonymous({ ...anonymous, roles: ['district_office'], scope: ['150204'] })).toBe(false);
  });
});
