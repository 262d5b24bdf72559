import { eq, like, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { DomainError, isForeignKeyViolation, isUniqueViolation, isUuid, type AnyPgTx } from '@sanshe/service-kit';
import { regions, type RegionRow } from '../db/regions.ts';

/** What every store needs: finding the community, locking a row, paging a list, mapping DB refusals. */

/** The community (or village) a write hangs off, or UNKNOWN_COMMUNITY naming the field. */
export async function requireCommunity(tx: AnyPgTx, code: string, field: string): Promise<RegionRow> {
  const [row] = /^\d{12}$/.test(code) ? await tx.select().from(regions).where(eq(regions.code, code)) : [];
  if (!row || (row.level !== 'community' && row.level !== 'village')) {
    throw new DomainError('UNKNOWN_COMMUNITY', `no community or village with code ${code}`, field);
  }
  return row;
}

/**
 * `within` narrows a cross-community list to a district (6 digits), street (9) or community (12):
 * codes nest by prefix, so it is a prefix match on the community code.
 */
export function withinFilter(column: PgColumn, within: string | null | undefined, field = 'within'): SQL | undefined {
  if (within == null) return undefined;
  if (!/^(\d{6}|\d{9}|\d{12})$/.test(within)) {
    throw new DomainError('BAD_USER_INPUT', `${field} is a district (6), street (9) or community (12) code`, field);
  }
  return within.length === 12 ? eq(column, within) : like(column, `${within}%`);
}

/** A grid-code filter: 15 digits, or BAD_USER_INPUT naming the argument. */
export function gridFilter(column: PgColumn, gridCode: string | null | undefined, field = 'gridCode'): SQL | undefined {
  if (gridCode == null) return undefined;
  if (!/^\d{15}$/.test(gridCode)) throw new DomainError('BAD_USER_INPUT', `${field} is a 15-digit grid code`, field);
  return eq(column, gridCode);
}

/** Adds `column = value` when the filter was given. */
export function optionalEq<T>(column: PgColumn, value: T | null | undefined): SQL | undefined {
  return value == null ? undefined : eq(column, value);
}

/**
 * Selects a row `for update` by its uuid — serialising concurrent changes to it — or NOT_FOUND
 * naming the field. Non-UUID ids never reach Postgres.
 */
export async function lockById<Row>(tx: AnyPgTx, table: PgTable & { id: PgColumn }, id: string, field: string, what: string): Promise<Row> {
  if (!isUuid(id)) throw new DomainError('NOT_FOUND', `no ${what} ${id}`, field);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const [row] = await tx.select().from(table as any).where(eq(table.id, id)).for('update');
  if (!row) throw new DomainError('NOT_FOUND', `no ${what} ${id}`, field);
  return row as Row;
}

/**
 * Runs an insert or update and turns the constraint refusals a caller can cause into typed
 * errors: a unique violation is CONFLICT, a foreign-key violation (the referenced row vanished
 * concurrently) is NOT_FOUND — each naming the field.
 */
export async function guarded<T>(write: () => Promise<T>, conflict: { field: string; message: string }, missingField = conflict.field): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainError('CONFLICT', conflict.message, conflict.field);
    if (isForeignKeyViolation(error)) throw new DomainError('NOT_FOUND', 'a record this refers to does not exist', missingField);
    throw error;
  }
}
