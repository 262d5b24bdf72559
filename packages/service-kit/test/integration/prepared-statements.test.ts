/**
 * Drizzle's statements reach PostgreSQL as named prepared statements (db/database.ts), in and out
 * of transactions, and as unnamed ones when DATABASE_PREPARE is off. (postgres.js keeps a
 * statement without parameters unnamed either way, so every probe has one.)
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@sanshe/testing';
import { connectDatabase, type DatabaseHandle } from '../../src/index.ts';

let database: TestDatabase;
const handles: DatabaseHandle<Record<string, never>>[] = [];

beforeAll(async () => {
  database = await createTestDatabase('self-governance');
});

afterAll(async () => {
  await Promise.all(handles.map((h) => h.close()));
  await database?.drop();
});

/** One connection, so the statements asked about are the session's own. */
function connect(prepare?: boolean) {
  const handle = connectDatabase(database.url, {}, { max: 1, applicationName: 'prepare-probe', prepare });
  handles.push(handle);
  return handle;
}

async function preparedTexts(handle: DatabaseHandle<Record<string, never>>): Promise<string[]> {
  const rows = await handle.sql<{ statement: string }[]>`select statement from pg_prepared_statements`;
  return rows.map((r) => r.statement);
}

describe('prepared statements', () => {
  it('prepares what drizzle builds, once per text, and reuses it with other parameters', async () => {
    const handle = connect();
    const probe = (n: number) => handle.db.execute(sql`select ${n}::int + 1 as next /* probe-outside */`);
    expect(await probe(1)).toEqual([{ next: 2 }]);
    expect(await probe(41)).toEqual([{ next: 42 }]);
    const texts = (await preparedTexts(handle)).filter((t) => t.includes('probe-outside'));
    expect(texts).toHaveLength(1);
  });

  it('prepares inside a transaction and a nested savepoint too', async () => {
    const handle = connect();
    await handle.db.transaction(async (tx) => {
      await tx.execute(sql`select ${1}::int as one /* probe-in-transaction */`);
      await tx.transaction(async (inner) => {
        await inner.execute(sql`select ${2}::int as two /* probe-in-savepoint */`);
      });
    });
    const texts = await preparedTexts(handle);
    expect(texts.some((t) => t.includes('probe-in-transaction'))).toBe(true);
    expect(texts.some((t) => t.includes('probe-in-savepoint'))).toBe(true);
  });

  it('sends unnamed statements when turned off', async () => {
    const handle = connect(false);
    expect(await handle.db.execute(sql`select ${3}::int as three /* probe-unnamed */`)).toEqual([{ three: 3 }]);
    expect((await preparedTexts(handle)).some((t) => t.includes('probe-unnamed'))).toBe(false);
  });
});
