import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { readPage, toConnection, type Connection, type PageArgs } from '@sanshe/service-kit';
import { isCalendarDate } from './past-day.ts';

/** Keyset position for lists ordered by a calendar date (newest first), ties broken by id. */
type DateIdKey = [string, string];
const isDateIdKey = (v: unknown): v is DateIdKey =>
  Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && isCalendarDate(v[0]) && typeof v[1] === 'string' && /^[0-9a-f-]{36}$/i.test(v[1]);

/** The service kit pages by timestamps; meetings are dated by day, so they page by (date, id) descending. */
export async function dateIdConnection<T>(
  args: PageArgs,
  columns: { date: AnyPgColumn; id: AnyPgColumn },
  query: { rows: (after: SQL | undefined, orderBy: SQL[], limit: number) => Promise<T[]>; count: () => Promise<number>; keyOf: (row: T) => DateIdKey },
): Promise<Connection<T>> {
  const page = readPage(args, isDateIdKey);
  const after = page.after
    ? or(lt(columns.date, page.after[0]), and(eq(columns.date, page.after[0]), lt(columns.id, page.after[1])))
    : undefined;
  const [rows, total] = await Promise.all([query.rows(after, [desc(columns.date), desc(columns.id)], page.fetch), query.count()]);
  return toConnection(rows, page, total, query.keyOf);
}
