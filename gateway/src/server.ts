import { createLogger, startHttpServer, type Logger, type Route } from '@sanshe/service-kit';
import { createContextFunction, type GatewayContext } from './context.ts';
import type { GatewayEnvironment } from './environment.ts';
import { createGateway } from './gateway.ts';
import { subgraphReadiness } from './readiness.ts';
import { workerMetrics, type MetricsMessage } from './metrics/cluster-metrics.ts';
import { GatewayCounters } from './metrics/counters.ts';
import { metricsRoute } from './metrics/route.ts';
import { clusterWorkerChannel } from './response-cache/cluster-relay.ts';

export interface StartGatewayOptions {
  /** Extra HTTP routes tried before /graphql (e.g. /open-data/...). */
  routes?: Route[];
  supergraphSdl?: string;
  logger?: Logger;
}

export interface RunningGateway {
  port: number;
  url: string;
  logger: Logger;
  /** Stops accepting, lets requests in flight finish (SHUTDOWN_GRACE_MS at most), then stops Apollo. */
  stop(): Promise<void>;
}

// A readiness probe must answer before the orchestrator's own probe timeout (commonly 1–5 s).
const READINESS_PROBE_MS = 2_000;

/** Serves /graphql, /healthz, /readyz, /metrics and the extra routes on GATEWAY_HOST:GATEWAY_PORT. */
export async function startGateway(env: GatewayEnvironment, options: StartGatewayOptions = {}): Promise<RunningGateway> {
  const logger = options.logger ?? createLogger('gateway', env.log.LOG_LEVEL);
  const counters = new GatewayCounters();
  const apollo = createGateway(env, { supergraphSdl: options.supergraphSdl, logger, counters });
  // In a cluster the worker a scrape reaches sums every worker's counters through the primary.
  const metrics = workerMetrics(counters, env.gateway.GATEWAY_WORKERS > 1 ? clusterWorkerChannel<MetricsMessage>() : null);
  // Started before listening: the supergraph is loaded and the query planner built, so the first
  // request does not pay for it and a broken supergraph fails the start instead of a request.
  await apollo.start();

  const http = await startHttpServer<GatewayContext>(
    {
      apollo,
      logger,
      routes: [metricsRoute(env.gateway.GATEWAY_METRICS_TOKEN, metrics), ...(options.routes ?? [])],
      context: createContextFunction(env),
      readiness: subgraphReadiness(env.subgraphs, Math.min(READINESS_PROBE_MS, env.gateway.SUBGRAPH_TIMEOUT_MS)),
    },
    { host: env.gateway.GATEWAY_HOST, port: env.gateway.GATEWAY_PORT },
  );
  const url = `http://${env.gateway.GATEWAY_HOST}:${http.port}/graphql`;
  logger.info({ url }, 'gateway listening');

  let stopped: Promise<void> | null = null;
  return {
    port: http.port,
    url,
    logger,
    stop() {
      // Idempotent: a signal and an IPC shutdown can both ask.
      stopped ??= (async () => {
        await http.close(env.gateway.SHUTDOWN_GRACE_MS);
        await apollo.stop();
        metrics.close();
        logger.info('gateway stopped');
      })();
      return stopped;
    },
  };
}
