/**
 * k6, the load generator: a Go program, built into .local/bin/k6 (git-ignored) on first use with
 * `go install go.k6.io/k6@latest`, or taken from K6_BIN / the PATH when there.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO_ROOT } from '../../src/local/paths.ts';
import type { K6SummaryExport } from './summary.ts';

export const LOCAL_K6 = join(REPO_ROOT, '.local', 'bin', 'k6');

function works(bin: string): boolean {
  const result = spawnSync(bin, ['version'], { encoding: 'utf8' });
  return result.status === 0;
}

export function ensureK6(log: (line: string) => void): string {
  const candidates = [process.env.K6_BIN, LOCAL_K6, 'k6'].filter((c): c is string => Boolean(c));
  for (const candidate of candidates) if ((candidate === 'k6' || existsSync(candidate)) && works(candidate)) return candidate;

  if (spawnSync('go', ['version']).status !== 0) {
    throw new Error('k6 is missing and Go is not installed: install Go (https://go.dev/dl) or put k6 on the PATH / in K6_BIN');
  }
  log('building k6 into .local/bin (go install go.k6.io/k6@latest; a few minutes the first time)');
  mkdirSync(dirname(LOCAL_K6), { recursive: true });
  const build = spawnSync('go', ['install', 'go.k6.io/k6@latest'], {
    env: { ...process.env, GOBIN: dirname(LOCAL_K6) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (build.status !== 0 || !works(LOCAL_K6)) throw new Error('go install go.k6.io/k6@latest failed');
  return LOCAL_K6;
}

export interface K6Run {
  bin: string;
  script: string;
  env: Record<string, string>;
  vus: number;
  duration?: string;
  iterations?: number;
  /**
   * An open model instead of VUs back to back: this many requests a second, evenly spread, for
   * `duration` (the scripts' `scenarioOptions`, k6's constant-arrival-rate executor).
   */
  rate?: number;
  /** Where k6's own output goes (appended), and its --summary-export JSON. */
  rawLogPath: string;
  summaryPath: string;
}

export async function runK6(run: K6Run): Promise<K6SummaryExport> {
  mkdirSync(dirname(run.rawLogPath), { recursive: true });
  const args = ['run', '--quiet', '--no-usage-report', '--summary-export', run.summaryPath];
  const env = { ...run.env };
  // --vus/--duration on the command line would replace the script's arrival-rate scenario.
  if (run.rate !== undefined) Object.assign(env, { RATE: String(run.rate), VUS: String(run.vus), DURATION: run.duration ?? '30s' });
  else if (run.iterations !== undefined) args.push('--vus', String(run.vus), '--iterations', String(run.iterations));
  else args.push('--vus', String(run.vus), '--duration', run.duration ?? '30s');
  // Percentiles we report; k6 only keeps the ones it is told to.
  args.push('--summary-trend-stats', 'avg,min,med,max,p(50),p(90),p(95),p(99),count');
  for (const [key, value] of Object.entries(env)) args.push('--env', `${key}=${value}`);
  args.push(run.script);

  const log = createWriteStream(run.rawLogPath, { flags: 'a' });
  log.write(`\n$ k6 ${args.map((a) => (a.includes(' ') ? JSON.stringify(a) : a)).join(' ')}\n`);
  const child = spawn(run.bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve) => log.end(resolve));
  // 99: thresholds crossed — reported, never fatal here.
  if (code !== 0 && code !== 99) throw new Error(`k6 exited with ${code}; see ${run.rawLogPath}`);
  return JSON.parse(readFileSync(run.summaryPath, 'utf8')) as K6SummaryExport;
}
