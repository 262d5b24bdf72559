/**
 * Our gateway's response cache counters (`/metrics`, summed over its workers), read around each
 * scenario: how many reads were fresh hits, stale hits, misses and misses that waited for a read of
 * the same key under way (coalesced), and how many background
 * refreshes started or were deferred by the refresh budget (their key waiting in line), and how
 * many waiting keys were dropped when their turn came (skipped: another worker's refresh got there
 * first or is under way, or the entry expired or was cleared).
 */
import { randomBytes } from 'node:crypto';
import { metricsUrlOf, scrapeMetrics } from '@sanshe/service-kit';

export const BENCH_METRICS_TOKEN = randomBytes(18).toString('hex');

export interface CacheCounts {
  hits: number;
  staleHits: number;
  misses: number;
  coalesced: number;
  refreshes: number;
  deferred: number;
  skipped: number;
}

const NAMES: Record<keyof CacheCounts, string> = {
  hits: 'sanshe_gateway_response_cache_hits_total',
  staleHits: 'sanshe_gateway_response_cache_stale_hits_total',
  misses: 'sanshe_gateway_response_cache_misses_total',
  coalesced: 'sanshe_gateway_response_cache_coalesced_total',
  refreshes: 'sanshe_gateway_response_cache_refreshes_total',
  deferred: 'sanshe_gateway_response_cache_refreshes_deferred_total',
  skipped: 'sanshe_gateway_response_cache_refreshes_skipped_total',
};

export function readCacheCounts(gatewayUrl: string, token = BENCH_METRICS_TOKEN): Promise<CacheCounts> {
  return scrapeMetrics(metricsUrlOf(gatewayUrl), { authorization: `Bearer ${token}` }, NAMES);
}

export function cacheDelta(before: CacheCounts, after: CacheCounts): CacheCounts {
  return {
    hits: after.hits - before.hits,
    staleHits: after.staleHits - before.staleHits,
    misses: after.misses - before.misses,
    coalesced: after.coalesced - before.coalesced,
    refreshes: after.refreshes - before.refreshes,
    deferred: after.deferred - before.deferred,
    skipped: after.skipped - before.skipped,
  };
}
