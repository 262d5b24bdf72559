import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { SERVICES, SERVICE_PORT, repoRoot, serviceEnvKey, type ServiceName } from '../services.ts';
import { runNode, spawnNode, waitForHttp, type ManagedProcess } from './processes.ts';

export interface PlatformOptions {
  /** Database URL per service (already created). */
  databaseUrls: Record<ServiceName, string>;
  natsUrl: string;
  eventPrefix: string;
  gatewayPort: number;
  servicePorts?: Partial<Record<ServiceName, number>>;
  poolMax: number;
  outboxListen: boolean;
  gatewayWorkers?: number;
  logLevel?: string;
  /** Terminal output for `pnpm start`; a log directory for tests. */
  logDir?: string;
  /** Wait for /readyz (NATS reachable) instead of /healthz. */
  waitForReady?: boolean;
  /** Extra variables for every subgraph (the benchmark runs them with NODE_ENV=production). */
  serviceEnv?: Record<string, string>;
  /** CPU profiles of every process, one folder per process, written when they stop. */
  profileDir?: string;
  /** Extra gateway variables (the identity provider's AUTH_* …). */
  gatewayEnv?: Record<string, string>;
}

export interface RunningPlatform {
  gatewayUrl: string;
  serviceUrls: Record<ServiceName, string>;
  secrets: Record<ServiceName, string>;
  processes: ManagedProcess[];
  stop(): Promise<void>;
}

/**
 * Migrates the five databases (each service's own migrate command), starts the five subgraph
 * processes and then the gateway. Used by `pnpm start` and by the end-to-end tests.
 */
export async function startPlatform(options: PlatformOptions): Promise<RunningPlatform> {
  const script = (service: string, file: string) => join(repoRoot, 'services', service, 'src', file);
  const output = (name: string) =>
    options.logDir ? ({ kind: 'file', path: join(options.logDir, `${name}.log`) } as const) : ({ kind: 'terminal' } as const);

  await Promise.all(SERVICES.map((service) => runNode(script(service, 'migrate.ts'), { DATABASE_URL: options.databaseUrls[service] })));

  // Fresh secrets per start: a subgraph answers only the gateway started with it.
  const secrets = Object.fromEntries(SERVICES.map((s) => [s, randomBytes(24).toString('hex')])) as Record<ServiceName, string>;
  const serviceUrls = {} as Record<ServiceName, string>;
  const processes: ManagedProcess[] = [];
  const stop = async () => {
    // Gateway first, so no request reaches a subgraph that is going away.
    const gateway = processes.filter((p) => p.name === 'gateway');
    await Promise.all(gateway.map((p) => p.stop()));
    await Promise.all(processes.filter((p) => p.name !== 'gateway').map((p) => p.stop()));
  };
  try {
    await Promise.all(
      SERVICES.map(async (service) => {
        const port = options.servicePorts?.[service] ?? SERVICE_PORT[service];
        const proc = spawnNode({
          name: service,
          script: script(service, 'main.ts'),
          output: output(service),
          profileDir: options.profileDir,
          env: {
            PORT: String(port),
            DATABASE_URL: options.databaseUrls[service],
            DATABASE_POOL_MAX: String(options.poolMax),
            SUBGRAPH_SECRET: secrets[service],
            NATS_URL: options.natsUrl,
            EVENT_PREFIX: options.eventPrefix,
            OUTBOX_LISTEN: String(options.outboxListen),
            LOG_LEVEL: options.logLevel ?? 'info',
            ...options.serviceEnv,
          },
        });
        processes.push(proc);
        serviceUrls[service] = `http://127.0.0.1:${port}/graphql`;
        await waitForHttp(`http://127.0.0.1:${port}/${options.waitForReady ? 'readyz' : 'healthz'}`, proc);
      }),
    );
    const gatewayEnv: Record<string, string> = {
      GATEWAY_PORT: String(options.gatewayPort),
      LOG_LEVEL: options.logLevel ?? 'info',
    };
    if (options.gatewayWorkers) gatewayEnv.GATEWAY_WORKERS = String(options.gatewayWorkers);
    Object.assign(gatewayEnv, options.gatewayEnv);
    for (const service of SERVICES) {
      gatewayEnv[`${serviceEnvKey(service)}_URL`] = serviceUrls[service];
      gatewayEnv[`${serviceEnvKey(service)}_SECRET`] = secrets[service];
    }
    const gateway = spawnNode({ name: 'gateway', script: join(repoRoot, 'gateway', 'src', 'main.ts'), output: output('gateway'), env: gatewayEnv, profileDir: options.profileDir });
    processes.push(gateway);
    await waitForHttp(`http://127.0.0.1:${options.gatewayPort}/healthz`, gateway);
  } catch (error) {
    await stop();
    throw error;
  }
  return { gatewayUrl: `http://localhost:${options.gatewayPort}/graphql`, serviceUrls, secrets, processes, stop };
}
