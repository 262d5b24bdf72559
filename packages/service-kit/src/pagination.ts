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
