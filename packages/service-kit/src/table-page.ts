import { and, asc, count, desc, getTableColumns, getTableName, sql, type InferSelectModel, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
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

/** Each table's columns by their TypeScript keys, worked out once: every list request needs them. */
const tableKeys = new WeakMap<PgTable, { keys: string[]; keyOf: Map<PgColumn, string> }>();

function keysOf(table: PgTable) {
  let known = tableKeys.get(table);
  if (!known) {
    const columns = getTableColumns(table);
    known = { keys: Object.keys(columns), keyOf: new Map(Object.entries(columns).map(([key, column]) => [column, key])) };
    tableKeys.set(table, known);
  }
  return known;
}

/** The property a row has for `column` (drizzle names them by the table's TypeScript keys). */
function keyOfColumn(table: PgTable, column: PgColumn): string {
  const key = keysOf(table).keyOf.get(column);
  if (key === undefined) throw new Error(`${column.name} is not a column of ${getTableName(table)}`);
  return key;
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
  // Drizzle's builders are typed for one concrete table; the helper is for any.
  const source: PgTable = table;
  const page = readPage(args, isTimeIdKey);
  const timeKey = keyOfColumn(table, order.time);
  const idKey = keyOfColumn(table, order.id);
  const by = order.direction === 'asc' ? asc : desc;
  const rowsAfter = (after: SQL | undefined) =>
    db
      .select()
      .from(source)
      .where(and(where, after))
      .orderBy(by(order.time), by(order.id))
      .limit(page.fetch);
  const keyOf = (row: Row): TimeIdKey => {
    const fields = row as Record<string, unknown>;
    return [(fields[timeKey] as Date).toISOString(), String(fields[idKey])];
  };

  if (page.after === null) {
    const total = db.select({ n: count().as('n') }).from(source).where(where).as('list_total');
    const first = rowsAfter(undefined).as('first_page');
    // The page's columns by their TypeScript names, read through the subquery so each keeps its
    // decoder (timestamps come back as Dates, as from a plain select).
    const fields = first as unknown as Record<string, PgColumn>;
    const row = Object.fromEntries(keysOf(source).keys.map((key) => [key, fields[key]!]));
    const result = await db.select({ n: total.n, row }).from(total).leftJoinLateral(first, sql`true`);
    const n = Number(result[0]?.n ?? 0);
    // No match leaves one row: the zero count joined to nothing.
    const rows = n === 0 ? [] : result.map((r) => r.row as unknown as Row);
    return toConnection(rows, page, n, keyOf);
  }

  const [rows, counted] = await Promise.all([
    rowsAfter(afterTimeId(order.time, order.id, page.after, order.direction)) as unknown as Promise<Row[]>,
    db.select({ n: count() }).from(source).where(where),
  ]);
  return toConnection(rows, page, counted[0]?.n ?? 0, keyOf);
}
