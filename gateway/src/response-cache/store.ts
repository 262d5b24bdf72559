import type { GraphQLResponse } from '@apollo/server';

/**
 * A short-lived cache of whole query responses, for anonymous callers only (RESPONSE_CACHE_TTL_MS
 * > 0 turns it on).
 *
 * Why only anonymous: what a signed-in caller sees depends on who they are (scope-narrowed lists,
 * unmasked personal data), and every unmasked read must reach a subgraph to be written to its
 * audit log — a cache would skip that. An anonymous caller sees public data only, the same for
 * every anonymous caller, so the key needs no identity (key.ts). Portal pages and the public
 * statistics are read far more often than they change. Responses with errors are never cached,
 * nor are mutations.
 *
 * How old an answer can be (`storedAt` is when the request that produced it started reading the
 * subgraphs, so the ages below count from the read, not from the write into the cache):
 * - fresh: for RESPONSE_CACHE_TTL_MS after storedAt an entry is served as is;
 * - stale: for a further RESPONSE_CACHE_STALE_MS (0: no stale window) it is still served at once,
 *   and the first request that finds it stale starts one background refresh for that key
 *   (refresh.ts); no second refresh for the key starts in this worker while one is in flight.
 *   When the worker's refresh budget is spent the key waits in line, oldest first, for a refresh
 *   slot. Every request for the key until its refresh stores a result gets the stale answer, so
 *   under steady traffic an answer is at most ttl + the wait in line + one refresh's duration old.
 *   A refresh that fails leaves the stale entry in place;
 * - past ttl + stale an entry is a miss, however often refreshes failed: no answer from the cache
 *   is ever more than ttl + stale old.
 * - a miss while another request of the same worker is already reading that key waits for that
 *   read (plugin.ts) and answers with what it stored — read from the subgraphs beginning at most
 *   one read's duration before the waiting request arrived. If that read stored nothing (errors,
 *   or a clear since it began), the waiting request reads for itself.
 * - A mutation through any worker empties every worker's cache (cluster-relay.ts), at its start and
 *   again when it has finished, and afterwards no entry read before the clear is accepted — not
 *   from this worker's requests in flight, nor from a refresh, nor relayed from another worker. The
 *   other workers learn of it one IPC hop (via the primary) after the worker that ran it.
 * - Changes the gateway does not see (events applied by the subgraphs' consumers, writes that do not
 *   go through this gateway) show up within ttl + stale.
 *
 * Entries are shared across the cluster: what one worker stores is relayed to the others with the
 * same storedAt, so each public answer is computed about once per cluster, not once per worker.
 */
export interface ResponseCacheOptions {
  ttlMs: number;
  /** How long past its TTL an entry may still be served while it is refreshed; 0: not at all. */
  staleMs?: number;
  maxEntries: number;
  now?: () => number;
}

export type CachedBody = NonNullable<Extract<GraphQLResponse['body'], { kind: 'single' }>['singleResult']>;

export interface Lookup {
  state: 'fresh' | 'stale';
  body: CachedBody;
  storedAt: number;
}

interface Entry {
  storedAt: number;
  body: CachedBody;
}

export class ResponseCache {
  readonly ttlMs: number;
  readonly staleMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  // A Map iterates in insertion order: re-inserting on a hit makes it an LRU.
  readonly #entries = new Map<string, Entry>();
  // The latest clear (ours or relayed): anything read at or before it may predate a write.
  #clearedAt = Number.NEGATIVE_INFINITY;
  // Keys another worker is refreshing: when it began, and until when this worker leaves them alone.
  readonly #refreshingElsewhere = new Map<string, { startedAt: number; until: number }>();
  hits = 0;
  staleHits = 0;
  misses = 0;
  /** Misses answered with what a read of the same key already under way in this worker stored (plugin.ts). */
  coalesced = 0;

  constructor(options: ResponseCacheOptions) {
    this.ttlMs = options.ttlMs;
    this.staleMs = options.staleMs ?? 0;
    this.#maxEntries = options.maxEntries;
    this.#now = options.now ?? Date.now;
  }

  /** The cache's clock; timestamps shared with other workers must come from the same clock (Date.now). */
  now(): number {
    return this.#now();
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The entry and whether it is fresh or stale; undefined once it is past ttl + stale. */
  lookup(key: string): Lookup | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    const age = this.#now() - entry.storedAt;
    if (age >= this.ttlMs + this.staleMs) return undefined;
    this.#entries.set(key, entry);
    return { state: age < this.ttlMs ? 'fresh' : 'stale', body: entry.body, storedAt: entry.storedAt };
  }

  /**
   * Whether `key`'s entry is fresh or stale, without counting as a use (the LRU order stays): the
   * refresher asks before running a refresh that waited, which a read from another worker or an
   * expiry may have made pointless.
   */
  stateOf(key: string): Lookup['state'] | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    const age = this.#now() - entry.storedAt;
    if (age >= this.ttlMs + this.staleMs) return undefined;
    return age < this.ttlMs ? 'fresh' : 'stale';
  }

  /**
   * Another worker began refreshing `key` at `startedAt` (cluster-relay.ts): until its result
   * arrives, or `until` if none does (the refresh failed), this worker does not refresh it too.
   */
  noteRefreshElsewhere(key: string, startedAt: number, until: number): void {
    if (startedAt <= this.#clearedAt) return;
    this.#refreshingElsewhere.set(key, { startedAt, until });
    // A claim whose refresh failed, on a key nobody asks about again, would otherwise stay: past
    // the cache's size, the expired ones go.
    if (this.#refreshingElsewhere.size > this.#maxEntries) {
      const now = this.#now();
      for (const [claimed, claim] of this.#refreshingElsewhere) if (claim.until <= now) this.#refreshingElsewhere.delete(claimed);
    }
  }

  /** Whether another worker is refreshing `key` now (refresh.ts asks before starting one). */
  refreshingElsewhere(key: string): boolean {
    const claim = this.#refreshingElsewhere.get(key);
    if (!claim) return false;
    if (this.#now() < claim.until) return true;
    this.#refreshingElsewhere.delete(key);
    return false;
  }

  /**
   * Stores `body`, read from the subgraphs at `storedAt` (another worker's timestamp for a relayed
   * entry). Refused, returning false, when it was read at or before the last clear, when the entry
   * held is newer, or when it is already past ttl + stale.
   */
  set(key: string, body: CachedBody, storedAt = this.#now()): boolean {
    if (storedAt <= this.#clearedAt) return false;
    if (this.#now() - storedAt >= this.ttlMs + this.staleMs) return false;
    const held = this.#entries.get(key);
    // Relayed entries can arrive out of order (two workers refreshing the same key).
    if (held && held.storedAt > storedAt) return false;
    this.#entries.delete(key);
    this.#entries.set(key, { storedAt, body });
    // What another worker's refresh would bring, or newer, is here now.
    const claim = this.#refreshingElsewhere.get(key);
    if (claim && storedAt >= claim.startedAt) this.#refreshingElsewhere.delete(key);
    while (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    return true;
  }

  /** Empties the cache and refuses entries read at or before `clearedAt` from now on. */
  clear(clearedAt = this.#now()): void {
    this.#clearedAt = Math.max(this.#clearedAt, clearedAt);
    this.#entries.clear();
    // Their results will be refused: nothing to wait for.
    this.#refreshingElsewhere.clear();
  }
}
