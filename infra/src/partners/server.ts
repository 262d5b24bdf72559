// Runs the partner-facing nats-server from a generated configuration: start, SIGKILL, restart on
// the same ports and store (the fault tests), reload after a registry change (SIGHUP), stop.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readNatsInfo } from '../local/nats.ts';
import { freePort, isPortOpen } from '../local/ports.ts';
import type { ServerSecrets } from './credentials.ts';
import { ensurePartnerCredentials, loadOrCreateSecrets, type PartnerCredentialsFile } from './credentials.ts';
import { ensureNatsServer } from './nats-binary.ts';
import type { Registry } from './registry.ts';
import { renderServerConfig, type PartnerServerSettings } from './server-config.ts';

export interface GeneratedConfig {
  configPath: string;
  secrets: ServerSecrets;
  credentials: Record<string, PartnerCredentialsFile>;
  settings: PartnerServerSettings;
}

export function platformUrl(settings: Pick<PartnerServerSettings, 'host' | 'port'>): string {
  return `nats://${settings.host}:${settings.port}`;
}

export function partnerUrl(settings: Pick<PartnerServerSettings, 'websocketHost' | 'websocketPort'>): string {
  return `ws://${settings.websocketHost}:${settings.websocketPort}`;
}

/** Writes nats.conf, secrets.json and every partner's credentials file into `dir`. */
export function writeServerConfig(dir: string, registry: Registry, settings: PartnerServerSettings): GeneratedConfig {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const secrets = loadOrCreateSecrets(dir);
  const credentials = ensurePartnerCredentials(dir, registry, {
    servers: [partnerUrl(settings)],
    prefix: settings.prefix,
    stream: settings.stream,
  });
  const publicKeys = Object.fromEntries(Object.entries(credentials).map(([id, c]) => [id, c.publicKey]));
  const configPath = join(dir, 'nats.conf');
  writeFileSync(configPath, renderServerConfig(registry, secrets, publicKeys, settings), { mode: 0o600 });
  return { configPath, secrets, credentials, settings };
}

export interface RunningPartnerServer {
  settings: PartnerServerSettings;
  /** For the platform's services (anonymous = platform). */
  url: string;
  /** For partners. */
  partnerUrl: string;
  pid(): number | undefined;
  /** Sends a signal to the server process (SIGKILL in the fault tests). Resolves when it exited (for kill signals). */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same ports and store. */
  restart(): Promise<void>;
  /** Re-reads the configuration (after a registry change). */
  reload(): Promise<void>;
  stop(): Promise<void>;
  logPath: string;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Settings with free ports on loopback; the store under `dir`. */
export async function localSettings(dir: string, overrides: Partial<PartnerServerSettings> = {}): Promise<PartnerServerSettings> {
  const prefix = overrides.prefix ?? 'sanshe';
  return {
    prefix,
    stream: `${prefix.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_EVENTS`,
    serverName: 'sanshe-events',
    host: '127.0.0.1',
    port: overrides.port ?? (await freePort()),
    websocketHost: '127.0.0.1',
    websocketPort: overrides.websocketPort ?? (await freePort()),
    storeDir: join(dir, 'jetstream'),
    syncInterval: 'always',
    monitorPort: 0,
    ...overrides,
  };
}

/**
 * Starts nats-server with `configPath`. Resolves once both listeners answer and JetStream is up.
 * The server is stopped when this process exits.
 */
export async function startPartnerServer(options: {
  configPath: string;
  settings: PartnerServerSettings;
  log?: (line: string) => void;
  logPath?: string;
}): Promise<RunningPartnerServer> {
  const { configPath, settings } = options;
  const log = options.log ?? ((line: string) => console.log(`[partners nats] ${line}`));
  const binary = await ensureNatsServer(log);
  const logPath = options.logPath ?? join(dirname(configPath), 'nats-server.log');
  mkdirSync(settings.storeDir, { recursive: true });
  let child: ChildProcess | null = null;
  let exited = true;

  const launch = async () => {
    const c = spawn(binary.path, ['-c', configPath, '-l', logPath], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = c;
    exited = false;
    let stderr = '';
    c.stderr?.on('data', (d) => (stderr += d));
    c.once('exit', () => {
      exited = true;
    });
    c.unref();
    (c.stderr as unknown as { unref?: () => void } | null)?.unref?.();
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      if (exited) throw new Error(`nats-server exited at start: ${stderr.trim() || `see ${logPath}`}`);
      const info = await readNatsInfo(settings.host, settings.port, 500);
      if (info?.jetstream === true && (await isPortOpen(settings.websocketHost, settings.websocketPort, 500))) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    c.kill('SIGKILL');
    throw new Error(`nats-server did not come up on ${settings.host}:${settings.port} within 15 s (see ${logPath})`);
  };
  const killOnExit = () => child?.kill('SIGKILL');
  process.once('exit', killOnExit);
  await launch();
  log(`nats-server ${binary.version} (pid ${child!.pid}): platform ${platformUrl(settings)}, partners ${partnerUrl(settings)}, store ${settings.storeDir}`);

  return {
    settings,
    url: platformUrl(settings),
    partnerUrl: partnerUrl(settings),
    logPath,
    pid: () => (exited ? undefined : child?.pid),
    async kill(signal) {
      const c = child;
      if (!c || exited) return;
      c.kill(signal);
      if (signal === 'SIGKILL' || signal === 'SIGTERM' || signal === 'SIGINT') await waitForExit(c, 10_000);
    },
    async restart() {
      if (!exited) throw new Error('nats-server is still running');
      await launch();
    },
    async reload() {
      if (!child || exited) throw new Error('nats-server is not running');
      child.kill('SIGHUP');
      await new Promise((r) => setTimeout(r, 300));
    },
    async stop() {
      process.off('exit', killOnExit);
      const c = child;
      if (!c || exited) return;
      c.kill('SIGTERM');
      if (!(await waitForExit(c, 10_000))) {
        c.kill('SIGKILL');
        await waitForExit(c, 5000);
      }
    },
  };
}

/** Where `pnpm partners server` records the running server, for the other commands. */
export interface ServerState {
  /** nats-server. */
  pid: number;
  /** The `pnpm partners server` process (control plane): re-reads the registry on SIGHUP. */
  controlPid: number;
  url: string;
  partnerUrl: string;
  prefix: string;
  stream: string;
  configPath: string;
}

export function writeServerState(dir: string, state: ServerState): void {
  writeFileSync(join(dir, 'server.json'), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
}
