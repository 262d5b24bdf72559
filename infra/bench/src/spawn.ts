import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ManagedProcess } from '../../src/stack/processes.ts';

/** Like the stack's spawnNode, with arguments and a working directory, output to a log file. */
export function spawnLogged(options: { name: string; command: string; args: string[]; cwd?: string; env: Record<string, string>; logPath: string }): ManagedProcess {
  mkdirSync(dirname(options.logPath), { recursive: true });
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const file = createWriteStream(options.logPath, { flags: 'a' });
  child.stdout!.pipe(file);
  child.stderr!.pipe(file);
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
