/**
 * `pnpm bench`: the four k6 scenarios of issue #8 at city scale, against our gateway and Hive
 * Gateway in the same run, on the same subgraph processes and the same supergraph.
 *
 *   pnpm bench                          the dataset must be loaded (`pnpm generate`)
 *   pnpm bench --generate [--fresh]     load it first (drop the bench databases with --fresh)
 *   options: --duration 30s  --scenarios community-page,…  --gateways sanshe,sanshe-cached,hive[,sanshe-unbatched]
 *            --workers <n> (GATEWAY_WORKERS for both gateways; default: cores)  --scale 0.01
 *            --probe-iterations 50 (statement counting; 0 skips it)  --cache-ttl-ms 5000
 *            --rounds <n> (measure every gateway n times, the order alternating each round; default 1)
 *
 * Per scenario and gateway it prints RPS, p50/p95/p99, errors, gateway and subgraph CPU and peak
 * memory, and SQL statements per request; writes infra/bench/results/latest.{json,md} and keeps
 * k6's raw output under .local/bench/raw/<run>/.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCity, CITY_SCALE, scaled, type City } from '../src/generator/city.ts';
import { createClient } from '../src/graphql-client.ts';
import { checkpointPath, describeCity, formatSummary, generate, RESULTS_DIR } from '../src/generator/main.ts';
import { datasetPeriod, ORGANIZATION_STEMS } from '../src/generator/records.ts';
import { REPO_ROOT } from '../src/local/paths.ts';
import { SERVICES } from '../src/services.ts';
import { cpuProfileArgs, spawnProcess, waitForHttp, type ManagedProcess } from '../src/stack/processes.ts';
import { startHiveGateway } from './src/hive-gateway.ts';
import { ensureK6, runK6 } from './src/k6.ts';
import { countStatements } from './src/statement-counts.ts';
import { isBackendOf, postmasterPid } from './src/postgres-processes.ts';
import { BENCH_METRICS_TOKEN, cacheDelta, readCacheCounts } from './src/gateway-metrics.ts';
import { ProcSampler } from './src/proc-sampler.ts';
import { BENCH_DATABASES, BENCH_DIR, BENCH_GATEWAY_PORT, BENCH_HIVE_PORT, startBenchStack, vacuumBenchDatabases, waitForEventsSettled, type BenchStack } from './src/stack.ts';
import { comparisonTable, cpuPerRequestTable, labelOf, readCacheAge, readK6Summary, resultsTable, subgraphTable, type ScenarioResult } from './src/summary.ts';
import { roundSchedule, roundsTable } from './src/rounds.ts';
import { readServicePairs } from './src/targets.ts';
import { dashboardPeriods, writeDates } from './src/periods.ts';

export const SCENARIOS = [
  { name: 'community-page', vus: 20, target: 'p95 < 50 ms at 20 VUs' },
  { name: 'district-dashboard', vus: 10, target: 'p95 < 150 ms at 10 VUs' },
  { name: 'organization-search', vus: 20, target: null },
  { name: 'read-write-mix', vus: 20, target: null },
] as const;

export const GATEWAYS = ['sanshe', 'hive', 'sanshe-cached', 'sanshe-unbatched'] as const;
/** What a run measures unless --gateways says otherwise; sanshe-unbatched (entity fetches sent one by one) is for A/B runs. */
const DEFAULT_GATEWAYS = ['sanshe', 'hive', 'sanshe-cached'] as const;
type GatewayName = (typeof GATEWAYS)[number];

const K6_DIR = join(REPO_ROOT, 'infra', 'bench', 'k6');
const SUPERGRAPH = join(REPO_ROOT, 'gateway', 'supergraph.graphql');
const log = (line: string) => console.error(`[bench] ${line}`);

