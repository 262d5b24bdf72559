/**
 * What one gateway worker counts for `/metrics`: its response cache's reads and background
 * refreshes, and the entity fetches it merged (entity-fetch-batch.ts). Counters only ever grow
 * while the worker lives; a cluster's figures are the sum over its workers (cluster-metrics.ts).
 */
import type { MetricSample } from '@sanshe/service-kit';

export interface WorkerCounters {
  responseCacheHits: number;
  responseCacheStaleHits: number;
  responseCacheMisses: number;
  /** Misses answered with what a read of the same key already under way stored. */
  responseCacheCoalesced: number;
  /** Background refreshes started. */
  responseCacheRefreshes: number;
  /** Stale reads that started no refresh because the worker's refresh budget was spent. */
  responseCacheRefreshesDeferred: number;
  /** Waiting stale keys dropped when their turn came: fresh again, being refreshed by another worker, expired or cleared. */
  responseCacheRefreshesSkipped: number;
  /** Stale keys waiting for a refresh slot now. */
  responseCacheRefreshesWaiting: number;
  responseCacheEntries: number;
  /** `_entities` fetches sent inside a merged operation, over all subgraphs. */
  entityFetchesMerged: number;
  /** Merged operations sent: each stands for two or more fetches. */
  entityFetchMerges: number;
}

export const COUNTER_NAMES = [
  'responseCacheHits',
  'responseCacheStaleHits',
  'responseCacheMisses',
  'responseCacheCoalesced',
  'responseCacheRefreshes',
  'responseCacheRefreshesDeferred',
  'responseCacheRefreshesSkipped',
  'responseCacheRefreshesWaiting',
  'responseCacheEntries',
  'entityFetchesMerged',
  'entityFetchMerges',
] as const satisfies readonly (keyof WorkerCounters)[];

export const zeroCounters = (): WorkerCounters => Object.fromEntries(COUNTER_NAMES.map((name) => [name, 0])) as unknown as WorkerCounters;

export function sumCounters(all: readonly WorkerCounters[]): WorkerCounters {
  const total = zeroCounters();
  for (const counters of all) for (const name of COUNTER_NAMES) total[name] += counters[name];
  return total;
}

export function isWorkerCounters(value: unknown): value is WorkerCounters {
  if (typeof value !== 'object' || value === null) return false;
  return COUNTER_NAMES.every((name) => Number.isFinite((value as Record<string, unknown>)[name]));
}

/**
 * Where the worker's counters come from: each part registers what it counts (the response cache
 * when it is on, every subgraph's data source) and a reading sums them.
 */
export class GatewayCounters {
  readonly #sources: (() => Partial<WorkerCounters>)[] = [];

  register(source: () => Partial<WorkerCounters>): void {
    this.#sources.push(source);
  }

  read(): WorkerCounters {
    const total = zeroCounters();
    for (const source of this.#sources) {
      const part = source();
      for (const name of COUNTER_NAMES) total[name] += part[name] ?? 0;
    }
    return total;
  }
}

/** The samples of a cluster's `/metrics` page: its summed counters and how many workers answered. */
export function clusterSamples(counters: WorkerCounters, workers: { answered: number; expected: number }): MetricSample[] {
  const cache = (name: string, type: MetricSample['type'], help: string, value: number): MetricSample => ({ name: `sanshe_gateway_response_cache_${name}`, type, help, value });
  return [
    cache('hits_total', 'counter', 'Anonymous reads answered fresh from the response cache.', counters.responseCacheHits),
    cache('stale_hits_total', 'counter', 'Anonymous reads answered stale from the response cache.', counters.responseCacheStaleHits),
    cache('misses_total', 'counter', 'Cacheable reads that went to the subgraphs.', counters.responseCacheMisses),
    cache('coalesced_total', 'counter', 'Misses answered with what a read of the same key already under way stored.', counters.responseCacheCoalesced),
    cache('refreshes_total', 'counter', 'Background refreshes of stale entries started.', counters.responseCacheRefreshes),
    cache('refreshes_deferred_total', 'counter', 'Stale reads that started no refresh because the refresh budget was spent; their key waits in line.', counters.responseCacheRefreshesDeferred),
    cache('refreshes_skipped_total', 'counter', 'Waiting stale keys dropped unrefreshed when their turn came: fresh again, being refreshed by another worker, expired or cleared by a write.', counters.responseCacheRefreshesSkipped),
    cache('refreshes_waiting', 'gauge', 'Stale keys waiting for a refresh slot, summed over workers.', counters.responseCacheRefreshesWaiting),
    cache('entries', 'gauge', 'Entries held, summed over workers (each keeps its own copy).', counters.responseCacheEntries),
    { name: 'sanshe_gateway_entity_fetches_merged_total', type: 'counter', help: 'Entity fetches sent to a subgraph inside a merged operation.', value: counters.entityFetchesMerged },
    { name: 'sanshe_gateway_entity_fetch_merges_total', type: 'counter', help: 'Merged operations sent, each carrying two or more entity fetches.', value: counters.entityFetchMerges },
    { name: 'sanshe_gateway_workers_answered', type: 'gauge', help: 'Workers whose counters are in this page.', value: workers.answered },
    { name: 'sanshe_gateway_workers', type: 'gauge', help: 'Workers running when this page was asked for.', value: workers.expected },
  ];
}
