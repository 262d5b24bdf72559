import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after graceMs. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  script: string;
  env: Record<string, string>;
  /** Where output goes: the terminal (pretty, prefixed) or a log file. */
  output: { kind: 'terminal' } | { kind: 'file'; path: string };
  /** Write a V8 CPU profile of the process (and of its cluster workers) here when it exits. */
  profileDir?: string;
}

/** node's flags for a CPU profile (they are refused in NODE_OPTIONS, so they go on the command line). */
export function cpuProfileArgs(dir: string | undefined): string[] {
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/** pino's JSON lines, made readable for a developer watching `pnpm start`. */
function prettyLine(name: string, line: string): string {
  try {
    const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } } & Record<string, unknown>;
    const level = LEVELS[entry.level ?? 30] ?? 'info';
    const detail = entry.err?.message ? ` — ${entry.err.message}` : '';
    return `[${name}] ${level === 'info' ? '' : `${level.toUpperCase()} `}${entry.msg ?? ''}${detail}`;
  } catch {
    return `[${name}] ${line}`;
  }
}

/** One of the platform's Node scripts (a subgraph, the gateway) on this project's Node. */
export function spawnNode(options: SpawnOptions): ManagedProcess {
  const args = [...cpuProfileArgs(options.profileDir && join(options.profileDir, options.name)), options.script];
  return spawnProcess({ name: options.name, command: process.execPath, args, env: options.env, output: options.output });
}

/**
 * Any program, stopped with SIGTERM then SIGKILL; its output to the terminal or a log file. The
 * benchmark starts a peer gateway and k6 this way, beside the platform's own processes.
 */
export function spawnProcess(options: {
  name: string;
  command: string;
  args: string[];
  cwd?: string;
  env: Record<string, string>;
  output: SpawnOptions['output'];
}): ManagedProcess {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (options.output.kind === 'terminal') {
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => console.log(prettyLine(options.name, line)));
    }
  } else {
    mkdirSync(dirname(options.output.path), { recursive: true });
    const file = createWriteStream(options.output.path, { flags: 'a' });
    child.stdout!.pipe(file);
    child.stderr!.pipe(file);
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    name: options.name,
    child,
    exited,
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs a script to completion (migrations); rejects with its output when it fails. */
export async function runNode(script: string, env: Record<string, string>): Promise<void> {
  const child = spawn(process.execPath, [script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${script} exited with ${code}:\n${output}`);
}

/** Polls an HTTP URL until it answers 200 or the process exits. */
export async function waitForHttp(url: string, process: ManagedProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void process.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${process.name} exited before ${url} answered`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}