function machine(k6Bin: string) {
  const sh = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  };
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    os: sh('sh', ['-c', '. /etc/os-release && echo "$PRETTY_NAME"']),
    node: process.version,
    k6: sh(k6Bin, ['version']).split('\n')[0],
    postgres: sh('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-Atc', 'show server_version']),
    commit: `${sh('git', ['-C', REPO_ROOT, 'rev-parse', '--short', 'HEAD'])}${sh('git', ['-C', REPO_ROOT, 'status', '--porcelain']) ? ' (with uncommitted changes)' : ''}`,
  };
}

/** Everything the k6 scripts draw from: written once per run to a JSON file they `open()`. */
async function writeTargets(city: City, stack: BenchStack, path: string): Promise<Record<string, unknown>> {
  const periods = dashboardPeriods(city);
  const token = await stack.districtToken(city.districtCodes);
  const targets = {
    communities: city.communities.map((c) => c.code),
    districts: city.districtCodes,
    streets: [...new Set(city.communities.map((c) => c.streetCode))],
    searchTerms: [...new Set(Object.values(ORGANIZATION_STEMS).flat())],
    periods,
    token,
    writeDates: writeDates(city),
    servicePairs: readServicePairs(city, checkpointPath(city, 'bench'), 2000),
  };
  writeFileSync(path, JSON.stringify(targets));
  return targets;
}

async function startGateway(name: GatewayName, stack: BenchStack, workers: number, cacheTtlMs: number, logDir: string, profile: boolean): Promise<ManagedProcess> {
  // node refuses --cpu-prof in NODE_OPTIONS: it goes on the command line, and cluster workers inherit it.
  const profileDir = profile ? join(logDir, 'profiles', name) : undefined;
  const common = {
    ...stack.gatewayEnv,
    SUBGRAPH_TIMEOUT_MS: '10000',
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
  };
  if (name === 'hive') {
    return startHiveGateway({ port: BENCH_HIVE_PORT, workers, supergraphPath: SUPERGRAPH, env: common, logPath: join(logDir, 'hive-gateway.log'), nodeArgs: cpuProfileArgs(profileDir) }, log);
  }
  const proc = spawnProcess({
    name,
    command: process.execPath,
    args: [...cpuProfileArgs(profileDir), join(REPO_ROOT, 'gateway', 'src', 'main.ts')],
    env: {
      ...common,
      GATEWAY_PORT: String(BENCH_GATEWAY_PORT),
      GATEWAY_WORKERS: String(workers),
      // The benchmark is one client at thousands of requests a minute; Hive Gateway has no limit.
      RATE_LIMIT_PER_MINUTE: '100000000',
      RESPONSE_CACHE_TTL_MS: name === 'sanshe-cached' ? String(cacheTtlMs) : '0',
      BATCH_ENTITY_FETCHES: name === 'sanshe-unbatched' ? 'false' : 'true',
      GATEWAY_METRICS_TOKEN: BENCH_METRICS_TOKEN,
    },
    output: { kind: 'file', path: join(logDir, `${name}.log`) },
  });
  await waitForHttp(`http://127.0.0.1:${BENCH_GATEWAY_PORT}/healthz`, proc, 60_000);
  return proc;
}

