/**
 * /metrics of a gateway cluster, wired in memory: a primary's collector and workers that talk to
 * it through channels like node:cluster IPC (asynchronous, in order), so the sum over workers is
 * checked without forking processes.
 */
import { describe, expect, it } from 'vitest';
import {
  isMetricsMessage,
  METRICS_COLLECT,
  METRICS_REPLY,
  MetricsCollector,
  workerMetrics,
  type MetricsMessage,
} from '../../../src/metrics/cluster-metrics.ts';
import { clusterSamples, GatewayCounters, sumCounters, zeroCounters, type WorkerCounters } from '../../../src/metrics/counters.ts';
import type { RelayTarget } from '../../../src/response-cache/cluster-relay.ts';
import { readMetric, renderMetrics } from '@sanshe/service-kit';

const counters = (n: number): WorkerCounters => ({
  responseCacheHits: 100 * n,
  responseCacheStaleHits: 10 * n,
  responseCacheMisses: n,
  responseCacheCoalesced: n,
  responseCacheRefreshes: 2 * n,
  responseCacheRefreshesDeferred: 3 * n,
  responseCacheRefreshesSkipped: 4 * n,
  responseCacheRefreshesWaiting: 6 * n,
  responseCacheEntries: 5,
  entityFetchesMerged: 7 * n,
  entityFetchMerges: 3 * n,
});

/** A primary and `n` workers; `silent` workers receive but never answer (busy, or dying). */
function cluster(n: number, options: { silent?: number[]; primaryTimeoutMs?: number; workerTimeoutMs?: number; primaryGone?: boolean } = {}) {
  const collector = new MetricsCollector(options.primaryTimeoutMs ?? 200);
  const targets: RelayTarget<MetricsMessage>[] = [];
  const workers = Array.from({ length: n }, (_, i) => {
    const id = i + 1;
    const own = new GatewayCounters();
    own.register(() => counters(id));
    const listeners = new Set<(message: unknown) => void>();
    const silent = options.silent?.includes(id) ?? false;
    // Primary → worker.
    targets.push({
      id,
      isConnected: () => true,
      send(message) {
        if (!silent) setImmediate(() => listeners.forEach((l) => l(structuredClone(message))));
        return true;
      },
    });
    // Worker → primary.
    const metrics = workerMetrics(
      own,
      {
        send(message) {
          if (!options.primaryGone) setImmediate(() => collector.handle(targets[i]!, structuredClone(message), targets));
        },
        subscribe(listener) {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
      },
      options.workerTimeoutMs ?? 1_000,
    );
    return metrics;
  });
  return { workers };
}

describe('gateway cluster metrics', () => {
  it('sums every worker’s counters, whichever worker is asked', async () => {
    const { workers } = cluster(3);
    const expected = sumCounters([counters(1), counters(2), counters(3)]);
    for (const worker of workers) expect(await worker.collect()).toEqual({ counters: expected, answered: 3, expected: 3 });
    expect(expected.responseCacheHits).toBe(600);
  });

  it('answers overlapping scrapes separately', async () => {
    const { workers } = cluster(2);
    const [a, b] = await Promise.all([workers[0]!.collect(), workers[1]!.collect()]);
    expect(a).toEqual(b);
    expect(a.answered).toBe(2);
  });

  it('leaves out a worker that does not answer in time, and says so', async () => {
    const { workers } = cluster(3, { silent: [2], primaryTimeoutMs: 50 });
    expect(await workers[0]!.collect()).toEqual({ counters: sumCounters([counters(1), counters(3)]), answered: 2, expected: 3 });
  });

  it('fails the scrape when the primary does not answer', async () => {
    const { workers } = cluster(2, { primaryGone: true, workerTimeoutMs: 50 });
    await expect(workers[0]!.collect()).rejects.toThrow('the gateway primary did not answer');
  });

  it('outside a cluster, answers with the worker’s own counters; with no cache, zeros', async () => {
    const own = new GatewayCounters();
    expect(await workerMetrics(own, null).collect()).toEqual({ counters: zeroCounters(), answered: 1, expected: 1 });
    own.register(() => counters(4));
    expect((await workerMetrics(own, null).collect()).counters).toEqual(counters(4));
  });

  it('ignores messages that are not its own or are malformed', () => {
    expect(isMetricsMessage({ type: METRICS_COLLECT, id: 'x' })).toBe(true);
    expect(isMetricsMessage({ type: METRICS_REPLY, id: 'x', counters: { responseCacheHits: 1 } })).toBe(false);
    expect(isMetricsMessage({ type: 'sanshe:gateway:response-cache:clear', clearedAt: 1 })).toBe(false);
    expect(new MetricsCollector().handle({ id: 1, isConnected: () => true, send: () => true }, 'shutdown', [])).toBe(false);
  });

  it('renders Prometheus text that reads back', () => {
    const page = renderMetrics(clusterSamples(counters(2), { answered: 2, expected: 2 }));
    expect(page).toContain('# TYPE sanshe_gateway_response_cache_refreshes_deferred_total counter');
    expect(readMetric(page, 'sanshe_gateway_response_cache_hits_total')).toBe(200);
    expect(readMetric(page, 'sanshe_gateway_response_cache_refreshes_deferred_total')).toBe(6);
    expect(readMetric(page, 'sanshe_gateway_response_cache_refreshes_skipped_total')).toBe(8);
    expect(page).toContain('# TYPE sanshe_gateway_response_cache_refreshes_waiting gauge');
    expect(readMetric(page, 'sanshe_gateway_response_cache_refreshes_waiting')).toBe(12);
    expect(readMetric(page, 'sanshe_gateway_workers_answered')).toBe(2);
    expect(readMetric(page, 'sanshe_gateway_entity_fetches_merged_total')).toBe(14);
    expect(readMetric(page, 'sanshe_gateway_entity_fetch_merges_total')).toBe(6);
  });

  it("sums what each of a worker's parts registered (the cache, every subgraph's data source)", () => {
    const own = new GatewayCounters();
    own.register(() => ({ responseCacheHits: 4, responseCacheEntries: 2 }));
    own.register(() => ({ entityFetchesMerged: 2, entityFetchMerges: 1 }));
    own.register(() => ({ entityFetchesMerged: 3, entityFetchMerges: 1 }));
    expect(own.read()).toEqual({ ...zeroCounters(), responseCacheHits: 4, responseCacheEntries: 2, entityFetchesMerged: 5, entityFetchMerges: 2 });
  });
});
