/**
 * CPU and memory of process groups, read from /proc while a scenario runs.
 *
 * CPU: utime + stime (clock ticks, field 14 and 15 of /proc/<pid>/stat) of every process in the
 * group — the gateway's primary and all its workers — summed, differenced over the scenario and
 * divided by its wall time: "cores busy on average". Memory: VmRSS summed over the group, sampled
 * every `intervalMs`, highest sum kept (VmHWM is per process since its start, so it would carry
 * the peak of an earlier scenario into this one).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import type { ResourceFigures } from './summary.ts';

let clockTicks: number | null = null;
function ticksPerSecond(): number {
  if (clockTicks === null) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/**
 * The fields of /proc/<pid>/stat from field 3 (state) on, or null when the process is gone. The
 * command name (field 2) may contain spaces and parentheses: split after the last ')'.
 */
function statFields(pid: number | 'self'): string[] | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** Field n (1-based, as proc(5) numbers them) of /proc/<pid>/stat as a number. */
const field = (fields: string[], n: number) => Number(fields[n - 3]);

/** utime + stime (fields 14 and 15) of one process in ticks, or null when it is gone. */
export function cpuTicks(pid: number): number | null {
  const fields = statFields(pid);
  return fields && field(fields, 14) + field(fields, 15);
}

/**
 * cutime + cstime (fields 16 and 17) of a process in ticks: the CPU of the children it has waited
 * for — processes that ended — or null when it is gone.
 */
export function reapedChildrenTicks(pid: number | 'self'): number | null {
  const fields = statFields(pid);
  return fields && field(fields, 16) + field(fields, 17);
}

/** A process's command line as one string (a PostgreSQL backend's is its process title), or null when it is gone. */
export function commandLine(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0+/g, ' ').trim();
  } catch {
    return null;
  }
}

/** VmRSS in KiB, or null when the process is gone. */
export function rssKiB(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) : 0;
  } catch {
    return null;
  }
}

/** The parent of a process (field 4; a PostgreSQL backend's is the postmaster), or null when it is gone. */
export function parentPid(pid: number): number | null {
  const fields = statFields(pid);
  return fields && field(fields, 4);
}

/** Every process's children, read once from /proc: one scan serves all the trees of a sample. */
export function childrenByParent(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = parentPid(Number(entry));
    if (ppid === null) continue; // gone between readdir and read
    const list = children.get(ppid) ?? [];
    list.push(Number(entry));
    children.set(ppid, list);
  }
  return children;
}

/** A process and all its descendants (a cluster primary and its workers). */
export function processTree(root: number, children: Map<number, number[]> = childrenByParent()): number[] {
  const out: number[] = [];
  const visit = (pid: number) => {
    out.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return out;
}

/** Busy and total jiffies of the whole machine (first line of /proc/stat). */
export function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

export interface SamplerGroup {
  name: string;
  /** Root pid; its descendants are found again at every sample (workers may be restarted). */
  pid?: number;
  /** Or an explicit list (PostgreSQL backends serving the bench databases). */
  pids?: number[];
  /**
   * With `pid`: also count children that start and end between two samples — PostgreSQL's
   * parallel workers live for one query, autovacuum workers for one table — through the root's
   * cutime/cstime, which receives a child's whole CPU when it ends.
   */
  includeEnded?: boolean;
  /** With `pid`: only the processes of the tree this accepts (the root's own CPU included only if it does). */
  match?: (pid: number) => boolean;
}

interface GroupState {
  startTicks: Map<number, number>;
  lastTicks: Map<number, number>;
  /** Pids seen by the latest sample: the others ended (or were never there). */
  seen: Set<number>;
  reapedStart: number;
  peakKiB: number;
}

export class ProcSampler {
  readonly #groups: SamplerGroup[];
  readonly #intervalMs: number;
  #state = new Map<string, GroupState>();
  #timer: NodeJS.Timeout | null = null;
  #startedAt = 0;
  #machineStart = { busy: 0, total: 0 };

  constructor(groups: SamplerGroup[], intervalMs = 250) {
    this.#groups = groups;
    this.#intervalMs = intervalMs;
  }

  start(): void {
    this.#startedAt = performance.now();
    this.#machineStart = machineTicks();
    this.#state = new Map(
      this.#groups.map((g) => [
        g.name,
        { startTicks: new Map(), lastTicks: new Map(), seen: new Set(), reapedStart: g.includeEnded ? (reapedChildrenTicks(g.pid!) ?? 0) : 0, peakKiB: 0 },
      ]),
    );
    this.#loadGeneratorStart = reapedChildrenTicks('self') ?? 0;
    this.#sample(true);
    this.#timer = setInterval(() => this.#sample(), this.#intervalMs);
  }

  #sample(first = false): void {
    // One scan of /proc for every group's tree: eight groups each scanning it every 250 ms was the
    // runner's own CPU, which lands in the machine figure's "rest".
    const children = this.#groups.some((g) => !g.pids) ? childrenByParent() : new Map<number, number[]>();
    for (const group of this.#groups) {
      const state = this.#state.get(group.name)!;
      let rss = 0;
      state.seen = new Set();
      const pids = group.pids ?? processTree(group.pid!, children).filter((pid) => !group.match || group.match(pid));
      for (const pid of pids) {
        const ticks = cpuTicks(pid);
        const kib = rssKiB(pid);
        if (ticks === null || kib === null) continue;
        // A child first seen after the start was born during the span: all its CPU is the span's.
        if (!state.startTicks.has(pid)) state.startTicks.set(pid, first || !group.includeEnded ? ticks : 0);
        state.lastTicks.set(pid, ticks);
        state.seen.add(pid);
        rss += kib;
      }
      state.peakKiB = Math.max(state.peakKiB, rss);
    }
  }

  /** Everything the machine did meanwhile, in cores: ours, k6's and anybody else's. */
  machineCores = 0;
  /**
   * This process's children that ended during the span, in cores: the load generator, when it is
   * started after `start()` and has exited by `stop()` (k6 runs as a child of the runner).
   */
  loadGeneratorCores = 0;
  #loadGeneratorStart = 0;

  stop(): Record<string, ResourceFigures> {
    const machine = machineTicks();
    const cores = readFileSync('/proc/cpuinfo', 'utf8').split('\n').filter((l) => l.startsWith('processor')).length || 1;
    const spanTicks = machine.total - this.#machineStart.total;
    this.machineCores = spanTicks > 0 ? ((machine.busy - this.#machineStart.busy) / spanTicks) * cores : 0;
    this.#sample();
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    const seconds = (performance.now() - this.#startedAt) / 1000;
    const perSecond = (ticks: number) => (seconds > 0 ? ticks / ticksPerSecond() / seconds : 0);
    this.loadGeneratorCores = perSecond((reapedChildrenTicks('self') ?? 0) - this.#loadGeneratorStart);
    const out: Record<string, ResourceFigures> = {};
    for (const group of this.#groups) {
      const state = this.#state.get(group.name)!;
      let ticks = 0;
      for (const [pid, last] of state.lastTicks) {
        const start = state.startTicks.get(pid) ?? last;
        // An ended child's whole CPU is in the root's cutime: only what it had before the span comes off.
        ticks += group.includeEnded && !state.seen.has(pid) ? -start : last - start;
      }
      if (group.includeEnded) ticks += (reapedChildrenTicks(group.pid!) ?? state.reapedStart) - state.reapedStart;
      out[group.name] = {
        cpuCores: perSecond(ticks),
        peakRssMiB: state.peakKiB / 1024,
      };
    }
    return out;
  }
}
