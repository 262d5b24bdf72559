import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * `/metrics` in Prometheus' text format. Like every path but health and readiness, it answers only
 * callers holding the subgraph secret (a scraper sends it as a header).
 *
 * `sanshe_sql_statements_total` is every statement the service's pool has sent, counted by the
 * driver as it sends it: exact and current, where PostgreSQL's own per-database transaction counts
 * are reported late and count a transaction of several statements once. Benchmarks read it before
 * and after a run to give statements per request.
 */
export function metricsRoute(service: string, statementCount: () => number) {
  return (_req: IncomingMessage, res: ServerResponse, url: URL): boolean => {
    if (url.pathname !== '/metrics') return false;
    const cpu = process.cpuUsage();
    const label = `{service="${service}"}`;
    const lines = [
      '# HELP sanshe_sql_statements_total SQL statements sent to PostgreSQL.',
      '# TYPE sanshe_sql_statements_total counter',
      `sanshe_sql_statements_total${label} ${statementCount()}`,
      '# HELP process_cpu_seconds_total User and system CPU time spent, in seconds.',
      '# TYPE process_cpu_seconds_total counter',
      `process_cpu_seconds_total${label} ${(cpu.user + cpu.system) / 1e6}`,
      '# HELP process_resident_memory_bytes Resident memory size, in bytes.',
      '# TYPE process_resident_memory_bytes gauge',
      `process_resident_memory_bytes${label} ${process.memoryUsage.rss()}`,
    ];
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
    res.end(`${lines.join('\n')}\n`);
    return true;
  };
}

/** The value of one sample in a Prometheus text page (the first line for `name`), or null. */
export function readMetric(page: string, name: string): number | null {
  for (const line of page.split('\n')) {
    if (line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (match?.[1] === name) return Number(match[3]);
  }
  return null;
}
