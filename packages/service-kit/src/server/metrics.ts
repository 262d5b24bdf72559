import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConsumerStats, RunningConsumer } from '../inbox/consumer.ts';
import type { OutboxBacklog } from '../outbox/outbox-backlog.ts';
import type { RelayStats } from '../outbox/relay.ts';

/**
 * `/metrics` in Prometheus' text format. Like every path but health and readiness, it answers only
 * callers holding the subgraph secret (a scraper sends it as a header).
 *
 * `sanshe_sql_statements_total` is every statement the service's pool has sent, counted by the
 * driver as it sends it: exact and current, where PostgreSQL's own per-database transaction counts
 * are reported late and count a transaction of several statements once. Benchmarks read it before
 * and after a run to give statements per request.
 */
export function metricsRoute(service: string, sources: MetricSources) {
  return async (_req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    if (url.pathname !== '/metrics') return false;
    // Read before the backlog's statement is sent: that one counts in the next scrape, like the
    // relay's and readiness' own statements, the background any reading around a run includes.
    const statements = sources.statementCount();
    // A database that cannot answer leaves the backlog out of this page rather than failing it:
    // the process figures and the events' state still say something.
    const backlog = sources.outbox ? await sources.outbox().catch(() => null) : null;
    const cpu = process.cpuUsage();
    const labels = { service };
    sendMetrics(res, [
      { name: 'sanshe_sql_statements_total', type: 'counter', help: 'SQL statements sent to PostgreSQL.', value: statements, labels },
      { name: 'process_cpu_seconds_total', type: 'counter', help: 'User and system CPU time spent, in seconds.', value: (cpu.user + cpu.system) / 1e6, labels },
      { name: 'process_resident_memory_bytes', type: 'gauge', help: 'Resident memory size, in bytes.', value: process.memoryUsage.rss(), labels },
      ...(sources.events ? eventSamples(service, sources.events()) : []),
      ...(backlog ? outboxSamples(service, backlog) : []),
    ]);
    return true;
  };
}

/** What a subgraph's `/metrics` reports from. */
export interface MetricSources {
  statementCount: () => number;
  events?: () => EventsState;
  /** The outbox's backlog, read at each scrape (readOutboxBacklog). */
  outbox?: () => Promise<OutboxBacklog>;
}

/** Where a service's events stand: wired (JetStream, stream, every consumer started) and each consumer. */
export interface EventsState {
  connected: boolean;
  consumers: readonly RunningConsumer[];
  /** Attempts at wiring JetStream, the stream or the consumers that failed (each is retried). */
  wiringFailures: number;
  /** The outbox relay's counts; null where this process runs no relay. */
  relay: RelayStats | null;
}

/**
 * Per consumer: events applied and dead-lettered since start, and whether its pull still runs —
 * what an operator alerts on when a service serves but has stopped applying its events. Batches:
 * how many events an independent type's consumer applied a transaction at a time under a burst.
 */
export function eventSamples(service: string, state: EventsState): MetricSample[] {
  const labels = { service };
  const perConsumer = (name: string, type: MetricSample['type'], help: string, value: (stats: ConsumerStats) => number) =>
    state.consumers.map((consumer): MetricSample => ({ name, type, help, value: value(consumer.stats()), labels: { service, consumer: consumer.durable } }));
  return [
    { name: 'sanshe_events_connected', type: 'gauge', help: '1 once JetStream, the stream and every consumer are up.', value: state.connected ? 1 : 0, labels },
    { name: 'sanshe_events_wiring_failures_total', type: 'counter', help: 'Failed attempts at wiring JetStream, the stream or the consumers; each is retried.', value: state.wiringFailures, labels },
    ...perConsumer('sanshe_consumer_receiving', 'gauge', '1 while the consumer pulls events; 0 once its pull ended by itself.', (c) => (c.receiving ? 1 : 0)),
    ...perConsumer('sanshe_events_applied_total', 'counter', 'Events applied (effect committed with its inbox row).', (c) => c.applied),
    ...perConsumer('sanshe_events_dead_lettered_total', 'counter', 'Events moved to the dead-letter stream.', (c) => c.deadLettered),
    ...perConsumer('sanshe_event_batches_total', 'counter', 'Transactions that applied several events of a type together.', (c) => c.batches),
    ...perConsumer('sanshe_events_batched_total', 'counter', 'Events applied in those transactions.', (c) => c.batched),
    ...(state.relay
      ? [
          { name: 'sanshe_outbox_published_total', type: 'counter', help: 'Events the relay published and JetStream acknowledged.', value: state.relay.published, labels },
          { name: 'sanshe_outbox_publish_failures_total', type: 'counter', help: 'Publishes that failed; their events stay in the outbox and are tried again.', value: state.relay.failedPublishes, labels },
        ] satisfies MetricSample[]
      : []),
  ];
}

