/**
 * Pruning the inbox, against real PostgreSQL: rows of events applied longer ago than the
 * retention go, in batches, and every other row stays; every service's migrated database has
 * the BRIN index the prune reads.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, eventually, type TestDatabase } from '@sanshe/testing';
import { connectDatabase, createLogger, inbox, pruneInbox, scheduleInboxPruning, type DatabaseHandle } from '../../src/index.ts';

const SERVICES = ['funding', 'organizations', 'party-building', 'self-governance', 'social-work'] as const;
let database: TestDatabase;
let handle: DatabaseHandle<{ inbox: typeof inbox }>;

/** `n` inbox rows of one consumer, applied `daysAgo` days ago. */
async function applied(consumer: string, n: number, daysAgo: number): Promise<void> {
  await handle.sql`
    insert into inbox (consumer, event_id, event_type, processed_at)
    select ${consumer}, gen_random_uuid(), 'probe', now() - make_interval(days => ${daysAgo}) from generate_series(1, ${n})`;
}

beforeAll(async () => {
  database = await createTestDatabase('funding');
  handle = connectDatabase(database.url, { inbox }, { max: 2 });
});

afterAll(async () => {
  await handle?.close();
  await database?.drop();
});

describe('pruning the inbox', () => {
  it('deletes the rows older than the retention, a batch at a time, and keeps the rest', async () => {
    await applied('funding__organizations', 23, 40);
    await applied('funding__self-governance', 4, 36);
    await applied('funding__organizations', 5, 34);
    await applied('funding__self-governance', 6, 0);
    expect(await pruneInbox(handle.sql, 35, 10)).toBe(27);
    const left = await handle.sql<{ days: number; n: number }[]>`
      select extract(day from now() - processed_at)::int as days, count(*)::int as n from inbox group by 1 order by 1`;
    expect(left).toEqual([
      { days: 0, n: 6 },
      { days: 34, n: 5 },
    ]);
    expect(await pruneInbox(handle.sql, 35, 10)).toBe(0);
  });

  it('prunes on a schedule in the background, and stops when told', async () => {
    await applied('funding__organizations', 3, 50);
    const pruning = scheduleInboxPruning({ sql: handle.sql, retentionDays: 35, logger: createLogger('funding', 'silent'), firstAfterMs: 0, everyMs: 60_000 });
    try {
      await eventually(async () => {
        const [row] = await handle.sql<{ n: number }[]>`select count(*)::int as n from inbox where processed_at < now() - interval '35 days'`;
        return row!.n === 0;
      });
    } finally {
      await pruning.stop();
    }
    const [left] = await handle.sql<{ n: number }[]>`select count(*)::int as n from inbox`;
    expect(left!.n).toBe(11);
  });

  it('finds its rows through a BRIN index on processed_at in every service', async () => {
    for (const service of SERVICES) {
      const db = await createTestDatabase(service);
      const check = connectDatabase(db.url, {}, { max: 1 });
      try {
        const [index] = await check.sql<{ indexdef: string }[]>`select indexdef from pg_indexes where tablename = 'inbox' and indexname = 'inbox_processed_at_brin'`;
        expect(index?.indexdef, service).toMatch(/USING brin \(processed_at\)/);
      } finally {
        await check.close();
        await db.drop();
      }
    }
  });
});
