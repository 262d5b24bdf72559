import type { ApolloServerPlugin } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { GatewayContext } from '../context.ts';
import type { ResponseCacheRelay } from './cluster-relay.ts';
import { cacheKey, isAnonymous } from './key.ts';
import { isRefreshContext, type StaleRefresher } from './refresh.ts';
import type { ResponseCache } from './store.ts';

export interface ResponseCachePluginOptions {
  cache: ResponseCache;
  refresher: StaleRefresher;
  relay: ResponseCacheRelay;
}

/**
 * The cache in Apollo's request pipeline (the policy is described in store.ts). Installed after the
 * query-shape limits and the safelist, so a cached answer is only given to an allowed operation.
 */
export function responseCachePlugin({ cache, refresher, relay }: ResponseCachePluginOptions): ApolloServerPlugin<GatewayContext> {
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
      let pending: { key: string; startedAt: number } | null = null;
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
            cache.misses += 1;
            pending = { key, startedAt: cache.now() };
            return null;
          }
          if (found.state === 'fresh') cache.hits += 1;
          else {
            cache.staleHits += 1;
            // `source`, not request.query: with a persisted query the client sent only the hash.
            refresher.refresh({ key, query: source, operationName: operationName ?? undefined, variables: request.variables });
          }
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: found.body } };
        },
        async willSendResponse({ response }) {
          // Again once the write is done: entries read while it ran are refused from here on.
          if (mutation) clearEverywhere();
          if (pending === null || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          if (result.errors && result.errors.length > 0) return;
          if (cache.set(pending.key, result, pending.startedAt)) relay.publishEntry(pending.key, result, pending.startedAt);
        },
      };
    },
  };
}
