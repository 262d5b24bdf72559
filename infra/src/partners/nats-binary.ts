// The partner-facing nats-server: a pinned 2.10+ build, because the Debian package (2.9.10) knows
// neither `jetstream { sync_interval: always }` (fsync before every ack) nor consumers with several
// `filter_subjects`. Found in this order:
//   1. SANSHE_NATS_SERVER (a path to a nats-server binary of 2.10 or later),
//   2. <repo>/.local/bin/nats-server if it is the pinned version,
//   3. a nats-server on PATH of 2.10 or later,
//   4. built here from the Go module proxy: `go install github.com/nats-io/nats-server/v2@<pinned>`
//      into <repo>/.local/bin (git-ignored; never committed). Takes ~45 s cold, once per clone.
import { execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { natsVersionAtLeast } from '@sanshe/service-kit';
import { LOCAL_STATE_DIR } from '../local/paths.ts';

/** The nats-server release the project builds and tests against. */
export const NATS_SERVER_VERSION = 'v2.14.9';
export const NATS_SERVER_MODULE = 'github.com/nats-io/nats-server/v2';
export const LOCAL_BIN_DIR = join(LOCAL_STATE_DIR, 'bin');
export const LOCAL_NATS_SERVER = join(LOCAL_BIN_DIR, 'nats-server');

export interface NatsServerBinary {
  path: string;
  version: string;
  source: 'env' | 'local-build' | 'path' | 'built-now';
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `nats-server --version` → "2.14.9", or undefined when it does not run. */
export function versionOf(path: string): string | undefined {
  try {
    const out = execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 5000 });
    return /v?(\d+\.\d+\.\d+)/.exec(out)?.[1];
  } catch {
    return undefined;
  }
}


function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && executable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** The binary if one is already here (no build). */
export function findNatsServer(): NatsServerBinary | undefined {
  const fromEnv = process.env.SANSHE_NATS_SERVER?.trim();
  if (fromEnv) {
    const version = versionOf(fromEnv);
    if (!version || !natsVersionAtLeast(version, 2, 10)) {
      throw new Error(`SANSHE_NATS_SERVER=${fromEnv} is not a nats-server of 2.10 or later (found ${version ?? 'nothing runnable'})`);
    }
    return { path: fromEnv, version, source: 'env' };
  }
  if (executable(LOCAL_NATS_SERVER)) {
    const version = versionOf(LOCAL_NATS_SERVER);
    if (version && `v${version}` === NATS_SERVER_VERSION) return { path: LOCAL_NATS_SERVER, version, source: 'local-build' };
  }
  const system = onPath('nats-server');
  if (system) {
    const version = versionOf(system);
    if (version && natsVersionAtLeast(version, 2, 10)) return { path: system, version, source: 'path' };
  }
  return undefined;
}

function goBinary(): string {
  const found = onPath('go') ?? (executable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
  if (!found) {
    throw new Error(
      `the partner-facing NATS needs nats-server ${NATS_SERVER_VERSION} (2.10+), and neither it nor Go is installed. ` +
        `Install Go (https://go.dev/dl) or set SANSHE_NATS_SERVER to a nats-server 2.10+ binary.`,
    );
  }
  return found;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Returns a 2.10+ nats-server, building the pinned version into .local/bin when there is none.
 * Safe to call from several processes at once: one builds (a lock directory), the others wait.
 */
export async function ensureNatsServer(log: (line: string) => void = (l) => console.log(`[nats-server] ${l}`)): Promise<NatsServerBinary> {
  const found = findNatsServer();
  if (found) return found;
  mkdirSync(LOCAL_BIN_DIR, { recursive: true });
  const lock = join(LOCAL_BIN_DIR, '.nats-server-build.lock');
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let owner = 0;
      try {
        owner = Number(readFileSync(join(lock, 'pid'), 'utf8'));
      } catch {
        // being created or removed
      }
      if (owner && !isAlive(owner)) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`waited 10 minutes for another build of nats-server (${lock})`);
      await new Promise((r) => setTimeout(r, 500));
      const built = findNatsServer();
      if (built) return built;
    }
  }
  try {
    const again = findNatsServer();
    if (again) return again;
    const go = goBinary();
    const staging = join(LOCAL_BIN_DIR, `.build-${process.pid}`);
    rmSync(staging, { recursive: true, force: true });
    mkdirSync(staging, { recursive: true });
    log(`building nats-server ${NATS_SERVER_VERSION} with ${go} into ${LOCAL_BIN_DIR} (once; ~1 minute)`);
    const started = Date.now();
    await new Promise<void>((resolve, reject) => {
      const child = spawn(go, ['install', `${NATS_SERVER_MODULE}@${NATS_SERVER_VERSION}`], {
        env: { ...process.env, GOBIN: staging, GOFLAGS: '-buildvcs=false', CGO_ENABLED: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d) => (output += d));
      child.stderr.on('data', (d) => (output += d));
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`go install exited with ${code}:\n${output.slice(-4000)}`))));
    });
    if (!existsSync(join(staging, 'nats-server'))) throw new Error(`go install left no nats-server in ${staging}`);
    renameSync(join(staging, 'nats-server'), LOCAL_NATS_SERVER);
    rmSync(staging, { recursive: true, force: true });
    const version = versionOf(LOCAL_NATS_SERVER);
    if (!version) throw new Error(`the nats-server built into ${LOCAL_NATS_SERVER} does not run`);
    log(`built nats-server ${version} in ${Math.round((Date.now() - started) / 1000)} s`);
    return { path: LOCAL_NATS_SERVER, version, source: 'built-now' };
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

// `node infra/src/partners/nats-binary.ts`: build (or find) it and say where it is.
if (import.meta.url === `file://${process.argv[1]}`) {
  const binary = await ensureNatsServer();
  console.log(`${binary.path} (nats-server ${binary.version}, ${binary.source})`);
}
