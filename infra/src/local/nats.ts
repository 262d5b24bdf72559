// Decides where NATS JetStream comes from: NATS_URL, a server on
// 127.0.0.1:4222, a nats-server we spawn, or none at all ('absent': services
// keep their events in their outboxes until NATS appears).
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, join } from 'node:path';
import { freePort } from './ports.ts';
import { LOCAL_STATE_DIR } from './paths.ts';

export interface NatsTarget {
  mode: 'env' | 'local' | 'spawned' | 'absent';
  url: string;
  stop(): Promise<void>;
  describe(): string;
  /** Process id of the nats-server we spawned (mode 'spawned' only). */
  pid?: number;
}

export interface EnsureNatsOptions {
  /** Environment to read NATS_URL and PATH from (default process.env; PATH falls back to process.env.PATH). */
  env?: Record<string, string | undefined>;
  /** JetStream store directory for a spawned nats-server (default `<repo>/.local/nats`). */
  storeDir?: string;
  log?: (line: string) => void;
  /** Testing: act as if nothing answers on the local port. */
  skipLocal?: boolean;
  /** Testing: the local port to probe (default 4222). */
  localPort?: number;
}

/** What the server sends in its first `INFO {...}` line (only the fields we use). */
export interface NatsServerInfo {
  server_id?: string;
  version?: string;
  jetstream?: boolean;
  [key: string]: unknown;
}

export const DEFAULT_NATS_STORE_DIR = join(LOCAL_STATE_DIR, 'nats');
export const LOCAL_NATS_HOST = '127.0.0.1';
export const LOCAL_NATS_PORT = 4222;

const PROBE_TIMEOUT_MS = 1500;
const SPAWN_READY_TIMEOUT_MS = 10_000;

const defaultLog = (line: string) => console.log(`[nats] ${line}`);

/**
 * Connects to host:port and reads the `INFO {...}` line a NATS server sends
 * first. Resolves undefined when nothing answers, or when what answers is not NATS.
 */
export function readNatsInfo(host: string, port: number, timeoutMs = PROBE_TIMEOUT_MS): Promise<NatsServerInfo | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    let buffer = '';
    let settled = false;
    const finish = (info: NatsServerInfo | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(info);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      const end = buffer.indexOf('\r\n');
      if (end === -1) {
        if (buffer.length > 64 * 1024) finish(undefined);
        return;
      }
      const line = buffer.slice(0, end);
      if (!line.startsWith('INFO ')) return finish(undefined);
      try {
        finish(JSON.parse(line.slice(5)) as NatsServerInfo);
      } catch {
        finish(undefined);
      }
    });
    socket.once('error', () => finish(undefined));
    socket.once('close', () => finish(undefined));
  });
}

const version = (info: NatsServerInfo) => (info.version ? ` ${info.version}` : '');

/** Absolute path of an executable called `name` on PATH, if there is one. */
function findOnPath(name: string, pathVariable: string | undefined): string | undefined {
  for (const dir of (pathVariable ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export async function ensureNats(options: EnsureNatsOptions = {}): Promise<NatsTarget> {
  const env = options.env ?? process.env;
  const log = options.log ?? defaultLog;

  const fromEnv = env.NATS_URL?.trim();
  if (fromEnv) {
    const target = fixedTarget('env', fromEnv, `NATS at ${fromEnv} (NATS_URL)`);
    log(`using ${target.describe()}`);
    return target;
  }

  if (!options.skipLocal) {
    const port = options.localPort ?? LOCAL_NATS_PORT;
    const info = await readNatsInfo(LOCAL_NATS_HOST, port);
    if (info?.jetstream === true) {
      const url = `nats://${LOCAL_NATS_HOST}:${port}`;
      const target = fixedTarget('local', url, `NATS${version(info)} with JetStream at ${LOCAL_NATS_HOST}:${port}`);
      log(`using ${target.describe()}`);
      return target;
    }
    if (info) {
      log(
        `NATS${version(info)} at ${LOCAL_NATS_HOST}:${port} answers but JetStream is not enabled ` +
          `(restart it with -js); looking for another NATS`,
      );
    }
  }

  const executable = findOnPath('nats-server', env.PATH ?? process.env.PATH);
  if (executable) {
    const target = await spawnNats(executable, options.storeDir ?? DEFAULT_NATS_STORE_DIR, log);
    log(`using ${target.describe()}`);
    return target;
  }

  const url = `nats://${LOCAL_NATS_HOST}:${LOCAL_NATS_PORT}`;
  log(
    `no NATS with JetStream found: NATS_URL is not set, nothing with JetStream answers on ${LOCAL_NATS_HOST}:${LOCAL_NATS_PORT}, ` +
      `and nats-server is not on PATH. Install it (apt-get install nats-server) or set NATS_URL. ` +
      `Services keep serving and hold their events in their outboxes until NATS appears at ${url}.`,
  );
  return fixedTarget('absent', url, `no NATS (expected at ${url}; events wait in the outboxes)`);
}

function fixedTarget(mode: NatsTarget['mode'], url: string, description: string): NatsTarget {
  return {
    mode,
    url,
    async stop() {
      // not ours to stop
    },
    describe: () => description,
  };
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.off('exit', onExit);
      resolve(false);
    }, ms);
    const onExit = () => {
      clearTimeout(timer);
      resolve(true);
    };
    child.once('exit', onExit);
  });
}

