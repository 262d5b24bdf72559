import { secretsMatch, sendJson, sendMetrics, type Route } from '@sanshe/service-kit';
import type { WorkerMetrics } from './cluster-metrics.ts';
import { clusterSamples } from './counters.ts';

/**
 * `/metrics` on the gateway's public port: off (404) unless GATEWAY_METRICS_TOKEN is set, and then
 * only for `Authorization: Bearer <token>`, because what a cache holds and how often it is read is
 * operators' business, not the public's.
 */
export function metricsRoute(token: string | undefined, metrics: WorkerMetrics): Route {
  return async (req, res, url) => {
    if (url.pathname !== '/metrics') return false;
    if (!token) {
      sendJson(res, 404, { error: 'not found' });
      return true;
    }
    const header = req.headers.authorization;
    if (!secretsMatch(header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined, token)) {
      sendJson(res, 401, { error: 'metrics need the metrics token' }, { 'www-authenticate': 'Bearer' });
      return true;
    }
    try {
      const totals = await metrics.collect();
      sendMetrics(res, clusterSamples(totals.counters, totals));
    } catch (error) {
      sendJson(res, 503, { error: (error as Error).message });
    }
    return true;
  };
}
