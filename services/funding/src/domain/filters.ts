import { eq, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { DomainError, isTimeIdKey, isUuid, readPage, type PageArgs } from '@sanshe/service-kit';

/**
 * Equality on a uuid column for a filter value from the caller: a value that is not a UUID
 * matches nothing (an empty list), instead of reaching Postgres as a failing cast (a 500).
 */
export function uuidEquals(column: AnyPgColumn, value: string): SQL {
  return isUuid(value) ? eq(column, value) : sql`false`;
}

/**
 * timeIdConnection checks that a cursor is a (time, string) pair; the string must also be an id
 * of the list's kind, or a tampered cursor would reach Postgres as a failing cast (a 500).
 */
export function checkCursor(args: PageArgs, isId: (id: string) => boolean = isUuid): void {
  if (args.after == null) return;
  const page = readPage(args, isTimeIdKey);
  if (!isId(page.after![1])) throw new DomainError('BAD_USER_INPUT', 'after is not a cursor of this list', 'after');
}
