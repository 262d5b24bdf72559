/**
 * Pure pieces of the benchmark report: percentiles, resource figures per scenario, the ratio
 * between the two gateways and the table printed at the end. No I/O here, so they are unit-tested.
 */
import type { CacheCounts } from './gateway-metrics.ts';

/** Nearest-rank percentile (p in 0–100) of unsorted samples; NaN for none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** What k6's `--summary-export` JSON holds for the metrics we read (trend values in ms). */
export interface K6SummaryExport {
  metrics: Record<string, { values?: Record<string, number> } & Record<string, unknown>>;
}

export interface LatencySummary {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  errorRate: number;
}

/**
 * k6's summary export in both of its shapes: k6 ≥ 1.0 nests the figures under `values`, older
 * versions put them on the metric itself. `graphql_errors` is our own counter (a 200 with `errors`).
 */
function k6Metric(summary: K6SummaryExport, name: string): Record<string, number> {
  const m = summary.metrics[name];
  if (!m) return {};
  return (m.values ?? (m as unknown as Record<string, number>)) as Record<string, number>;
}

export function readK6Summary(summary: K6SummaryExport): LatencySummary {
  const metric = (name: string) => k6Metric(summary, name);
  const duration = metric('http_req_duration');
  const requests = metric('http_reqs');
  const failed = metric('http_req_failed');
  const gqlErrors = metric('graphql_errors');
  const count = requests.count ?? 0;
  // http_req_failed is a Rate: `passes` are the failed requests (value 1), `value` the share.
  const httpFailures = failed.passes ?? Math.round((failed.value ?? failed.rate ?? 0) * count);
  const errors = httpFailures + (gqlErrors.count ?? 0);
  return {
    requests: count,
    rps: requests.rate ?? 0,
    p50: duration.med ?? duration['p(50)'] ?? Number.NaN,
    p95: duration['p(95)'] ?? Number.NaN,
    p99: duration['p(99)'] ?? Number.NaN,
    errors,
    errorRate: count > 0 ? errors / count : 0,
  };
}

/** How old the answers from the response cache were, in seconds (their `Age` header). */
export interface CacheAgeSummary {
  /** Answers that came from the cache (fresh, stale or coalesced). */
  answers: number;
  p50: number;
  p95: number;
  max: number;
}

/** The scripts' `cache_age_s` trend; null when no answer carried an age (an uncached gateway). */
export function readCacheAge(summary: K6SummaryExport): CacheAgeSummary | null {
  const age = k6Metric(summary, 'cache_age_s');
  const answers = age.count ?? 0;
  if (answers === 0) return null;
  return { answers, p50: age.med ?? age['p(50)'] ?? Number.NaN, p95: age['p(95)'] ?? Number.NaN, max: age.max ?? Number.NaN };
}

/** CPU and memory of one group of processes (a gateway with its workers, or one subgraph). */
export interface ResourceFigures {
  /** Mean CPU over the scenario, in cores (1.0 = one core busy the whole time). */
  cpuCores: number;
  /** Highest summed resident set size seen while sampling, in MiB. */
  peakRssMiB: number;
}

export interface ScenarioResult {
  scenario: string;
  /** Which round of a `--rounds N` run (N > 1) measured it; undefined in a single-round run. */
  round?: number;
  gateway: string;
  vus: number;
  latency: LatencySummary;
  gatewayResources: ResourceFigures;
  subgraphResources: Record<string, ResourceFigures>;
  /** The PostgreSQL backends of the services' pools (the database's CPU for this scenario). */
  postgresResources?: ResourceFigures;
  /** The whole machine's busy CPU meanwhile (ours, k6's and anything else running), in cores. */
  machineCpuCores?: number;
  /**
   * Every PostgreSQL server process, in cores: the backends above plus parallel and autovacuum
   * workers, the WAL writer, the checkpointer… (those that ended during the scenario included).
   */
  postgresAllCpuCores?: number;
  /** k6, in cores. */
  loadGeneratorCpuCores?: number;
  /** The nats-server, in cores, when the bench spawned it (undefined: it is in the rest). */
  natsCpuCores?: number;
  /** SQL statements per request (see BENCHMARKS.md for how they are counted); null when not probed. */
  statementsPerRequest: number | null;
  /** Our cached gateway's response cache over the scenario (its /metrics before and after). */
  responseCache?: CacheCounts;
  /** How old the cached answers k6 received were. */
  cacheAge?: CacheAgeSummary;
}

