import type { InferSelectModel, SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type postgres from 'postgres';
import { decodeRow, driverOf, tableText } from './db/table-text.ts';
import type { AnyPgTx } from './outbox/record-event.ts';
import { isTimeIdKey, readPage, toConnection, type Connection, type PageArgs, type TimeIdKey } from './pagination.ts';

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
 * Every page, first or later, is one statement: the count and the page are two subqueries joined
 * laterally, both over one `not materialized` CTE that carries the filter:
 *
 *   with "list_rows" as not materialized (select <columns> from <table> where <filter>)
 *   select "list_total"."n", "list_page".* from (select count(*) as "n" from "list_rows") "list_total"
 *   left join lateral (select * from "list_rows" [where ("list_rows"."<time>", "list_rows"."<id>") > ($k, $k+1)]
 *                      order by <time>, <id> limit $m) "list_page" on true
 *
 * `not materialized` makes PostgreSQL inline the CTE into both places and flatten it, so each half
 * keeps the plan it would have on its own (an index-only count, a top-N index scan for the page;
 * EXPLAIN shows the same two scans as two separate statements), while the filter's text and
 * parameters are sent once. Later pages need the total of the whole filter, not of the rows after
 * the cursor, which is why the cursor's condition sits on the page alone. Count and page read one
 * snapshot, so the total always agrees with the rows, and a page costs one round trip. (Later pages
 * used to send the two as separate statements side by side, which could overlap on two pooled
 * connections; in one statement they run one after the other, the same work: on a 400,000-row table
 * EXPLAIN ANALYZE put the one statement level with the two summed even where both halves scan the
 * whole table, and well under them whenever the cursor is deep in an indexed list.)
 *
 * The cursor's condition is a row comparison, `(time, id) > (t, i)` (`<` when descending): the
 * same rows as `time > t or (time = t and id > i)` (`afterTimeId`), but a btree index on
 * (…equalities, time, id) takes it as a range bound, where the `or` form was a filter applied to
 * every row of the filter before the cursor (3,000 rows into one community's list, the page read
 * and dropped 3,001 rows to return 21).
 *
 * The statements are written here around the filter, which is all drizzle renders per request;
 * the table's part is rendered once (`tableText`). The text depends on the table, the order, the
 * filter's shape and whether there is a cursor, never on parameter values, so each shape is one
 * prepared statement. Rows are decoded as drizzle's select decodes them.
 *
 * The time column must have millisecond precision, as for `timeIdConnection`, and no null times
 * (a row's cursor is made from it).
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
  const timeIndex = text.keys.indexOf(timeKey);
  const direction = order.direction === 'asc' ? 'asc' : 'desc';
  // The page reads the CTE's columns, which keep the table's column names.
  const time = `"list_rows".${dialect.escapeName(order.time.name)}`;
  const id = `"list_rows".${dialect.escapeName(order.id.name)}`;

  // Only the filter is rendered per request; its parameters are numbered from $1, the cursor's
  // and the limit's follow.
  let clause = '';
  const params: unknown[] = [];
  if (where !== undefined) {
    const query = dialect.sqlToQuery(where);
    clause = ` where ${query.sql}`;
    params.push(...query.params);
  }
  let after = '';
  if (page.after !== null) {
    // Encoded as drizzle encodes a value compared with the column (`gt(time, date)`).
    params.push(order.time.mapToDriverValue(new Date(page.after[0])), order.id.mapToDriverValue(page.after[1]));
    after = ` where (${time}, ${id}) ${direction === 'asc' ? '>' : '<'} ($${params.length - 1}, $${params.length})`;
  }
  params.push(page.fetch);
  const statement =
    `with "list_rows" as not materialized (select ${text.columns} from ${text.from}${clause}) ` +
    `select "list_total"."n", "list_page".* from (select count(*) as "n" from "list_rows") "list_total" ` +
    `left join lateral (select * from "list_rows"${after} order by ${time} ${direction}, ${id} ${direction} limit $${params.length}) "list_page" on true`;
  const result = await client.unsafe(statement, params as postgres.ParameterOrJSON<never>[]).values();

  const n = Number(result[0]?.[0] ?? 0);
  // An empty page leaves one row: the count joined to nothing, every column null. A listed row's
  // time is never null, so that is how the two are told apart (a later page can be empty with a
  // total above zero: past the last row, or after its rows were deleted).
  const rows = result.length === 1 && result[0]![1 + timeIndex] == null ? [] : result.map((values) => decodeRow<Row>(text, values, 1));
  const keyOf = (row: Row): TimeIdKey => {
    const fields = row as Record<string, unknown>;
    return [(fields[timeKey] as Date).toISOString(), String(fields[idKey])];
  };
  return toConnection(rows, page, n, keyOf);
}
