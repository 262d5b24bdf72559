/**
 * Hive Gateway (`@graphql-hive/gateway`, The Guild's federation gateway), the comparison for our
 * gateway. It lives in its own small npm project, infra/bench/hive-gateway, outside the pnpm
 * workspace: the registry mirror this project installs from holds @graphql-tools/delegate 12.3.x
 * but not the @graphql-tools/batch-execute 10.3.x it needs, and only npm's `overrides` in that
 * project's own package.json (pinned by its package-lock.json) can hold delegate at 12.2.1 without
 * a workspace-wide override. Installed with `npm ci` on first use.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../src/local/paths.ts';
import { spawnProcess, waitForHttp, type ManagedProcess } from '../../src/stack/processes.ts';

export const HIVE_DIR = join(REPO_ROOT, 'infra', 'bench', 'hive-gateway');
const HIVE_BIN = join(HIVE_DIR, 'node_modules', '@graphql-hive', 'gateway', 'dist', 'bin.js');

export function ensureHiveGateway(log: (line: string) => void): string {
  if (existsSync(HIVE_BIN)) return HIVE_BIN;
  log('installing Hive Gateway into infra/bench/hive-gateway (npm ci, once)');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: HIVE_DIR, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0 || !existsSync(HIVE_BIN)) throw new Error('npm ci in infra/bench/hive-gateway failed');
  return HIVE_BIN;
}

export interface HiveGatewayOptions {
  port: number;
  workers: number;
  supergraphPath: string;
  /** The same <KEY>_URL / <KEY>_SECRET / AUTH_* / SUBGRAPH_TIMEOUT_MS our gateway gets. */
  env: Record<string, string>;
  logPath: string;
  /** Flags for node itself (a CPU profile's); its forked workers inherit them. */
  nodeArgs?: string[];
}

export async function startHiveGateway(options: HiveGatewayOptions, log: (line: string) => void): Promise<ManagedProcess> {
  const bin = ensureHiveGateway(log);
  const proc = spawnProcess({
    name: 'hive-gateway',
    command: process.execPath,
    args: [...(options.nodeArgs ?? []), bin, 'supergraph', options.supergraphPath, '--fork', String(options.workers), '--port', String(options.port), '--host', '127.0.0.1', '--config-path', join(HIVE_DIR, 'gateway.config.ts')],
    cwd: HIVE_DIR,
    env: { ...options.env, NODE_ENV: 'production' },
    output: { kind: 'file', path: options.logPath },
  });
  await waitForHttp(`http://127.0.0.1:${options.port}/healthcheck`, proc, 120_000);
  return proc;
}
