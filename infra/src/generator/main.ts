/**
 * `pnpm generate`: the city-scale dataset of issue #8 — ten districts, 500 communities, 10,000
 * organizations, 250,000 volunteers, 5,000,000 volunteer-hour records, 100,000 needs and 20,000
 * disputes, and the party organizations, stations and joint meetings of every street (party.ts) —
 * loaded through the platform's import mutations and party-building's own mutations.
 *
 *   pnpm generate                         start the bench platform (bench_* databases) and load it
 *   pnpm generate --fresh                 drop the bench databases and event stream first
 *   pnpm generate --scale 0.01            1 % of every record count (same regions): a quick try
 *   pnpm generate --url http://localhost:4000/graphql --token <jwt>   load a platform already running
 *   options: --seed <n>, --concurrency <n> (4), --stages regions,organizations,…
 *
 * Deterministic (seeded), resumable (checkpoint under .local/bench/generator), and it prints a
 * summary with the time each stage took, also written to infra/bench/results/dataset.json.
 * With the bench platform it sends each import straight to the subgraph that owns it (with that
 * subgraph's secret and a signed district-office identity, as the gateway would); with --url,
 * through that gateway.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { BENCH_DIR, startBenchStack, waitForEventsSettled, type BenchStack } from '../../bench/src/stack.ts';
import { repoRoot } from '../services.ts';
import { buildCity, CITY_SCALE, cityFingerprint, scaled, type City } from './city.ts';
import { createClient, createDirectClient, subgraphTargets } from '../graphql-client.ts';
import { loadCity, STAGES, type LoadSummary, type StageName } from './load.ts';
import { formatDuration } from './progress.ts';

export const RESULTS_DIR = join(repoRoot, 'infra', 'bench', 'results');

export function checkpointPath(city: City, target: string): string {
  const safe = target.replace(/[^a-z0-9]+/gi, '_');
  return join(BENCH_DIR, 'generator', `${safe}-${cityFingerprint(city)}.jsonl`);
}

export function describeCity(city: City): string {
  const c = city.config;
  const streets = city.regions.filter((r) => r.level === 'STREET' || r.level === 'TOWNSHIP').length;
  const villages = city.regions.filter((r) => r.level === 'VILLAGE').length;
  return (
    `${c.districts} districts, ${streets} streets/townships, ${city.communities.length} communities (${villages} villages), ` +
    `${c.organizations.toLocaleString('en-US')} organizations, ${c.volunteers.toLocaleString('en-US')} volunteers, ` +
    `${c.volunteerRecords.toLocaleString('en-US')} volunteer-hour records, ${c.needs.toLocaleString('en-US')} needs, ` +
    `${c.disputes.toLocaleString('en-US')} disputes; ${c.years} years up to ${c.until}; seed ${c.seed}`
  );
}

/**
 * A load as the bench stack saw it: the calls, then how long the services took to apply each
 * other's events about it (null: they had not caught up when the wait gave up).
 */
export interface GeneratedSummary extends LoadSummary {
  eventsAppliedSeconds?: number | null;
}

export function formatSummary(summary: GeneratedSummary): string {
  const lines = summary.stages.map((s) => {
    const rate = s.seconds > 0 ? Math.round((s.records - s.skipped) / s.seconds) : 0;
    const skipped = s.skipped > 0 ? `, ${s.skipped.toLocaleString('en-US')} already there` : '';
    return `  ${s.stage.padEnd(18)} ${s.records.toLocaleString('en-US').padStart(10)} in ${formatDuration(s.seconds * 1000).padStart(7)}  (${rate.toLocaleString('en-US')}/s, ${s.calls} calls${skipped})`;
  });
  const applied = summary.eventsAppliedSeconds;
  if (applied !== undefined) {
    lines.push(
      applied === null
        ? '  events             not all applied when the wait gave up: the cross-service figures are still catching up'
        : `  events applied        ${formatDuration(applied * 1000).padStart(7)} after the last call (every service caught up with the others' events)`,
    );
  }
  return [`dataset ${summary.fingerprint} loaded in ${formatDuration(summary.seconds * 1000)}`, ...lines].join('\n');
}

/** Each subgraph's URL with its secret and a district-office identity signed for it. */
export function directTargets(stack: BenchStack, districts: string[]) {
  const identity = { subject: 'demo-district-office-bench', roles: ['district_office'], scope: districts, organizationId: null, partnerId: null };
  return subgraphTargets(stack.platform.serviceUrls, stack.platform.secrets, identity);
}

/**
 * Loads `city` into the bench stack and returns the summary once every service has applied the
 * others' events about it too. The calls return when the owning service has committed; the
 * linkage — a need's case in social work, an organization's replica in party building — follows
 * through the events, and a district view is whole only then (after the full city, minutes later).
 */
export async function generate(city: City, options: { stack: BenchStack; concurrency: number; stages?: StageName[]; log: (line: string) => void }): Promise<GeneratedSummary> {
  const { stack, log } = options;
  const client = createDirectClient(directTargets(stack, city.districtCodes));
  const summary = await loadCity(city, { client, concurrency: options.concurrency, checkpointPath: checkpointPath(city, 'bench'), log, stages: options.stages });
  log('waiting for every service to apply the events of the load');
  const started = performance.now();
  const settled = await waitForEventsSettled((db) => stack.pg.urlFor(db), stack.nats.url, log);
  return { ...summary, eventsAppliedSeconds: settled ? (performance.now() - started) / 1000 : null };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: 'string', default: '1' },
      seed: { type: 'string' },
      concurrency: { type: 'string', default: '4' },
      stages: { type: 'string' },
      fresh: { type: 'boolean', default: false },
      url: { type: 'string' },
      token: { type: 'string' },
    },
  });
  const log = (line: string) => console.error(`[generate] ${line}`);
  const base = values.seed ? { ...CITY_SCALE, seed: Number(values.seed) } : CITY_SCALE;
  const city = buildCity(scaled(base, Number(values.scale)));
  const stages = values.stages ? (values.stages.split(',') as StageName[]) : undefined;
  for (const s of stages ?? []) if (!STAGES.includes(s)) throw new Error(`unknown stage ${s}; stages: ${STAGES.join(', ')}`);
  const concurrency = Number(values.concurrency);
  log(describeCity(city));

  let summary: GeneratedSummary;
  if (values.url) {
    if (!values.token) throw new Error('--url needs --token (a district_office token scoped to the districts)');
    const client = createClient(values.url, values.token);
    summary = await loadCity(city, { client, concurrency, checkpointPath: checkpointPath(city, values.url), log, stages });
  } else {
    // A long subgraph timeout: a 5,000-record import must not be cut off (and then retried).
    const stack = await startBenchStack({ log, fresh: values.fresh, gatewayEnv: { SUBGRAPH_TIMEOUT_MS: '120000', RATE_LIMIT_PER_MINUTE: '1000000' } });
    try {
      summary = await generate(city, { stack, concurrency, stages, log });
    } finally {
      await stack.stop();
    }
  }
  console.log(formatSummary(summary));
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(
    join(RESULTS_DIR, Number(values.scale) === 1 ? 'dataset.json' : `dataset-scale-${values.scale}.json`),
    `${JSON.stringify({ description: describeCity(city), config: city.config, concurrency, ...summary, finishedAt: new Date().toISOString() }, null, 2)}\n`,
  );
}

if (import.meta.main) {
  main().catch((error) => {
    console.error(`[generate] ${(error as Error).stack ?? error}`);
    process.exit(1);
  });
}
