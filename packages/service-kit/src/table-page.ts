import { and, type InferSelectModel, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type postgres from 'postgres';
import { decodeRow, driverOf, tableText } from './db/table-text.ts';
import type { AnyPgTx } from './outbox/record-event.ts';
import { afterTimeId, isTimeIdKey, readPage, toConnection, type Connection, type PageArgs, type TimeIdKey } from './pagination.ts';

/**
 * How a table's list is ordered: by a timestamp column, ties broken by a unique text or uuid
 * column (`id` by name, though some tables key on another, such as a grant id).
 */
export interface TimeIdOrder {
  time: PgColumn;
  id: PgColumn;
  direction: 'asc' | 'desc';
}

/**
 * A Relay connection over the rows of one table that match `where`, in (time, id) order, with the
 * total under the same filter.
 *
 * The first page, which is what portals and dashboards nearly always ask for, is one statement:
 * the count and the page are two subqueries joined laterally. Each keeps its own plan (an
 * index-only count, a top-N page), they read one snapshot so the total always agrees with the
 * rows, and a page of lists costs one round trip per list instead of two. Later pages still need
 * the total of the whole filter, not of the rows after the cursor, so they run the keyset page and
 * the count as two statements side by side.
 *
 * The statements are written here around the filter, which is all drizzle renders per request;
 * the table's part is rendered once (`tableText`). Rows are decoded as drizzle's select decodes them.
 *
 * The time column must have millisecond precision, as for `timeIdConnection`.
 */
export async function tablePage<Table extends PgTable>(
  db: AnyPgTx,
  table: Table,
  order: TimeIdOrder,
  where: SQL | undefined,
  args: PageArgs,
): Promise<Connection<InferSelectModel<Table>>> {
  type Row = InferSelectModel<Table>;
  const page = readPage(args, isTimeIdKey);
  const { dialect, client } = driverOf(db);
  const text = tableText(dialect, table);
  const timeKey = text.keyOf.get(order.time);
  const idKey = text.keyOf.get(order.id);
  if (timeKey === undefined || idKey === undefined) throw new Error(`the order of ${text.from} names a column of another table`);
  const direction = order.direction === 'asc' ? 'asc' : 'desc';
  const orderBy = `${text.column(order.time)} ${direction}, ${text.column(order.id)} ${direction}`;
  // Only the filter is rendered per request; its parameters are numbered from $1.
  const filter = (condition: SQL | undefined) => {
    if (condition === undefined) return { clause: '', params: [] as unknown[] };
    const query = dialect.sqlToQuery(condition);
    return { clause: ` where ${query.sql}`, params: query.params };
  };
  const keyOf = (row: Row): TimeIdKey => {
    const fields = row as Record<string, unknown>;
    return [(fields[timeKey] as Date).toISOString(), String(fields[idKey])];
  };
  const run = (statement: string, params: unknown[]) => client.unsafe(statement, params as postgres.ParameterOrJSON<never>[]).values();

  if (page.after === null) {
    // The filter appears twice and both read the same parameters.
    const { clause, params } = filter(where);
    const limit = `$${params.length + 1}`;
    const statement =
      `select "list_total"."n", "first_page".* from (select count(*) as "n" from ${text.from}${clause}) "list_total" ` +
      `left join lateral (select ${text.columns} from ${text.from}${clause} order by ${orderBy} limit ${limit}) "first_page" on true`;
    const result = await run(statement, [...params, page.fetch]);
    const n = Number(result[0]?.[0] ?? 0);
    // No match leaves one row: the zero count joined to nothing.
    const rows = n === 0 ? [] : result.map((values) => decodeRow<Row>(text, values, 1));
    return toConnection(rows, page, n, keyOf);
  }

  const rowsFilter = filter(and(where, afterTimeId(order.time, order.id, page.after, order.direction)));
  const countFilter = filter(where);
  const [rows, counted] = await Promise.all([
    run(`select ${text.columns} from ${text.from}${rowsFilter.clause} order by ${orderBy} limit $${rowsFilter.params.length + 1}`, [
      ...rowsFilter.params,
      page.fetch,
    ]),
    run(`select count(*) from ${text.from}${countFilter.clause}`, countFilter.params),
  ]);
  return toConnection(
    rows.map((values) => decodeRow<Row>(text, values)),
    page,
    Number(counted[0]?.[0] ?? 0),
    keyOf,
  );
}
