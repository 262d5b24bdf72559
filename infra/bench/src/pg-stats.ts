/**
 * SQL statements per request, counted by PostgreSQL itself.
 *
 * pg_stat_statements is not loaded on this server (it needs shared_preload_libraries and a
 * restart), so we count transactions: `xact_commit + xact_rollback` of the five bench databases
 * in pg_stat_database. The subgraphs' reads run outside explicit transactions on postgres.js, so
 * each read statement is its own implicit transaction and the count is exact for reads; a write
 * (one transaction holding several statements) counts once, which BENCHMARKS.md says.
 *
 * Backends report their counters when idle, at most once a second, and a backend that had to wait
 * flushes 10 s later (PGSTAT_IDLE_INTERVAL in PostgreSQL 15): readings are taken after a settle
 * of 11 s, and the drift of the same length while idle (outbox relays polling once a second) is
 * measured and subtracted.
 */
import postgres from 'postgres';

export const STATS_SETTLE_MS = 11_000;

export async function readTransactionCounts(adminUrl: string, databases: string[]): Promise<Record<string, number>> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ datname: string; n: string }[]>`
      select datname, (xact_commit + xact_rollback)::text as n
      from pg_stat_database where datname = any(${databases})`;
    return Object.fromEntries(rows.map((r) => [r.datname, Number(r.n)]));
  } finally {
    await sql.end({ timeout: 5 });
  }
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
 * Runs `work` (which sends `requests` requests one after another) between two settled readings,
 * then measures the idle drift over the same span and returns statements per request, in total
 * and per database.
 */
export async function countStatements(
  adminUrl: string,
  databases: string[],
  requests: number,
  work: () => Promise<void>,
): Promise<{ perRequest: number; perDatabase: Record<string, number>; drift: number }> {
  await sleep(STATS_SETTLE_MS);
  const before = await readTransactionCounts(adminUrl, databases);
  const started = performance.now();
  await work();
  const workMs = performance.now() - started;
  await sleep(STATS_SETTLE_MS);
  const after = await readTransactionCounts(adminUrl, databases);
  const span = performance.now() - started;

  // The same span with nothing sent: what the relays and consumers do on their own.
  const idleBefore = await readTransactionCounts(adminUrl, databases);
  await sleep(span);
  const idleAfter = await readTransactionCounts(adminUrl, databases);

  const busy = sumDelta(before, after);
  const idle = sumDelta(idleBefore, idleAfter);
  const perDatabase: Record<string, number> = {};
  for (const db of databases) {
    perDatabase[db] = Math.max(0, (busy.perDatabase[db] ?? 0) - (idle.perDatabase[db] ?? 0)) / requests;
  }
  void workMs;
  return { perRequest: Math.max(0, busy.total - idle.total) / requests, perDatabase, drift: idle.total };
}

/** Process ids of the PostgreSQL backends connected to the bench databases (the services' pools). */
export async function backendPids(adminUrl: string, databases: string[]): Promise<number[]> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = any(${databases})`;
    return rows.map((r) => r.pid);
  } finally {
    await sql.end({ timeout: 5 });
  }
}
