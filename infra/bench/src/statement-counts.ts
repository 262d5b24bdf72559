/**
 * SQL statements per request, counted by the subgraphs' drivers and read from each subgraph's
 * `/metrics` (`sanshe_sql_statements_total`, sent with the subgraph's secret).
 *
 * The counters are exact and current, so a reading needs no settling time. Earlier runs counted
 * transactions in PostgreSQL's pg_stat_database instead, which backends report up to 10 s late
 * and which count a transaction of several statements once; those figures drifted by a few
 * tenths of a statement. What the services do on their own meanwhile (outbox relays polling, and
 * consumers) is measured over the same span with nothing sent and subtracted.
 */
import { metricsUrlOf, scrapeMetrics, SECRET_HEADER } from '@sanshe/service-kit';
import { SERVICES, type ServiceName } from '../../src/services.ts';
import { benchDatabase } from './stack.ts';

export interface SubgraphEndpoints {
  serviceUrls: Record<ServiceName, string>;
  secrets: Record<ServiceName, string>;
}

/** Statements each subgraph has sent so far, keyed by its bench database. */
export async function readStatementCounters(subgraphs: SubgraphEndpoints): Promise<Record<string, number>> {
  const entries = await Promise.all(
    SERVICES.map(async (service) => {
      const { statements } = await scrapeMetrics(metricsUrlOf(subgraphs.serviceUrls[service]), { [SECRET_HEADER]: subgraphs.secrets[service] }, {
        statements: 'sanshe_sql_statements_total',
      });
      return [benchDatabase(service), statements] as const;
    }),
  );
  return Object.fromEntries(entries);
}

export function sumDelta(before: Record<string, number>, after: Record<string, number>): { total: number; perDatabase: Record<string, number> } {
  const perDatabase: Record<string, number> = {};
  let total = 0;
  for (const [db, value] of Object.entries(after)) {
    const delta = value - (before[db] ?? value);
    perDatabase[db] = delta;
    total += delta;
  }
  return { total, perDatabase };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `work` (which sends `requests` requests one after another) between two readings, then
 * measures what the services send on their own over the same span and returns statements per
 * request, in total and per database.
 */
export async function countStatements(
  subgraphs: SubgraphEndpoints,
  requests: number,
  work: () => Promise<void>,
): Promise<{ perRequest: number; perDatabase: Record<string, number>; drift: number }> {
  const before = await readStatementCounters(subgraphs);
  const started = performance.now();
  await work();
  const after = await readStatementCounters(subgraphs);
  const span = performance.now() - started;

  const idleBefore = await readStatementCounters(subgraphs);
  await sleep(span);
  const idleAfter = await readStatementCounters(subgraphs);

  const busy = sumDelta(before, after);
  const idle = sumDelta(idleBefore, idleAfter);
  const perDatabase: Record<string, number> = {};
  for (const db of Object.keys(after)) {
    perDatabase[db] = Math.max(0, (busy.perDatabase[db] ?? 0) - (idle.perDatabase[db] ?? 0)) / requests;
  }
  return { perRequest: Math.max(0, busy.total - idle.total) / requests, perDatabase, drift: idle.total };
}
