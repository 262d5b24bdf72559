import { and, eq, gt, lt, or, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { DomainError } from './errors.ts';

/** Relay connection arguments as the public schema spells them. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export interface Page<K> {
  /** Rows to fetch: one more than asked, to learn whether a next page exists without counting. */
  fetch: number;
  size: number;
  after: K | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** Cursors are opaque keyset positions; a tampered one is the caller's input error, not a 500. */
export function readPage<K>(args: PageArgs, isKey: (value: unknown) => value is K): Page<K> {
  const size = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) {
    throw new DomainError('BAD_USER_INPUT', `first must be between 0 and ${MAX_PAGE_SIZE}`, 'first');
  }
  if (args.after == null) return { fetch: size + 1, size, after: null };
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(args.after, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (!isKey(key)) throw new DomainError('BAD_USER_INPUT', 'after is not a cursor of this list', 'after');
  return { fetch: size + 1, size, after: key };
}

export function toConnection<T, K>(rows: T[], page: Page<K>, totalCount: number, keyOf: (row: T) => K): Connection<T> {
  const nodes = rows.slice(0, page.size);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > page.size,
      hasPreviousPage: page.after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}

export const isString = (v: unknown): v is string => typeof v === 'string';

/** Keyset position for lists ordered by a timestamp, ties broken by id. */
export type TimeIdKey = [string, string];
export const isTimeIdKey = (v: unknown): v is TimeIdKey =>
  Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && !Number.isNaN(Date.parse(v[0])) && typeof v[1] === 'string';

/** Rows after `key` in (time, id) order, ascending or descending. */
export function afterTimeId(time: PgColumn, id: PgColumn, key: TimeIdKey | null, direction: 'asc' | 'desc'): SQL | undefined {
  if (key === null) return undefined;
  const at = new Date(key[0]);
  const beyond = direction === 'asc' ? gt : lt;
  return or(beyond(time, at), and(eq(time, at), beyond(id, key[1])));
}

/**
 * A connection ordered by (time, id): reads the page and the total in parallel. The time column
 * must have millisecond precision (`precision: 3`): the cursor carries a JS Date, and a
 * microsecond column would repeat or skip rows across pages. `rows` gets the
 * keyset condition (undefined on the first page) and how many rows to fetch.
 */
export async function timeIdConnection<T>(
  args: PageArgs,
  query: {
    rows: (after: (time: PgColumn, id: PgColumn, direction: 'asc' | 'desc') => SQL | undefined, limit: number) => Promise<T[]>;
    count: () => Promise<number>;
    keyOf: (row: T) => [Date, string];
  },
): Promise<Connection<T>> {
  const page = readPage(args, isTimeIdKey);
  const [rows, total] = await Promise.all([
    query.rows((time, id, direction) => afterTimeId(time, id, page.after, direction), page.fetch),
    query.count(),
  ]);
  return toConnection(rows, page, total, (row) => {
    const [time, id] = query.keyOf(row);
    return [time.toISOString(), id] as TimeIdKey;
  });
}
