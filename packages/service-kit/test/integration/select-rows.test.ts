/**
 * `selectRows` against real PostgreSQL: for every kind of column the services use, the rows it
 * decodes are the rows drizzle's own `db.select().from(table)` gives, in a transaction as outside
 * one, with the filter's parameters and the order applied.
 */
import { and, asc, desc, eq, gte, inArray, isNull, sql } from 'drizzle-orm';
import { bigint, boolean, date, integer, jsonb, numeric, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@sanshe/testing';
import { connectDatabase, selectRows, type DatabaseHandle } from '../../src/index.ts';

const stage = pgEnum('rows_probe_stage', ['DRAFT', 'PUBLISHED']);
const records = pgTable('rows_probe_records', {
  id: uuid('id').primaryKey(),
  communityCode: text('community_code').notNull(),
  stage: stage('stage').notNull(),
  minutes: integer('minutes').notNull(),
  amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
  ratio: numeric('ratio'),
  open: boolean('open').notNull(),
  happenedOn: date('happened_on').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true, precision: 3 }).notNull(),
  fields: text('fields').array().notNull(),
  detail: jsonb('detail').$type<{ note: string; tags: string[] }>(),
  closedAt: timestamp('closed_at', { withTimezone: true, precision: 3 }),
});

let database: TestDatabase;
let handle: DatabaseHandle<{ records: typeof records }>;

const rows = [1, 2, 3, 4, 5].map((i) => ({
  id: `00000000-0000-4000-8000-00000000000${i}`,
  communityCode: i % 2 === 0 ? '150204001002' : '150204001001',
  stage: i > 3 ? ('PUBLISHED' as const) : ('DRAFT' as const),
  minutes: i * 30,
  amountFen: 9_007_199_254_000 + i,
  ratio: i === 5 ? null : `0.${i}5`,
  open: i % 2 === 1,
  happenedOn: `2026-0${i}-1${i}`,
  recordedAt: new Date(`2026-02-0${i}T08:00:00.${i}25Z`),
  fields: i === 4 ? [] : ['养老', `类别 ${i}`],
  detail: i === 3 ? null : { note: `备注 "${i}"`, tags: ['a', 'b'] },
  closedAt: i === 2 ? new Date('2026-03-01T00:00:00Z') : null,
}));

beforeAll(async () => {
  database = await createTestDatabase('self-governance');
  handle = connectDatabase(database.url, { records }, { max: 2, applicationName: 'rows-probe' });
  await handle.db.execute(sql`create type rows_probe_stage as enum ('DRAFT', 'PUBLISHED')`);
  await handle.db.execute(sql`create table rows_probe_records (
    id uuid primary key, community_code text not null, stage rows_probe_stage not null, minutes integer not null,
    amount_fen bigint not null, ratio numeric, open boolean not null, happened_on date not null,
    recorded_at timestamptz(3) not null, fields text[] not null, detail jsonb, closed_at timestamptz(3))`);
  await handle.db.insert(records).values(rows);
});

afterAll(async () => {
  await handle?.close();
  await database?.drop();
});

describe('selectRows', () => {
  it('decodes every column as drizzle does: dates, numbers, numerics, arrays, JSON, enums and nulls', async () => {
    const ours = await selectRows(handle.db, records, undefined, [asc(records.recordedAt)]);
    const drizzles = await handle.db.select().from(records).orderBy(asc(records.recordedAt));
    expect(ours).toEqual(drizzles);
    // And both are what was written, so neither decodes wrongly in the same way.
    expect(ours).toEqual(rows);
    expect(ours[0]!.recordedAt).toBeInstanceOf(Date);
  });

  it('applies the filter with its parameters, and the order', async () => {
    const where = and(inArray(records.id, [rows[0]!.id, rows[2]!.id, rows[4]!.id]), gte(records.recordedAt, new Date('2026-02-02T00:00:00Z')));
    const ours = await selectRows(handle.db, records, where, [desc(records.minutes)]);
    expect(ours.map((r) => r.minutes)).toEqual([150, 90]);
    expect(ours).toEqual(await handle.db.select().from(records).where(where).orderBy(desc(records.minutes)));
    expect(await selectRows(handle.db, records, isNull(records.detail))).toEqual([rows[2]]);
    expect(await selectRows(handle.db, records, eq(records.communityCode, 'none'))).toEqual([]);
  });

  it('reads through the transaction it is given: its own uncommitted rows, and nothing after a rollback', async () => {
    const extra = { ...rows[0]!, id: '00000000-0000-4000-8000-000000000009', communityCode: '150204001009' };
    const seenInside: unknown[] = [];
    const rolledBack = await handle.db
      .transaction(async (tx) => {
        await tx.insert(records).values(extra);
        seenInside.push(...(await selectRows(tx, records, eq(records.communityCode, '150204001009'))));
        tx.rollback();
      })
      .then(() => false, () => true);
    expect(rolledBack).toBe(true);
    expect(seenInside).toEqual([extra]);
    expect(await selectRows(handle.db, records, eq(records.communityCode, '150204001009'))).toEqual([]);
  });
});
