/**
 * `tablePage` against real PostgreSQL: the first page and its total in one statement, later pages
 * by keyset, and the same rows, order and totals whichever way a page was read.
 */
import { eq, sql } from 'drizzle-orm';
import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@sanshe/testing';
import { connectDatabase, tablePage, type AnyPgTx, type DatabaseHandle, type TimeIdOrder } from '../../src/index.ts';

const notices = pgTable('page_probe_notices', {
  id: uuid('id').primaryKey(),
  communityCode: text('community_code').notNull(),
  title: text('title').notNull(),
  postedAt: timestamp('posted_at', { withTimezone: true, precision: 3 }).notNull(),
});
type Notice = typeof notices.$inferSelect;

let database: TestDatabase;
let handle: DatabaseHandle<{ notices: typeof notices }>;
let db: AnyPgTx;

const newest: TimeIdOrder = { time: notices.postedAt, id: notices.id, direction: 'desc' };
const oldest: TimeIdOrder = { ...newest, direction: 'asc' };
const inCommunity = (code: string) => eq(notices.communityCode, code);

/** 7 notices in one community (two of them posted at the same instant), 1 in another. */
const seeded: Notice[] = [
  ['00000000-0000-4000-8000-000000000001', '2026-01-01T08:00:00.000Z'],
  ['00000000-0000-4000-8000-000000000002', '2026-01-02T08:00:00.000Z'],
  ['00000000-0000-4000-8000-000000000003', '2026-01-03T08:00:00.000Z'],
  ['00000000-0000-4000-8000-000000000004', '2026-01-03T08:00:00.000Z'],
  ['00000000-0000-4000-8000-000000000005', '2026-01-04T08:00:00.125Z'],
  ['00000000-0000-4000-8000-000000000006', '2026-01-05T08:00:00.000Z'],
  ['00000000-0000-4000-8000-000000000007', '2026-01-06T08:00:00.000Z'],
].map(([id, at], i) => ({ id: id!, communityCode: '150204001001', title: `公告 ${i + 1}`, postedAt: new Date(at!) }));

beforeAll(async () => {
  database = await createTestDatabase('self-governance');
  handle = connectDatabase(database.url, { notices }, { max: 2, applicationName: 'page-probe' });
  db = handle.db as unknown as AnyPgTx;
  await handle.db.execute(sql`create table page_probe_notices (
    id uuid primary key, community_code text not null, title text not null, posted_at timestamptz(3) not null)`);
  await handle.db.insert(notices).values([
    ...seeded,
    { id: '00000000-0000-4000-8000-000000000099', communityCode: '150204001002', title: '别的社区', postedAt: new Date('2026-01-07T08:00:00Z') },
  ]);
  // Open both pooled connections now: a new connection's own setup queries are not the list's.
  await Promise.all([handle.sql`select pg_sleep(0.05)`, handle.sql`select pg_sleep(0.05)`]);
});

afterAll(async () => {
  await handle?.close();
  await database?.drop();
});

/** Runs `read` and returns what it answered with the statements it sent. */
async function counted<T>(read: () => Promise<T>): Promise<{ value: T; sent: number }> {
  const before = handle.statementCount();
  const value = await read();
  return { value, sent: handle.statementCount() - before };
}

const ids = (connection: { edges: { node: Notice }[] }) => connection.edges.map((e) => e.node.id.slice(-1));

describe('tablePage', () => {
  it('reads the first page and the total in one statement, rows decoded as from a plain select', async () => {
    const { value: page, sent } = await counted(() => tablePage(db, notices, newest, inCommunity('150204001001'), { first: 3 }));
    expect(sent).toBe(1);
    expect(page.totalCount).toBe(7);
    expect(ids(page)).toEqual(['7', '6', '5']);
    expect(page.edges[2]!.node).toEqual(seeded[4]);
    expect(page.edges[2]!.node.postedAt).toBeInstanceOf(Date);
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
  });

  it('walks every row once through later pages (keyset and count side by side), ties on time broken by id', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const { value: page, sent } = await counted(() => tablePage(db, notices, oldest, inCommunity('150204001001'), { first: 2, after }));
      expect(sent).toBe(after === null ? 1 : 2);
      expect(page.totalCount).toBe(7);
      seen.push(...ids(page));
      pages += 1;
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    expect(pages).toBe(4);
  });

  it('answers an empty connection with a zero total when nothing matches', async () => {
    const page = await tablePage(db, notices, newest, inCommunity('150204009999'), { first: 5 });
    expect(page).toEqual({ edges: [], pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null }, totalCount: 0 });
  });

  it('gives the total without rows for first: 0, and the whole table with no filter', async () => {
    const none = await tablePage(db, notices, newest, inCommunity('150204001001'), { first: 0 });
    expect(none.totalCount).toBe(7);
    expect(none.edges).toEqual([]);
    expect(none.pageInfo.hasNextPage).toBe(true);
    const all = await tablePage(db, notices, newest, undefined, {});
    expect(all.totalCount).toBe(8);
    expect(ids(all)[0]).toBe('9');
  });

  it('answers every first-page size with the right rows, total and next-page flag', async () => {
    for (const first of [1, 2, 6, 7, 8]) {
      const page = await tablePage(db, notices, newest, inCommunity('150204001001'), { first });
      expect(page.totalCount).toBe(7);
      expect(ids(page)).toEqual(['7', '6', '5', '4', '3', '2', '1'].slice(0, first));
      expect(page.pageInfo.hasNextPage).toBe(first < 7);
    }
  });
});
