/**
 * The sampler's accounting of processes that end while it measures: k6 (a child of the runner)
 * and PostgreSQL's parallel workers (children of the postmaster) live shorter than a scenario.
 * Each test spends a known amount of CPU in children and checks that it is counted, not how fast.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { commandLine, ProcSampler } from '../../src/proc-sampler.ts';

/**
 * Burns `ms` of CPU, user and system time together (asking for the usage is itself a system call),
 * counted from the process's start: not wall time, which a busy machine stretches.
 */
const burn = (ms: number) => `const until = ${ms} * 1000; for (;;) { const u = process.cpuUsage(); if (u.user + u.system >= until) break; }`;

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}`))));
  });
}

/** How long `work` ran under the sampler, in seconds. */
async function measure(sampler: ProcSampler, work: () => Promise<void>) {
  const started = performance.now();
  sampler.start();
  await work();
  sampler.stop();
  return { seconds: (performance.now() - started) / 1000 };
}

describe('ProcSampler', () => {
  it('counts a child of this process that ran and ended within the span as the load generator', async () => {
    const sampler = new ProcSampler([], 60_000);
    const { seconds } = await measure(sampler, () => run(['-e', burn(400)]));
    const cpuSeconds = sampler.loadGeneratorCores * seconds;
    // The 400 ms it burnt; and not more than the span.
    expect(cpuSeconds).toBeGreaterThanOrEqual(0.39);
    expect(cpuSeconds).toBeLessThan(seconds + 0.05);
  });

  it('counts the children a group’s root started and reaped between two samples when asked to', async () => {
    // A parent that runs three 200 ms children one after another, then sleeps: none is ever sampled
    // alive (one sample at the start, one at the end), so only the parent's cutime can show them.
    const parent = spawn(
      process.execPath,
      [
        '-e',
        `const { execFileSync } = require('node:child_process');
         for (let i = 0; i < 3; i++) execFileSync(process.execPath, ['-e', ${JSON.stringify(burn(200))}]);
         process.stdout.write('done\\n');
         setTimeout(() => {}, 60_000);`,
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    try {
      const done = new Promise<void>((resolve) => parent.stdout!.once('data', () => resolve()));
      const withEnded = new ProcSampler([{ name: 'root', pid: parent.pid!, includeEnded: true }], 60_000);
      const without = new ProcSampler([{ name: 'root', pid: parent.pid! }], 60_000);
      const started = performance.now();
      withEnded.start();
      without.start();
      await done;
      const counted = withEnded.stop().root!.cpuCores;
      const missed = without.stop().root!.cpuCores;
      const seconds = (performance.now() - started) / 1000;
      // Both count the parent's own CPU; the difference is the three children's 600 ms.
      expect((counted - missed) * seconds).toBeGreaterThanOrEqual(0.59);
    } finally {
      parent.kill();
    }
  });

  it('counts only the processes of a tree its match accepts, those that appear after the start included', async () => {
    // A parent that starts, after the sampler, a child whose command line marks it, which burns
    // 300 ms and then waits: as PostgreSQL starts a backend for a pool that grows under load. (The
    // mark is built in the parent's script, so the parent's own command line does not carry it;
    // both end by themselves a few seconds later.)
    const parent = spawn(
      process.execPath,
      [
        '-e',
        `const { spawn } = require('node:child_process');
         setTimeout(() => spawn(process.execPath, ['-e', ${JSON.stringify(`${burn(300)}; process.stdout.write('x'); setTimeout(() => {}, 5_000)`)}, 'marked' + '-child'], { stdio: ['ignore', 'inherit', 'ignore'] }), 300);
         setTimeout(() => {}, 5_000);`,
      ],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    try {
      const burnt = new Promise<void>((resolve) => parent.stdout!.once('data', () => resolve()));
      const marked = (pid: number) => commandLine(pid)?.includes('marked-child') === true;
      const sampler = new ProcSampler([{ name: 'marked', pid: parent.pid!, match: marked }], 100);
      const started = performance.now();
      sampler.start();
      await burnt;
      // A sample after the burn: a process first seen mid-span counts from its first sighting.
      await new Promise((r) => setTimeout(r, 250));
      const cores = sampler.stop().marked!.cpuCores;
      const seconds = (performance.now() - started) / 1000;
      // Not the parent (it only waits), and most of the child's 300 ms: what it burnt before the
      // first sample that saw it (at most one 100 ms interval) is not counted.
      expect(cores * seconds).toBeGreaterThan(0.15);
      expect(cores * seconds).toBeLessThan(0.6);
    } finally {
      parent.kill();
    }
  });
});