/** Our throughput over theirs, and whether our p95 is no worse. */
export function compareGateways(ours: LatencySummary, theirs: LatencySummary): { throughputRatio: number; p95NoWorse: boolean } {
  return {
    throughputRatio: theirs.rps > 0 ? ours.rps / theirs.rps : Number.POSITIVE_INFINITY,
    p95NoWorse: ours.p95 <= theirs.p95,
  };
}

/** A result's row label: the scenario, and its round when the run had more than one. */
export function labelOf(r: Pick<ScenarioResult, 'scenario' | 'round'>): string {
  return r.round === undefined ? r.scenario : `${r.scenario} · round ${r.round}`;
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

export function formatMs(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/** A GitHub-flavoured Markdown table; columns are padded so it also reads well in a terminal. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(header), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

export function resultsTable(results: readonly ScenarioResult[]): string {
  const header = ['scenario', 'gateway', 'VUs', 'RPS', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'gw CPU', 'gw CPU ms/req', 'gw peak MiB', 'subgraphs CPU', 'subgraphs peak MiB', 'pg CPU', 'machine CPU', 'SQL/req'];
  const rows = results.map((r) => {
    const subgraphs = Object.values(r.subgraphResources);
    const subCpu = subgraphs.reduce((sum, f) => sum + f.cpuCores, 0);
    const subMem = subgraphs.reduce((sum, f) => sum + f.peakRssMiB, 0);
    return [
      labelOf(r),
      r.gateway,
      String(r.vus),
      fixed(r.latency.rps, 1),
      formatMs(r.latency.p50),
      formatMs(r.latency.p95),
      formatMs(r.latency.p99),
      `${r.latency.errors}/${r.latency.requests}`,
      fixed(r.gatewayResources.cpuCores, 2),
      fixed(r.latency.rps > 0 ? (r.gatewayResources.cpuCores * 1000) / r.latency.rps : Number.NaN, 2),
      fixed(r.gatewayResources.peakRssMiB, 0),
      fixed(subCpu, 2),
      fixed(subMem, 0),
      r.postgresResources ? fixed(r.postgresResources.cpuCores, 2) : '–',
      r.machineCpuCores !== undefined ? fixed(r.machineCpuCores, 2) : '–',
      r.statementsPerRequest === null ? '–' : fixed(r.statementsPerRequest, 1),
    ];
  });
  return markdownTable(header, rows);
}

/**
 * Where the machine's CPU went, in milliseconds per request: what each part cost, and what is
 * left once every process measured is taken off (the kernel's network work, the runner, and NATS
 * when the bench did not spawn it: then `nats` is NaN).
 */
export function cpuPerRequest(r: ScenarioResult) {
  if (r.latency.rps <= 0 || r.machineCpuCores === undefined || r.postgresAllCpuCores === undefined || r.loadGeneratorCpuCores === undefined) return null;
  const ms = (cores: number) => (cores * 1000) / r.latency.rps;
  const subgraphs = Object.values(r.subgraphResources).reduce((sum, f) => sum + f.cpuCores, 0);
  const backends = r.postgresResources?.cpuCores ?? 0;
  const gateway = r.gatewayResources.cpuCores;
  return {
    gateway: ms(gateway),
    subgraphs: ms(subgraphs),
    postgresBackends: ms(backends),
    postgresOther: ms(Math.max(0, r.postgresAllCpuCores - backends)),
    loadGenerator: ms(r.loadGeneratorCpuCores),
    nats: r.natsCpuCores === undefined ? Number.NaN : ms(r.natsCpuCores),
    rest: ms(r.machineCpuCores - gateway - subgraphs - Math.max(backends, r.postgresAllCpuCores) - r.loadGeneratorCpuCores - (r.natsCpuCores ?? 0)),
    machine: ms(r.machineCpuCores),
  };
}

export function cpuPerRequestTable(results: readonly ScenarioResult[]): string {
  const header = ['scenario', 'gateway', 'gateway ms', 'subgraphs ms', 'pg backends ms', 'pg other ms', 'k6 ms', 'nats ms', 'rest ms', 'machine ms'];
  const rows = results.flatMap((r) => {
    const split = cpuPerRequest(r);
    if (!split) return [];
    const cells = [split.gateway, split.subgraphs, split.postgresBackends, split.postgresOther, split.loadGenerator, split.nats, split.rest, split.machine];
    return [[labelOf(r), r.gateway, ...cells.map((v) => fixed(v, 2))]];
  });
  return markdownTable(header, rows);
}

/** One line per subgraph: CPU (cores) and peak RSS for each scenario and gateway. */
export function subgraphTable(results: readonly ScenarioResult[]): string {
  const names = [...new Set(results.flatMap((r) => Object.keys(r.subgraphResources)))];
  const header = ['scenario', 'gateway', ...names.map((n) => `${n} CPU / MiB`)];
  const rows = results.map((r) => [
    labelOf(r),
    r.gateway,
    ...names.map((n) => {
      const f = r.subgraphResources[n];
      return f ? `${fixed(f.cpuCores, 2)} / ${fixed(f.peakRssMiB, 0)}` : '–';
    }),
  ]);
  return markdownTable(header, rows);
}

/** One scenario of one round as both gateways ran it. */
export interface GatewayPair {
  scenario: string;
  round?: number;
  ours: ScenarioResult;
  theirs: ScenarioResult;
}

/**
 * Our result and theirs for every scenario and round that both measured, in the order first
 * measured: a comparison is only ever between runs of the same round, never the first found of each.
 */
export function pairedResults(results: readonly ScenarioResult[], ours: string, theirs: string): GatewayPair[] {
  const labels = [...new Set(results.map(labelOf))];
  return labels.flatMap((label) => {
    const a = results.find((r) => labelOf(r) === label && r.gateway === ours);
    const b = results.find((r) => labelOf(r) === label && r.gateway === theirs);
    return a && b ? [{ scenario: a.scenario, ...(a.round === undefined ? {} : { round: a.round }), ours: a, theirs: b }] : [];
  });
}

export function comparisonTable(results: readonly ScenarioResult[], ours: string, theirs: string): string {
  // One row per scenario and round: the two gateways as measured in the same round.
  const rows = pairedResults(results, ours, theirs).map((pair) => {
    const { ours: a, theirs: b } = pair;
    const { throughputRatio, p95NoWorse } = compareGateways(a.latency, b.latency);
    return [
      labelOf(pair),
      fixed(a.latency.rps, 1),
      fixed(b.latency.rps, 1),
      `${fixed(throughputRatio, 2)}×`,
      formatMs(a.latency.p95),
      formatMs(b.latency.p95),
      p95NoWorse ? 'yes' : 'no',
    ];
  });
  return markdownTable(['scenario', `${ours} RPS`, `${theirs} RPS`, 'ratio', `${ours} p95`, `${theirs} p95`, 'p95 no worse'], rows);
}

/** Statements per request from two counter readings and the idle drift measured over as long. */
export function statementsPerRequest(delta: number, idleDrift: number, requests: number): number {
  if (requests <= 0) return Number.NaN;
  return Math.max(0, delta - idleDrift) / requests;
}
