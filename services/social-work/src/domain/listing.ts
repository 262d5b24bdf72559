/** Shared pieces of every list: filter parsing, id and region conditions (pages: service-kit's tablePage). */
import { and, eq, like, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { z } from 'zod';
import { isUuid, parseInput } from '@sanshe/service-kit';

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