/** The outbox's backlog: events committed and not yet published, and the oldest one's age. */
export function outboxSamples(service: string, backlog: OutboxBacklog): MetricSample[] {
  const labels = { service };
  return [
    { name: 'sanshe_outbox_pending', type: 'gauge', help: 'Events committed and not yet published.', value: backlog.pending, labels },
    { name: 'sanshe_outbox_oldest_pending_seconds', type: 'gauge', help: 'Age of the oldest event not yet published; 0 when none waits.', value: backlog.oldestSeconds, labels },
  ];
}

/** One sample with its HELP and TYPE lines. */
export interface MetricSample {
  name: string;
  type: 'counter' | 'gauge';
  help: string;
  value: number;
  labels?: Record<string, string>;
}

/** A page in Prometheus' text exposition format (0.0.4). */
export function renderMetrics(samples: readonly MetricSample[]): string {
  // The format wants one HELP and TYPE per metric, its samples together, however the list came.
  const byName = new Map<string, MetricSample[]>();
  for (const sample of samples) byName.set(sample.name, [...(byName.get(sample.name) ?? []), sample]);
  const lines = [...byName].flatMap(([name, group]) => [
    `# HELP ${name} ${group[0]!.help}`,
    `# TYPE ${name} ${group[0]!.type}`,
    ...group.map(({ value, labels }) => {
      // Label values are the platform's own names (services', durables'), never user input.
      const labelText = labels ? `{${Object.entries(labels).map(([key, v]) => `${key}="${v}"`).join(',')}}` : '';
      return `${name}${labelText} ${value}`;
    }),
  ]);
  return `${lines.join('\n')}\n`;
}

export function sendMetrics(res: ServerResponse, samples: readonly MetricSample[]): void {
  res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8', 'cache-control': 'no-store' });
  res.end(renderMetrics(samples));
}

/**
 * The value of one sample in a Prometheus text page, or null: the first line for `name` whose
 * labels include `labels` (any, when none are given).
 */
export function readMetric(page: string, name: string, labels: Record<string, string> = {}): number | null {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of page.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (match?.[1] !== name) continue;
    const present = new Set((match[2] ?? '').split(',').filter(Boolean));
    if (wanted.every((label) => present.has(label))) return Number(match[3]);
  }
  return null;
}

/**
 * A scraper's read of `/metrics` (the benchmark runner, end-to-end tests): the named samples of
 * the page at `metricsUrl`, keyed as asked. A non-2xx answer or a missing sample is an error, not
 * a zero — a count that silently reads 0 would pass for "no statements".
 */
export async function scrapeMetrics<K extends string>(metricsUrl: string, headers: Record<string, string>, names: Record<K, string>): Promise<Record<K, number>> {
  const response = await fetch(metricsUrl, { headers });
  if (!response.ok) throw new Error(`${metricsUrl} answered ${response.status}`);
  const page = await response.text();
  const values = {} as Record<K, number>;
  for (const [key, name] of Object.entries(names) as [K, string][]) {
    const value = readMetric(page, name);
    if (value === null) throw new Error(`${metricsUrl} has no ${name}`);
    values[key] = value;
  }
  return values;
}

/** Where a GraphQL server's `/metrics` page is: beside its `/graphql`. */
export const metricsUrlOf = (graphqlUrl: string) => graphqlUrl.replace(/\/graphql$/, '/metrics');
