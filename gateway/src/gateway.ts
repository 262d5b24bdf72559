import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { SERVICES, type ServiceName } from '@sanshe/infra/services';
import { createLogger, type Logger } from '@sanshe/service-kit';
import type { GatewayContext } from './context.ts';
import type { GatewayEnvironment } from './environment.ts';
import { createFormatError } from './format-error.ts';
import { SubgraphDataSource } from './subgraph-data-source.ts';
import { createSubgraphAgent, createSubgraphFetcher } from './subgraph-fetcher.ts';
import { loadSupergraph } from './supergraph-file.ts';
import { clusterWorkerChannel, connectRelay } from './response-cache/cluster-relay.ts';
import { responseCachePlugin } from './response-cache/plugin.ts';
import { StaleRefresher } from './response-cache/refresh.ts';
import { ResponseCache } from './response-cache/store.ts';
import { armor } from './security/armor.ts';
import { loadSafelist } from './security/safelist.ts';
import { REGION_STATISTICS_EXPORT } from './exports/region-statistics-document.ts';
import type { GatewayCounters } from './metrics/counters.ts';

export interface CreateGatewayOptions {
  /** Defaults to the committed gateway/supergraph.graphql; tests pass a small one. */
  supergraphSdl?: string;
  logger?: Logger;
  /** Where the response cache and the entity-fetch merging report their counters for /metrics. */
  counters?: GatewayCounters;
}

function isServiceName(name: string): name is ServiceName {
  return (SERVICES as readonly string[]).includes(name);
}

/**
 * The federated GraphQL server. Its schema is the supergraph composed at build time — never
 * IntrospectAndCompose, which would let a subgraph that is up first (or misbehaving) decide the
 * schema at runtime. Routing URLs come from the environment, not from the supergraph file.
 */
export function createGateway(env: GatewayEnvironment, options: CreateGatewayOptions = {}): ApolloServer<GatewayContext> {
  const logger = options.logger ?? createLogger('gateway', env.log.LOG_LEVEL);
  const timeoutMs = env.gateway.SUBGRAPH_TIMEOUT_MS;
  const agent = createSubgraphAgent();
  const fetcher = createSubgraphFetcher(timeoutMs, agent);

  const gateway = new ApolloGateway({
    supergraphSdl: options.supergraphSdl ?? loadSupergraph(),
    logger: logger.child({ component: 'apollo-gateway' }),
    buildService({ name }) {
      // A subgraph in the supergraph without a URL and secret is a deployment error: refuse to start.
      if (!isServiceName(name)) throw new Error(`the supergraph names subgraph "${name}", which the gateway has no configuration for`);
      const target = env.subgraphs[name];
      const source = new SubgraphDataSource({ name, url: target.url, secret: target.secret, timeoutMs, fetcher, logger, batchEntityFetches: env.gateway.BATCH_ENTITY_FETCHES });
      options.counters?.register(() => ({ entityFetchesMerged: source.merged.fetches, entityFetchMerges: source.merged.operations }));
      return source;
    },
  });

  const protections = armor(env.security);
  const cachePlugin = env.gateway.RESPONSE_CACHE_TTL_MS > 0 ? createResponseCachePlugin(env, logger, () => server, options.counters) : null;
  const safelist = env.security.SAFELIST ? loadSafelist(env.security.PERSISTED_OPERATIONS_PATH!, [REGION_STATISTICS_EXPORT]) : null;

  const server: ApolloServer<GatewayContext> = new ApolloServer<GatewayContext>({
    gateway,
    logger,
    introspection: env.gateway.INTROSPECTION,
    includeStacktraceInErrorResponses: false,
    // One operation per HTTP request: a batch would multiply every per-request limit.
    allowBatchedHttpRequests: false,
    validationRules: protections.validationRules,
    // In safelist mode APQ hashes resolve from the manifest only; otherwise APQ is off.
    persistedQueries: safelist ? { cache: safelist.cache } : false,
    formatError: createFormatError(logger),
    plugins: [
      // Context-free plugins, typed for any context.
      ...(protections.plugins as ApolloServerPlugin<GatewayContext>[]),
      ...(safelist ? [safelist.plugin as ApolloServerPlugin<GatewayContext>] : []),
      // After the limits and the safelist: a cached answer is only given to an allowed operation.
      ...(cachePlugin ? [cachePlugin] : []),
      {
        async serverWillStart() {
          return {
            // Idle keep-alive sockets would otherwise hold the process open after stop.
            async serverWillStop() {
              await agent.close();
            },
          };
        },
      },
    ],
  });
  return server;
}

/** The anonymous response cache (response-cache/store.ts), refreshed through `server` itself. */
function createResponseCachePlugin(
  env: GatewayEnvironment,
  logger: Logger,
  server: () => ApolloServer<GatewayContext>,
  counters: GatewayCounters | undefined,
): ApolloServerPlugin<GatewayContext> {
  const cache = new ResponseCache({
    ttlMs: env.gateway.RESPONSE_CACHE_TTL_MS,
    staleMs: env.gateway.RESPONSE_CACHE_STALE_MS,
    maxEntries: env.gateway.RESPONSE_CACHE_MAX_ENTRIES,
  });
  // A single worker has nobody to share with.
  const relay = connectRelay(cache, env.gateway.GATEWAY_WORKERS > 1 ? clusterWorkerChannel() : null);
  const refresher = new StaleRefresher({
    cache,
    logger: logger.child({ component: 'response-cache' }),
    maxConcurrent: env.gateway.RESPONSE_CACHE_REFRESH_CONCURRENCY,
    // A waiting key beyond what the cache can hold would have been evicted before its turn.
    maxWaiting: env.gateway.RESPONSE_CACHE_MAX_ENTRIES,
    // Refreshes start only on requests, so after the server has been built and started.
    execute: ({ query, operationName, variables }, contextValue) => server().executeOperation({ query, operationName, variables }, { contextValue }),
    onStored: (key, body, storedAt) => relay.publishEntry(key, body, storedAt),
    onStarted: (key, startedAt) => relay.publishRefreshing(key, startedAt),
  });
  counters?.register(() => ({
    responseCacheHits: cache.hits,
    responseCacheStaleHits: cache.staleHits,
    responseCacheMisses: cache.misses,
    responseCacheCoalesced: cache.coalesced,
    responseCacheRefreshes: refresher.started,
    responseCacheRefreshesDeferred: refresher.deferred,
    responseCacheRefreshesSkipped: refresher.skipped,
    responseCacheRefreshesWaiting: refresher.waiting,
    responseCacheEntries: cache.size,
  }));
  return responseCachePlugin({ cache, refresher, relay });
}
