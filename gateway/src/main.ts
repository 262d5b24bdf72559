/**
 * `pnpm --filter @sanshe/gateway start`: a node:cluster of GATEWAY_WORKERS gateway processes.
 *
 * Query planning and response merging are CPU work on one thread per process, so the gateway
 * scales across cores with workers that share one listening port (the primary accepts and hands
 * connections out round-robin). The primary serves nothing itself: it forks, restarts workers
 * that die, coordinates a graceful stop, and relays the response cache's stores and clears from
 * each worker to the others (response-cache/cluster-relay.ts), and sums the workers' counters
 * for /metrics (metrics/cluster-metrics.ts).
 */
import cluster, { type Worker } from 'node:cluster';
import { createLogger, type Logger } from '@sanshe/service-kit';
import { loadGatewayEnvironment } from './environment.ts';
import { exportRoutes } from './exports/routes.ts';
import { openDataRoutes } from './open-data/proxy.ts';
import { isResponseCacheMessage, relayToOtherWorkers } from './response-cache/cluster-relay.ts';
import { MetricsCollector } from './metrics/cluster-metrics.ts';
import { startGateway } from './server.ts';
import { loadSupergraph } from './supergraph-file.ts';

const SHUTDOWN_MESSAGE = 'sanshe:gateway:shutdown';
// Waiting a moment before a restart keeps a crashing worker from spinning a core.
const RESTART_DELAY_MS = 1_000;
const CRASH_WINDOW_MS = 30_000;
// Beyond the workers' own grace period: time to stop Apollo and exit.
const FORCE_EXIT_EXTRA_MS = 5_000;

function runPrimary(): void {
  // Parsed here too so a bad environment is reported once, not once per worker.
  const env = loadGatewayEnvironment();
  const logger = createLogger('gateway', env.log.LOG_LEVEL).child({ role: 'primary' });
  try {
    loadSupergraph();
  } catch (error) {
    logger.fatal((error as Error).message);
    process.exit(1);
  }

  const size = env.gateway.GATEWAY_WORKERS;
  // Our own set: cluster.workers drops a worker at exit or at disconnect, whichever comes last.
  const live = new Set<Worker>();
  const restarts = new Set<NodeJS.Timeout>();
  let deaths: number[] = [];
  let stopping = false;
  let exitCode = 0;

  const fork = () => {
    const worker = cluster.fork();
    live.add(worker);
  };

  const shutdown = (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    logger.info({ reason, workers: live.size }, 'stopping workers');
    for (const timer of restarts) clearTimeout(timer);
    restarts.clear();
    if (live.size === 0) process.exit(exitCode);
    for (const worker of live) if (worker.isConnected()) worker.send(SHUTDOWN_MESSAGE);
    setTimeout(() => {
      logger.error({ workers: live.size }, 'workers did not stop in time; killing them');
      killAll();
      process.exit(1);
    }, env.gateway.SHUTDOWN_GRACE_MS + FORCE_EXIT_EXTRA_MS).unref();
  };

  const killAll = () => {
    for (const worker of live) worker.process.kill('SIGKILL');
  };

  // A worker asked for /metrics: the primary sums every worker's counters (metrics/cluster-metrics.ts).
  const metrics = new MetricsCollector();

  cluster.on('listening', (worker, address) => {
    logger.info({ worker: worker.id, pid: worker.process.pid, port: address.port }, 'worker listening');
  });

  // Workers cannot message each other: what one stores or clears in its response cache, the
  // primary passes on to the rest. Other messages are not ours.
  cluster.on('message', (worker, message) => {
    if (!stopping && isResponseCacheMessage(message)) relayToOtherWorkers(worker, message, live);
    else if (!stopping) metrics.handle(worker, message, live);
  });

  cluster.on('exit', (worker, code, signal) => {
    live.delete(worker);
    if (stopping) {
      if (live.size === 0) {
        logger.info('all workers stopped');
        process.exit(exitCode);
      }
      return;
    }
    // Any exit the primary did not ask for is unexpected: keep the pool at its size.
    logger.error({ worker: worker.id, pid: worker.process.pid, code, signal }, 'worker exited unexpectedly');
    const now = Date.now();
    deaths = [...deaths.filter((at) => now - at < CRASH_WINDOW_MS), now];
    // Workers that die as fast as they are forked (port taken, broken supergraph) will not heal.
    if (deaths.length > size + 3) {
      logger.fatal({ deaths: deaths.length, windowMs: CRASH_WINDOW_MS }, 'workers keep dying; giving up');
      shutdown('crash loop', 1);
      return;
    }
    logger.info({ delayMs: RESTART_DELAY_MS }, 'restarting a worker');
    const timer = setTimeout(() => {
      restarts.delete(timer);
      if (!stopping) fork();
    }, RESTART_DELAY_MS);
    restarts.add(timer);
  });

  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      // A second Ctrl+C or SIGTERM: the operator does not want to wait.
      logger.warn({ signal }, 'second signal; killing workers');
      killAll();
      process.exit(1);
    }
    shutdown(signal, 0);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  logger.info({ workers: size, port: env.gateway.GATEWAY_PORT }, 'starting gateway workers');
  for (let i = 0; i < size; i += 1) fork();
}

function runWorker(): void {
  const env = loadGatewayEnvironment();
  const logger: Logger = createLogger('gateway', env.log.LOG_LEVEL).child({ worker: cluster.worker?.id });
  const started = startGateway(env, { logger, routes: [...openDataRoutes(env, logger), ...exportRoutes(logger)] });
  started.catch((error) => {
    logger.fatal({ err: error }, 'gateway failed to start');
    process.exit(1);
  });

  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down');
    started
      .then((gateway) => gateway.stop())
      .then(
        () => process.exit(0),
        (error) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };

  // The primary's request. Ctrl+C also signals every worker directly (same process group), so
  // a repeated request is normal and must not turn into a forced exit.
  process.on('message', (message) => {
    if (message === SHUTDOWN_MESSAGE) stop('primary');
  });
  // The primary is gone (killed hard): nobody would restart or stop this worker, so stop.
  process.on('disconnect', () => stop('primary disconnected'));

  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) process.exit(1);
    stop(signal);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

if (import.meta.main) {
  if (cluster.isPrimary) runPrimary();
  else runWorker();
}
