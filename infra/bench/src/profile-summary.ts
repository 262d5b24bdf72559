/**
 * `node infra/bench/src/profile-summary.ts <dir-or-.cpuprofile>…`: self time of a V8 CPU profile
 * grouped by package (node_modules/<pkg>, the repository's own folders, node internals) and the
 * top functions — where a gateway spends its CPU under load. `--skip <s>` leaves out each profile's
 * first seconds; `--window <from>..<to>` keeps the samples of one op-costs operation.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../../src/local/paths.ts';

// Profiles name scripts by file URL: the repository's own folders are what follows this.
const REPO_URL = pathToFileURL(REPO_ROOT).href.replace(/\/?$/, '/');

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
export interface Profile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export function bucketOf(url: string): string {
  if (!url) return '(native/idle)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return 'node:internal';
  const repo = url.indexOf(REPO_URL);
  if (repo >= 0) return url.slice(repo + REPO_URL.length).split('/').slice(0, 2).join('/');
  return url;
}

/**
 * Each sample of a profile with the time it stands for, leaving out those in the first `skipUs`
 * of the profile and those taken outside [from, to] (microseconds on the profile's own clock:
 * `startTime` plus the deltas before it).
 */
export function* samplesOf(profile: Profile, { skipUs = 0, from = -Infinity, to = Infinity } = {}): Generator<{ node: ProfileNode; dt: number }> {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  let elapsed = 0;
  for (const [i, id] of profile.samples.entries()) {
    const dt = profile.timeDeltas[i] ?? 0;
    elapsed += dt;
    const at = profile.startTime + elapsed;
    if (elapsed < skipUs || at < from || at > to) continue;
    yield { node: nodes.get(id)!, dt };
  }
}

function files(paths: string[]): string[] {
  return paths.flatMap((p) => (statSync(p).isDirectory() ? readdirSync(p).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(p, f)) : [p]));
}

function main(args: string[]) {
  // --skip <s>: leave out each profile's first seconds (start-up: module loading, planning).
  const skipAt = args.indexOf('--skip');
  const skipUs = skipAt >= 0 ? Number(args[skipAt + 1]) * 1e6 : 0;
  // --window <from>..<to>: only samples taken between these monotonic microseconds (what op-costs
  // --profile logs for each operation), so a whole-life profile yields one operation's load.
  const windowAt = args.indexOf('--window');
  const [windowFrom, windowTo] = windowAt >= 0 ? args[windowAt + 1]!.split('..').map(Number) : [-Infinity, Infinity];
  const options = new Set([skipAt, skipAt + 1, windowAt, windowAt + 1].filter((i) => i >= 0));
  const paths = args.filter((_, i) => !options.has(i));
  const byBucket = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const file of files(paths)) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
    for (const { node, dt } of samplesOf(profile, { skipUs, from: windowFrom!, to: windowTo! })) {
      const name = node.callFrame.functionName || '(anonymous)';
      if (name === '(idle)' || name === '(program)' || name === '(garbage collector)') {
        byBucket.set(name, (byBucket.get(name) ?? 0) + dt);
        total += dt;
        continue;
      }
      const bucket = bucketOf(node.callFrame.url);
      byBucket.set(bucket, (byBucket.get(bucket) ?? 0) + dt);
      const fn = `${name} ${bucket}:${node.callFrame.lineNumber + 1}`;
      byFunction.set(fn, (byFunction.get(fn) ?? 0) + dt);
      total += dt;
    }
  }
  const busy = total - (byBucket.get('(idle)') ?? 0);
  const show = (map: Map<string, number>, n: number) =>
    [...map]
      .filter(([k]) => k !== '(idle)')
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `${((v / busy) * 100).toFixed(1).padStart(5)}%  ${k}`)
      .join('\n');
  console.log(`busy ${(busy / 1e6).toFixed(1)} s of ${(total / 1e6).toFixed(1)} s sampled\n\nby package:\n${show(byBucket, 25)}\n\ntop functions (self):\n${show(byFunction, 40)}`);
}

if (import.meta.main) main(process.argv.slice(2));