/**
 * Starts `executable` with JetStream on a free port of 127.0.0.1, its store in `storeDir`, and
 * waits until it answers. The server is stopped by `stop()` or when this process exits.
 */
export async function spawnNats(executable: string, storeDir: string, log: (line: string) => void = defaultLog): Promise<NatsTarget> {
  mkdirSync(storeDir, { recursive: true });
  let lastError = '';
  // The free port can be taken between freePort() and nats-server binding it: retry.
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort(LOCAL_NATS_HOST);
    const args = ['-js', '-a', LOCAL_NATS_HOST, '-p', String(port), '-sd', storeDir];
    const child = spawn(executable, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    const keep = (chunk: Buffer) => {
      output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      if (output.length > 40) output.splice(0, output.length - 40);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let exited = false;
    child.once('exit', () => {
      exited = true;
    });
    child.once('error', (error) => {
      exited = true; // could not be started at all
      output.push(error.message);
    });

    const deadline = Date.now() + SPAWN_READY_TIMEOUT_MS;
    let ready = false;
    while (!exited && Date.now() < deadline) {
      const info = await readNatsInfo(LOCAL_NATS_HOST, port, 500);
      if (info?.jetstream === true) {
        ready = true;
        break;
      }
      if (exited) break;
      await new Promise((r) => setTimeout(r, 100));
    }

    if (!ready) {
      child.kill('SIGKILL');
      await waitForExit(child, 2000);
      lastError = output.slice(-5).join(' | ') || `exit code ${child.exitCode}`;
      log(`nats-server on port ${port} did not start (attempt ${attempt}): ${lastError}`);
      continue;
    }

    // Don't let the server keep this process alive, and don't leave it behind.
    child.unref();
    (child.stdout as unknown as { unref?: () => void } | null)?.unref?.();
    (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
    const killOnExit = () => child.kill('SIGTERM');
    process.once('exit', killOnExit);

    const url = `nats://${LOCAL_NATS_HOST}:${port}`;
    const pid = child.pid;
    log(`spawned ${executable} (pid ${pid}) with JetStream on ${LOCAL_NATS_HOST}:${port}, store ${storeDir}`);
    let stopping: Promise<void> | undefined;
    return {
      mode: 'spawned',
      url,
      pid,
      stop() {
        stopping ??= (async () => {
          process.off('exit', killOnExit);
          if (exited) return;
          child.kill('SIGTERM');
          if (!(await waitForExit(child, 5000))) {
            child.kill('SIGKILL');
            await waitForExit(child, 2000);
          }
        })();
        return stopping;
      },
      describe: () => `nats-server spawned by us (pid ${pid}) with JetStream at ${LOCAL_NATS_HOST}:${port}, store ${storeDir}`,
    };
  }
  throw new Error(`could not start nats-server (${executable}): ${lastError}`);
}
