import type { ApolloServerPlugin } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { GatewayContext } from '../context.ts';
import type { ResponseCacheRelay } from './cluster-relay.ts';
import { cacheKey, isAnonymous } from './key.ts';
import { isRefreshContext, type StaleRefresher } from './refresh.ts';
import type { CachedBody, ResponseCache } from './store.ts';

export interface ResponseCachePluginOptions {
  cache: ResponseCache;
  refresher: StaleRefresher;
  relay: ResponseCacheRelay;
  /** How long a miss waits for the same key's read already under way before reading itself (default 10 s). */
  coalesceWaitMs?: number;
}

/** What a read stored: its body, and when it began reading the subgraphs. */
interface Stored {
  body: CachedBody;
  storedAt: number;
}

/** A read of a key under way in this worker, and how those waiting for it learn its outcome. */
interface Reading {
  /** What was stored, or null: the read failed, answered with errors, or was refused (a write cleared the cache meanwhile). */
  result: Promise<Stored | null>;
  settle(stored: Stored | null): void;
}

function startReading(): Reading {
  let settle!: (stored: Stored | null) => void;
  const result = new Promise<Stored | null>((resolve) => (settle = resolve));
  return { result, settle };
}

/**
 * An answer from the cache, with the HTTP `Age` header (RFC 9111 §5.1): whole seconds since its
 * read of the subgraphs began. A portal can show "as of …" from it, and a CDN in front of the
 * gateway counts it against its own freshness; answers read for the caller carry none.
 */
function cachedAnswer(body: CachedBody, storedAt: number, now: number) {
  const headers = new HeaderMap([['age', String(Math.max(0, Math.floor((now - storedAt) / 1000)))]]);
  return { http: { status: undefined, headers }, body: { kind: 'single' as const, singleResult: body } };
}

/** The leader's outcome, or null if it has not come within `ms` (a read that never reports back must not hold others). */
async function outcomeWithin(reading: Reading, ms: number): Promise<Stored | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([reading.result, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The cache in Apollo's request pipeline (the policy is described in store.ts). Installed after the
 * query-shape limits and the safelist, so a cached answer is only given to an allowed operation.
 */
export function responseCachePlugin({ cache, refresher, relay, coalesceWaitMs = 10_000 }: ResponseCachePluginOptions): ApolloServerPlugin<GatewayContext> {
  // Misses being read right now in this worker, by key. A page nobody has read for a while is
  // asked for by several callers at once (a portal's first visitors, the scenario's 20 VUs over
  // 500 pages): without this each one read the subgraphs for it — about half the misses of a
  // cached community-page run (957 misses for 500 pages), each a whole uncached page of CPU. The
  // later ones now wait for the first read and answer with what it stored.
  const reading = new Map<string, Reading>();
  const clearEverywhere = () => {
    const at = cache.now();
    cache.clear(at);
    relay.publishClear(at);
  };

  return {
    async serverWillStart() {
      return {
        async serverWillStop() {
          refresher.close();
          relay.close();
        },
      };
    },

    async requestDidStart({ contextValue }) {
      // The cache's own refresh: it must not be answered from the cache (nor start another
      // refresh), and the refresher stores its result itself.
      if (isRefreshContext(contextValue)) return {};
      const anonymous = isAnonymous(contextValue.identity);
      let mutation = false;
      let pending: { key: string; startedAt: number; leading: Reading | null } | null = null;
      return {
        async didResolveOperation({ operation }) {
          // Any write: what any worker cached may be stale now.
          if (operation?.operation === 'mutation') {
            mutation = true;
            clearEverywhere();
          }
        },
        async responseForOperation({ operation, operationName, queryHash, request, source }) {
          if (!anonymous || operation.operation !== 'query' || !queryHash) return null;
          const key = cacheKey(queryHash, operationName, request.variables);
          const found = cache.lookup(key);
          if (!found) {
            const leader = reading.get(key);
            if (leader) {
              const stored = await outcomeWithin(leader, coalesceWaitMs);
              if (stored) {
                cache.coalesced += 1;
                return cachedAnswer(stored.body, stored.storedAt, cache.now());
              }
              // What it waited for stored nothing (an error, or a write cleared the cache since the
              // read began, so its answer may predate the write): this request reads for itself.
            }
            cache.misses += 1;
            // Lead this key's read unless a read that began while this request waited already does.
            // A leader this request gave up on is replaced: later misses wait for this read, not
            // for one that has not reported back in coalesceWaitMs.
            const current = reading.get(key);
            const leading = current && current !== leader ? null : startReading();
            if (leading) reading.set(key, leading);
            pending = { key, startedAt: cache.now(), leading };
            return null;
          }
          if (found.state === 'fresh') cache.hits += 1;
          else {
            cache.staleHits += 1;
            // `source`, not request.query: with a persisted query the client sent only the hash.
            refresher.refresh({ key, query: source, operationName: operationName ?? undefined, variables: request.variables });
          }
          return cachedAnswer(found.body, found.storedAt, cache.now());
        },
        async willSendResponse({ response }) {
          // Again once the write is done: entries read while it ran are refused from here on.
          if (mutation) clearEverywhere();
          if (pending === null) return;
          let stored: Stored | null = null;
          if (response.body.kind === 'single') {
            const result = response.body.singleResult;
            if (!(result.errors && result.errors.length > 0) && cache.set(pending.key, result, pending.startedAt)) {
              relay.publishEntry(pending.key, result, pending.startedAt);
              stored = { body: result, storedAt: pending.startedAt };
            }
          }
          // Whatever happened, those waiting for this read learn it now.
          if (pending.leading) {
            // Only its own entry: a request that gave up waiting for this read may have taken over.
            if (reading.get(pending.key) === pending.leading) reading.delete(pending.key);
            pending.leading.settle(stored);
          }
        },
      };
    },
  };
}
