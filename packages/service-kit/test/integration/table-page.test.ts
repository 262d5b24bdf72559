/**
 * `tablePage` against real PostgreSQL: every page and its total in one statement that carries the
 * filter once, later pages by keyset, and the same rows, order and totals whichever way a page was read.
 */
import { eq, sql } from 'drizzle-orm';
import { pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type postgres from 'postgres';
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
  // The services' list indexes look like this: the filter's equality, then the order.
  await handle.db.execute(sql`create index page_probe_notices_community_idx on page_probe_notices (community_code, posted_at, id)`);
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

/** A `db` for `tablePage` that records each statement and its parameters on the way to `db`. */
function recording(): { db: AnyPgTx; sent: { statement: string; params: unknown[] }[] } {
  const { dialect, session } = db as unknown as { dialect: unknown; session: { client: postgres.Sql } };
  const sent: { statement: string; params: unknown[] }[] = [];
  const client = {
    unsafe: (statement: string, params: postgres.ParameterOrJSON<never>[]) => {
      sent.push({ statement, params });
      return session.client.unsafe(statement, params);
    },
  };
  return { db: { dialect, session: { client } } as unknown as AnyPgTx, sent };
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Cond'?: string;
  Filter?: string;
  Plans?: PlanNode[];
}

const occurrences = (haystack: string, needle: string) => haystack.split(needle).length - 1;

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

  it('walks every row once through later pages, each page and its total one statement, ties on time broken by id', async () => {
    for (const [order, expected] of [
      [oldest, ['1', '2', '3', '4', '5', '6', '7']],
      [newest, ['7', '6', '5', '4', '3', '2', '1']],
    ] as const) {
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const { value: page, sent } = await counted(() => tablePage(db, notices, order, inCommunity('150204001001'), { first: 2, after }));
        expect(sent).toBe(1);
        expect(page.totalCount).toBe(7);
        expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
        seen.push(...ids(page));
        pages += 1;
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(expected);
      expect(pages).toBe(4);
    }
  });

  it('sends a later page the filter once, with its parameters once, in a text that does not vary with the cursor', async () => {
    const { db: probe, sent } = recording();
    const filter = inCommunity('150204001001');
    const first = await tablePage(probe, notices, newest, filter, { first: 2 });
    const second = await tablePage(probe, notices, newest, filter, { first: 2, after: first.pageInfo.endCursor });
    const third = await tablePage(probe, notices, newest, filter, { first: 2, after: second.pageInfo.endCursor });
    expect(ids(second)).toEqual(['5', '4']);
    expect(ids(third)).toEqual(['3', '2']);
    expect(sent).toHaveLength(3);
    const [, later, laterStill] = sent;
    expect(occurrences(later!.statement, '"page_probe_notices"."community_code" = $1')).toBe(1);
    expect(occurrences(later!.statement, 'from "page_probe_notices"')).toBe(1);
    // The filter's value, then the cursor's time and id, then the rows to fetch (one more than asked).
    expect(later!.params).toEqual(['150204001001', '2026-01-05T08:00:00.000Z', '00000000-0000-4000-8000-000000000006', 3]);
    expect(laterStill!.statement).toBe(later!.statement);
    // The first page is the same statement without the cursor's condition.
    expect(sent[0]!.params).toEqual(['150204001001', 3]);
    expect(occurrences(sent[0]!.statement, '"page_probe_notices"."community_code" = $1')).toBe(1);
  });

  it('plans a later page as two scans of the table, the page bounded by the cursor in the index, not a scan of a materialized set', async () => {
    const { db: probe, sent } = recording();
    const first = await tablePage(probe, notices, newest, inCommunity('150204001001'), { first: 2 });
    await tablePage(probe, notices, newest, inCommunity('150204001001'), { first: 2, after: first.pageInfo.endCursor });
    const { statement, params } = sent[1]!;
    // Eight rows would be read sequentially; the question is what the index is asked, as on a big table.
    const plan = await handle.sql.begin(async (tx) => {
      await tx`set local enable_seqscan = off`;
      const [line] = await tx.unsafe(`explain (format json) ${statement}`, params as postgres.ParameterOrJSON<never>[]);
      return (line!['QUERY PLAN'] as [{ Plan: PlanNode }])[0].Plan;
    });
    const nodes: PlanNode[] = [];
    const walk = (node: PlanNode) => {
      nodes.push(node);
      node.Plans?.forEach(walk);
    };
    walk(plan);
    // The CTE is inlined: no scan of a materialized set, the table read once for the count and once for the page.
    expect(nodes.filter((node) => node['Node Type'] === 'CTE Scan')).toEqual([]);
    expect(nodes.filter((node) => node['Relation Name'] === 'page_probe_notices')).toHaveLength(2);
    // The page stops at its limit, and the cursor bounds its index scan instead of filtering the rows before it.
    const limit = nodes.find((node) => node['Node Type'] === 'Limit')!;
    const scan = limit.Plans![0]!;
    expect(scan['Node Type']).toMatch(/^Index (Only )?Scan$/);
    expect(scan['Index Cond']).toMatch(/^\(\(community_code = '150204001001'::text\) AND \(ROW\(posted_at, id\) < ROW\(/);
    expect(scan.Filter).toBeUndefined();
  });

  it('answers a later page past the last row with no rows, the whole total and no next page', async () => {
    const all = await tablePage(db, notices, oldest, inCommunity('150204001001'), { first: 7 });
    expect(all.pageInfo.hasNextPage).toBe(false);
    const { value: beyond, sent } = await counted(() => tablePage(db, notices, oldest, inCommunity('150204001001'), { first: 3, after: all.pageInfo.endCursor }));
    expect(sent).toBe(1);
    expect(beyond).toEqual({
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null },
      totalCount: 7,
    });
    const nothing = await tablePage(db, notices, oldest, inCommunity('150204009999'), { first: 3, after: all.pageInfo.endCursor });
    expect(nothing.totalCount).toBe(0);
    expect(nothing.edges).toEqual([]);
  });

  it('pages the whole table with no filter, and answers a later page of one row decoded whole', async () => {
    const first = await tablePage(db, notices, newest, undefined, { first: 6 });
    expect(ids(first)).toEqual(['9', '7', '6', '5', '4', '3']);
    const last = await tablePage(db, notices, newest, undefined, { first: 6, after: first.pageInfo.endCursor });
    expect(last.totalCount).toBe(8);
    expect(ids(last)).toEqual(['2', '1']);
    expect(last.pageInfo.hasNextPage).toBe(false);
    const one = await tablePage(db, notices, newest, inCommunity('150204001001'), { first: 1, after: last.edges[0]!.cursor });
    expect(one.edges.map((e) => e.node)).toEqual([seeded[0]]);
    expect(one.edges[0]!.node.postedAt).toBeInstanceOf(Date);
    expect(one.totalCount).toBe(7);
    expect(one.pageInfo.hasNextPage).toBe(false);
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
