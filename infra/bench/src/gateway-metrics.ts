/**
 * Our gateway's response cache counters (`/metrics`, summed over its workers), read around each
 * scenario: how many reads were fresh hits, stale hits and misses, and how many background
 * refreshes started or were deferred by the refresh budget.
 */
import { randomBytes } from 'node:crypto';
import { readMetric } from '@sanshe/service-kit';

export const BENCH_METRICS_TOKEN = randomBytes(18).toString('hex');

export interface CacheCounts {
  hits: number;
  staleHits: number;
  misses: number;
  refreshes: number;
  deferred: number;
}

const NAMES: Record<keyof CacheCounts, string> = {
  hits: 'hits_total',
  staleHits: 'stale_hits_total',
  misses: 'misses_total',
  refreshes: 'refreshes_total',
  deferred: 'refreshes_deferred_total',
};

export async function readCacheCounts(gatewayUrl: string, token = BENCH_METRICS_TOKEN): Promise<CacheCounts> {
  const response = await fetch(gatewayUrl.replace(/\/graphql$/, '/metrics'), { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`gateway /metrics answered ${response.status}`);
  const page = await response.text();
  const counts = {} as CacheCounts;
  for (const [key, name] of Object.entries(NAMES) as [keyof CacheCounts, string][]) {
    const value = readMetric(page, `sanshe_gateway_response_cache_${name}`);
    if (value === null) throw new Error(`gateway /metrics has no ${name}`);
    counts[key] = value;
  }
  return counts;
}

export function cacheDelta(before: CacheCounts, after: CacheCounts): CacheCounts {
  return {
    hits: after.hits - before.hits,
    staleHits: after.staleHits - before.staleHits,
    misses: after.misses - before.misses,
    refreshes: after.refreshes - before.refreshes,
    deferred: after.deferred - before.deferred,
  };
}