const gatewayUrl = (name: GatewayName) => `http://127.0.0.1:${name === 'hive' ? BENCH_HIVE_PORT : BENCH_GATEWAY_PORT}/graphql`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    allowNegative: true,
    options: {
      generate: { type: 'boolean', default: false },
      fresh: { type: 'boolean', default: false },
      scale: { type: 'string', default: '1' },
      duration: { type: 'string', default: '30s' },
      scenarios: { type: 'string' },
      gateways: { type: 'string', default: DEFAULT_GATEWAYS.join(',') },
      workers: { type: 'string', default: String(availableParallelism()) },
      'probe-iterations': { type: 'string', default: '50' },
      'cache-ttl-ms': { type: 'string', default: '5000' },
      concurrency: { type: 'string', default: '4' },
      // Measure every gateway this many times, first in one order, then in the other (rounds.ts).
      rounds: { type: 'string', default: '1' },
      // Also run the scenarios with targets as an open model: VUs requests a second, evenly spread
      // (VUs people each reading a page about once a second). --no-paced: not.
      paced: { type: 'boolean', default: true },
      // Wait (up to --quiet-wait seconds) for the 1-minute load average to drop below this first:
      // the machine may be shared, and a benchmark on a busy machine measures the other work.
      'quiet-load': { type: 'string', default: '1.5' },
      'quiet-wait': { type: 'string', default: '600' },
      // CPU profiles of every gateway process (node --cpu-prof), written when it stops.
      profile: { type: 'boolean', default: false },
    },
  });
  const scenarios = SCENARIOS.filter((s) => !values.scenarios || values.scenarios.split(',').includes(s.name));
  const gateways = values.gateways.split(',') as GatewayName[];
  for (const g of gateways) if (!GATEWAYS.includes(g)) throw new Error(`unknown gateway ${g}; gateways: ${GATEWAYS.join(', ')}`);
  const workers = Number(values.workers);
  const probeIterations = Number(values['probe-iterations']);
  const cacheTtlMs = Number(values['cache-ttl-ms']);
  const rounds = Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a whole number ≥ 1, not ${values.rounds}`);

  const runId = new Date().toISOString().replace(/[:.]/g, '-');
  const rawDir = join(BENCH_DIR, 'raw', runId);
  mkdirSync(rawDir, { recursive: true });
  const k6 = ensureK6(log);
  const city = buildCity(scaled(CITY_SCALE, Number(values.scale)));
  log(describeCity(city));

  const stack = await startBenchStack({ log, fresh: values.fresh, gatewayEnv: { SUBGRAPH_TIMEOUT_MS: '120000', RATE_LIMIT_PER_MINUTE: '100000000' } });
  const results: ScenarioResult[] = [];
  const statements: Record<string, { perRequest: number; perDatabase: Record<string, number> }> = {};
  const growth: { probe: string; small: number; large: number }[] = [];
  let generated: string | null = null;
  try {
    if (values.generate) {
      const summary = await generate(city, { stack, concurrency: Number(values.concurrency), log });
      generated = formatSummary(summary);
      console.log(generated);
    }
    const anonymous = createClient(stack.platform.gatewayUrl, null);
    const probe = await anonymous.request<{ communities: { totalCount: number }; organizations: { totalCount: number } }>(
      `{ communities(first: 1) { totalCount } organizations(first: 1) { totalCount } }`,
    );
    log(`dataset: ${probe.communities.totalCount} communities, ${probe.organizations.totalCount} organizations visible`);
    if (probe.communities.totalCount === 0) throw new Error('no dataset: run `pnpm generate` first, or `pnpm bench --generate`');

    const targetsPath = join(rawDir, 'targets.json');
    await writeTargets(city, stack, targetsPath);
    // The stack's own gateway served the load; each configuration below starts its own.
    await stack.platform.processes.find((p) => p.name === 'gateway')!.stop();

    await waitForEventsSettled((db) => stack.pg.urlFor(db), stack.nats.url, log);
    await vacuumBenchDatabases((db) => stack.pg.urlFor(db), log);
    await waitForQuiet(Number(values['quiet-load']), Number(values['quiet-wait']));
    const subgraphGroups = stack.platform.processes.filter((p) => p.name !== 'gateway').map((p) => ({ name: p.name, pid: p.child.pid! }));
    const postmaster = await postmasterPid(stack.adminUrl);
    const settled = () => waitForEventsSettled((db) => stack.pg.urlFor(db), stack.nats.url, log);
    for (const { round, gateway: name } of roundSchedule(gateways, rounds)) {
      log(`--- ${name} (${workers} workers)${rounds > 1 ? `, round ${round} of ${rounds}` : ''} ---`);
      // Each gateway starts with the events of what ran before applied: the mix's writes leave a
      // backlog that the consumers would otherwise work off during the next gateway's scenarios.
      await settled();
      // Raw k6 output per round: a later round must not write over an earlier one's.
      const stem = rounds > 1 ? `${name}-r${round}` : name;
      const proc = await startGateway(name, stack, workers, cacheTtlMs, rawDir, values.profile);
      try {
        const env = { GATEWAY_URL: gatewayUrl(name), TARGETS: targetsPath };
        const runs = scenarios.flatMap((scenario) => [
          { scenario, label: scenario.name as string, rate: undefined as number | undefined },
          ...(values.paced && scenario.target ? [{ scenario, label: `${scenario.name} (paced)`, rate: scenario.vus }] : []),
        ]);
        for (const { scenario, label, rate } of runs) {
          // Warm-up: JIT, query plans, connection pools, PostgreSQL's buffer cache, and the cached
          // gateway's entries. Right before the scenario's own runs: when every warm-up ran first,
          // the mix's writes emptied the cache before the community page, measured first, began.
          // A scenario's closed-model run (no rate) is its first.
          if (rate === undefined) {
            await runK6({ bin: k6, script: join(K6_DIR, `${scenario.name}.js`), env, vus: 2, duration: '5s', rawLogPath: join(rawDir, `${stem}-warmup.log`), summaryPath: join(rawDir, `${stem}-${scenario.name}-warmup.json`) });
          }
          // The backends serving the bench databases are the database's share — found by their process
          // titles at every sample, so a connection a pool opens under this scenario's load counts too
          // (a list taken at the start left those to "pg other": 0.9–1.1 ms a request in the first
          // scenario, whose 20 VUs grew the pools past what the 2-VU warm-up had opened).
          const postgresGroup = { name: 'postgres', pid: postmaster, match: isBackendOf(BENCH_DATABASES) };
          // Every PostgreSQL process as well, those that live for one query included (parallel workers).
          const postgresAllGroup = { name: 'postgres-all', pid: postmaster, includeEnded: true };
          // NATS when the bench spawned it (its pid is known); a server it only connected to stays in "rest".
          const natsGroups = stack.nats.pid ? [{ name: 'nats', pid: stack.nats.pid }] : [];
          const sampler = new ProcSampler([{ name: 'gateway', pid: proc.child.pid! }, ...subgraphGroups, postgresGroup, postgresAllGroup, ...natsGroups]);
          sampler.start();
          const cacheBefore = name === 'sanshe-cached' ? await readCacheCounts(gatewayUrl(name)) : null;
          const summary = await runK6({
            bin: k6,
            script: join(K6_DIR, `${scenario.name}.js`),
            env,
            vus: scenario.vus,
            rate,
            duration: values.duration,
            rawLogPath: join(rawDir, `${stem}-${label.replace(/\W+/g, '-')}.log`),
            summaryPath: join(rawDir, `${stem}-${label.replace(/\W+/g, '-')}.json`),
          });
          const resources = sampler.stop();
          const responseCache = cacheBefore ? cacheDelta(cacheBefore, await readCacheCounts(gatewayUrl(name))) : undefined;
          const { gateway: gatewayResources, postgres: postgresResources, 'postgres-all': postgresAll, nats: natsResources, ...subgraphResources } = resources;
          const latency = readK6Summary(summary);
          const cacheAge = readCacheAge(summary);
          results.push({
            scenario: label,
            ...(rounds > 1 ? { round } : {}),
            gateway: name,
            vus: scenario.vus,
            latency,
            gatewayResources: gatewayResources!,
            subgraphResources,
            postgresResources: postgresResources!,
            machineCpuCores: sampler.machineCores,
            postgresAllCpuCores: postgresAll!.cpuCores,
            loadGeneratorCpuCores: sampler.loadGeneratorCores,
            natsCpuCores: natsResources?.cpuCores,
            statementsPerRequest: null,
            responseCache,
            ...(cacheAge ? { cacheAge } : {}),
          });
          // Kept as it goes: a run that is killed half-way still leaves what it measured.
          mkdirSync(RESULTS_DIR, { recursive: true });
          writeFileSync(join(RESULTS_DIR, 'partial.json'), `${JSON.stringify({ runId, results, statements, growth }, null, 2)}\n`);
          log(`${labelOf({ scenario: label, round: rounds > 1 ? round : undefined })}: ${latency.rps.toFixed(1)} req/s, p95 ${latency.p95.toFixed(1)} ms, ${latency.errors} errors`);
        }
        // Statements per request, on the uncached gateway only (a cache hit runs none), once.
        if (name === 'sanshe' && round === 1 && probeIterations > 0) {
          // Each count starts with the events of what ran before applied: a consumer's statements
          // would be counted as the requests' (the mix's writes, just before, flagged the
          // statistics probe as growing once: 6.5 vs 7.4 in one run, 7.0 vs 6.7 run alone).
          for (const scenario of scenarios) {
            await settled();
            log(`counting SQL statements: ${scenario.name} × ${probeIterations}`);
            const counted = await countStatements(stack.platform, probeIterations, async () => {
              await runK6({ bin: k6, script: join(K6_DIR, `${scenario.name}.js`), env, vus: 1, iterations: probeIterations, rawLogPath: join(rawDir, 'statements.log'), summaryPath: join(rawDir, `statements-${scenario.name}.json`) });
            });
            statements[scenario.name] = { perRequest: counted.perRequest, perDatabase: counted.perDatabase };
            log(`  ${counted.perRequest.toFixed(1)} statements per request`);
          }
          await settled();
          growth.push(...(await listGrowthProbes(city, stack, gatewayUrl(name))));
        }
      } finally {
        await proc.stop();
      }
    }
  } finally {
    await stack.stop();
  }

  for (const r of results) r.statementsPerRequest = statements[r.scenario.replace(' (paced)', '')]?.perRequest ?? null;
  const info = machine(k6);
  const report = renderReport({ info, city, results, statements, growth, generated, runId, workers, duration: values.duration, cacheTtlMs, rounds, argv: process.argv.slice(2) });
  console.log(report);
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, 'latest.md'), report);
  writeFileSync(join(RESULTS_DIR, 'latest.json'), `${JSON.stringify({ runId, machine: info, workers, duration: values.duration, cacheTtlMs, rounds, results, statements, growth }, null, 2)}\n`);
  log(`raw k6 output: ${rawDir}`);
}

async function waitForQuiet(load: number, seconds: number): Promise<void> {
  const loadavg = () => Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  const deadline = Date.now() + seconds * 1000;
  if (loadavg() < load) return;
  log(`waiting for the machine to quieten (1-min load ${loadavg()} ≥ ${load}; at most ${seconds} s)`);
  while (loadavg() >= load && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5_000));
  if (loadavg() >= load) log(`WARNING: still busy (load ${loadavg()}); the figures include other work — see "machine CPU"`);
}

/**
 * The same operation with a short and a long list, SQL statements per request counted for each:
 * a difference means a statement per list item somewhere (an N+1).
 */
async function listGrowthProbes(city: City, stack: BenchStack, url: string) {
  const token = await stack.districtToken(city.districtCodes);
  const client = createClient(url, token);
  const streets = [...new Set(city.communities.map((c) => c.streetCode))];
  const busiest = [...city.communities].sort((a, b) => b.organizations.count - a.organizations.count)[0]!;
  const { until } = datasetPeriod(city);
  const from = `${until.slice(0, 4)}-01-01`;
  const probes: { probe: string; run: (large: boolean) => Promise<unknown> }[] = [
    {
      probe: `community page lists: first 1 vs first 50 (${busiest.code})`,
      run: (large) =>
        client.request(
          `query ($code: ID!, $n: Int!) { community(code: $code) { organizations(first: $n) { totalCount edges { node { id name grade { label } community { name } } } }
            partyOrganizations(first: $n) { edges { node { id name } } } socialWorkers(first: $n) { edges { node { id } } }
            microWishes(first: $n) { edges { node { id } } } needs(first: $n) { edges { node { id status } } } } }`,
          { code: busiest.code, n: large ? 50 : 1 },
        ),
    },
    {
      probe: 'regionStatistics: 1 street vs 20 streets (with children)',
      run: (large) =>
        client.request(
          `query ($codes: [ID!]!, $from: String!, $to: String!) { regionStatistics(codes: $codes, from: $from, to: $to) { id organizations partyOrganizations volunteers volunteerMinutes awardedFen needsReported children { id organizations partyOrganizations volunteers volunteerMinutes awardedFen needsReported } } }`,
          { codes: streets.slice(0, large ? 20 : 1), from, to: until },
        ),
    },
    {
      probe: 'organization search: first 5 vs first 100',
      run: (large) =>
        client.request(`query ($n: Int!) { organizations(filter: { name: "志愿" }, first: $n) { totalCount edges { node { id name grade { label } community { name } } } } }`, {
          n: large ? 100 : 5,
        }),
    },
    {
      probe: 'volunteers of a community: first 5 vs first 100',
      run: (large) =>
        client.request(`query ($code: ID!, $n: Int!) { community(code: $code) { volunteers(first: $n) { totalCount edges { node { id skills verifiedTime { minutes } community { name } } } } } }`, {
          code: busiest.code,
          n: large ? 100 : 5,
        }),
    },
  ];
  const out: { probe: string; small: number; large: number }[] = [];
  for (const p of probes) {
    // A hundred requests each: the outbox relays' own polling (counted alongside, and subtracted as
    // a drift sampled over a span of the same length) averages out. At thirty, one relay poll more
    // or less in a span moved a probe by up to half a statement a request, and flagged it.
    const n = 100;
    const counts: number[] = [];
    for (const large of [false, true]) {
      log(`list growth: ${p.probe} (${large ? 'large' : 'small'})`);
      const counted = await countStatements(stack.platform, n, async () => {
        for (let i = 0; i < n; i += 1) await p.run(large).catch((error) => log(`  ${(error as Error).message}`));
      });
      counts.push(counted.perRequest);
    }
    out.push({ probe: p.probe, small: counts[0]!, large: counts[1]! });
    log(`  ${counts[0]!.toFixed(1)} vs ${counts[1]!.toFixed(1)} statements per request`);
  }
  return out;
}

function renderReport(r: {
  info: ReturnType<typeof machine>;
  city: City;
  results: ScenarioResult[];
  statements: Record<string, { perRequest: number; perDatabase: Record<string, number> }>;
  growth: { probe: string; small: number; large: number }[];
  generated: string | null;
  runId: string;
  workers: number;
  duration: string;
  cacheTtlMs: number;
  rounds: number;
  argv: string[];
}): string {
  const lines: string[] = [];
  lines.push(`## Run ${r.runId}`, '');
  lines.push(`- machine: ${r.info.cpu}, ${r.info.cores} cores, ${r.info.memoryGiB} GiB, ${r.info.os}, Linux ${r.info.kernel}`);
  lines.push(`- software: Node ${r.info.node}, ${r.info.k6}, PostgreSQL ${r.info.postgres}, commit ${r.info.commit}`);
  lines.push(`- command: \`pnpm bench ${r.argv.join(' ')}\``);
  lines.push(`- dataset: ${describeCity(r.city)}`);
  lines.push(`- each scenario: ${r.duration} at its VUs after a 5 s warm-up; both gateways ${r.workers} workers; response cache TTL for sanshe-cached ${r.cacheTtlMs} ms`);
  if (r.rounds > 1) lines.push(`- ${r.rounds} rounds, the gateways' order alternating (odd rounds as given, even ones reversed)`);
  lines.push('');
  if (r.generated) lines.push('```', r.generated, '```', '');
  lines.push('### All scenarios', '', resultsTable(r.results), '');
  if (r.results.some((x) => x.gateway === 'hive')) {
    for (const ours of ['sanshe', 'sanshe-cached', 'sanshe-unbatched']) {
      if (!r.results.some((x) => x.gateway === ours)) continue;
      lines.push(`### ${ours} vs Hive Gateway`, '', comparisonTable(r.results, ours, 'hive'), '');
      if (r.rounds > 1) lines.push(`### ${ours} vs Hive Gateway over the rounds`, '', roundsTable(r.results, ours, 'hive'), '');
    }
  }
  lines.push('### Per subgraph (CPU cores / peak RSS MiB)', '', subgraphTable(r.results), '');
  lines.push(
    '### Machine CPU per request (ms)',
    '',
    'pg other: PostgreSQL processes that are not the pools’ backends (parallel and autovacuum workers, WAL writer, …); nats: the nats-server the bench spawned (– when it used one it did not start); rest: what no measured process accounts for (the kernel’s network work, the runner; NATS too where its column is –).',
    '',
    cpuPerRequestTable(r.results),
    '',
  );
  const cached = r.results.filter((x) => x.responseCache);
  if (cached.length > 0) {
    lines.push('### Response cache of sanshe-cached (its /metrics, summed over workers)', '');
    lines.push(
      markdown(
        ['scenario', 'fresh hits', 'stale hits', 'misses', 'coalesced', 'hit share', 'refreshes started', 'refreshes deferred', 'waiting skipped', 'answer age p50/p95/max s'],
        cached.map((x) => {
          const c = x.responseCache!;
          const reads = c.hits + c.staleHits + c.misses + c.coalesced;
          return [labelOf(x), String(c.hits), String(c.staleHits), String(c.misses), String(c.coalesced), reads > 0 ? `${(((c.hits + c.staleHits + c.coalesced) / reads) * 100).toFixed(1)} %` : '–', String(c.refreshes), String(c.deferred), String(c.skipped), x.cacheAge ? `${x.cacheAge.p50}/${x.cacheAge.p95}/${x.cacheAge.max}` : '–'];
        }),
      ),
      '',
    );
  }
  lines.push('### Targets', '');
  for (const s of SCENARIOS) {
    if (!s.target) continue;
    for (const x of r.results.filter((y) => y.scenario === s.name || y.scenario === `${s.name} (paced)`)) {
      const limit = s.name === 'community-page' ? 50 : 150;
      lines.push(`- ${labelOf(x)} on ${x.gateway}: p95 ${x.latency.p95.toFixed(1)} ms at ${x.vus} VUs — target ${s.target}: ${x.latency.p95 < limit ? 'met' : 'NOT met'}`);
    }
  }
  lines.push('');
  if (Object.keys(r.statements).length > 0) {
    lines.push('### SQL statements per request (uncached gateway, 1 VU)', '');
    const dbs = BENCH_DATABASES;
    const rows = Object.entries(r.statements).map(([scenario, s]) => [scenario, s.perRequest.toFixed(1), ...dbs.map((db) => (s.perDatabase[db] ?? 0).toFixed(1))]);
    lines.push(markdown(['scenario', 'total', ...SERVICES], rows), '');
  }
  if (r.growth.length > 0) {
    lines.push('### Statements per request as lists grow', '');
    lines.push(markdown(['probe', 'short list', 'long list', 'grows'], r.growth.map((g) => [g.probe, g.small.toFixed(1), g.large.toFixed(1), g.large - g.small > 0.5 ? 'YES' : 'no'])), '');
  }
  return lines.join('\n');
}

function markdown(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

if (import.meta.main) {
  main().catch((error) => {
    console.error(`[bench] ${(error as Error).stack ?? error}`);
    process.exit(1);
  });
}
