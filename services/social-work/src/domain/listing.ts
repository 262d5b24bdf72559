/** Shared pieces of every list: filter parsing, id and region conditions, keyset pages. */
import { and, asc, count, desc, eq, like, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import { isUuid, parseInput, timeIdConnection, type Connection, type PageArgs } from '@sanshe/service-kit';
import type { Db } from '../context.ts';

/** Parses a list's filter argument, naming bad fields `filter.<name>`. */
export function parseFilter<S extends z.ZodType>(schema: S, filter: unknown): z.output<S> {
  return parseInput(schema, filter ?? {}, 'filter');
}

/** An id condition: an id that is not a UUID matches nothing (never a cast error). */
export function idEquals(column: PgColumn, id: string): SQL {
  return isUuid(id) ? eq(column, id) : sql`false`;
}

/** Rows whose community code lies within a district (6), street (9) or community (12) code. */
export function withinRegion(column: PgColumn, code: string): SQL {
  return like(column, `${code}%`);
}

/** Drops the conditions that are not there; undefined when none is. */
export function allOf(...conditions: (SQL | undefined | null | false | '')[]): SQL | undefined {
  const present = conditions.filter((c): c is SQL => Boolean(c));
  return present.length ? and(...present) : undefined;
}

/** A keyset page of one table ordered by (time, id), with its total. */
export function listTable<T extends { id: string }>(
  db: Db,
  table: PgTable,
  order: { time: PgColumn; id: PgColumn; direction: 'asc' | 'desc'; timeOf: (row: T) => Date },
  where: SQL | undefined,
  args: PageArgs,
): Promise<Connection<T>> {
  const by = order.direction === 'asc' ? asc : desc;
  return timeIdConnection(args, {
    rows: async (after, limit) =>
      (await db
        .select()
        .from(table)
        .where(allOf(where, after(order.time, order.id, order.direction)))
        .orderBy(by(order.time), by(order.id))
        .limit(limit)) as T[],
    count: async () => (await db.select({ n: count() }).from(table).where(where))[0]?.n ?? 0,
    keyOf: (row) => [order.timeOf(row), row.id],
  });
}
