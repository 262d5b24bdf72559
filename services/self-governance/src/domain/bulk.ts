import { inArray } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { DomainError, type AnyPgTx } from '@sanshe/service-kit';
import { grids, regions, type GridRow, type RegionRow } from '../db/schema.ts';
import { isoDateTime } from './validation.ts';

/**
 * What the bulk imports share: the size of a call, historical timestamps, the communities and
 * grids of a whole batch in one statement each, and multi-row inserts of rows (the events go through the service kit's `recordEvents`). An
 * import is one transaction: the first bad record refuses the call, and nothing is written.
 */

export const MAX_IMPORT_RECORDS = 1000;

/** Rows per INSERT: far below PostgreSQL's 65,535 parameters for any of these tables. */
const ROWS_PER_STATEMENT = 2000;

/** 1 to 1,000 records, or BAD_USER_INPUT naming `input.records`. */
export function importSize<T>(records: readonly T[], field = 'input.records'): readonly T[] {
  if (records.length < 1 || records.length > MAX_IMPORT_RECORDS) {
    throw new DomainError('BAD_USER_INPUT', `${field} has 1 to ${MAX_IMPORT_RECORDS} records`, field);
  }
  return records;
}

/** The People's Republic's records start here; anything earlier is a typing error. */
const EARLIEST = Date.parse('1949-10-01T00:00:00+08:00');

/**
 * A record's historical time: an ISO date-time with offset, not in the future (`now`, the
 * import's one clock reading), not before 1949-10-01; `now` when not given.
 */
export function pastTimestamp(value: string | null | undefined, field: string, now: Date): Date {
  if (value == null) return now;
  const at = isoDateTime(value, field);
  if (at.getTime() > now.getTime()) throw new DomainError('BAD_USER_INPUT', `${field} is in the future`, field);
  if (at.getTime() < EARLIEST) throw new DomainError('BAD_USER_INPUT', `${field} is before 1949-10-01`, field);
  return at;
}

/** The communities and grids a batch names, each fetched in one statement. */
export interface BatchPlaces {
  communities: Map<string, RegionRow>;
  grids: Map<string, GridRow>;
}

export async function loadPlaces(tx: AnyPgTx, records: readonly { communityCode: string; gridCode?: string | null }[]): Promise<BatchPlaces> {
  const communityCodes = [...new Set(records.map((r) => r.communityCode).filter((c) => /^\d{12}$/.test(c)))];
  const gridCodes = [...new Set(records.map((r) => r.gridCode).filter((c): c is string => c != null && /^\d{15}$/.test(c)))];
  const [communityRows, gridRows] = await Promise.all([
    communityCodes.length ? tx.select().from(regions).where(inArray(regions.code, communityCodes)) : [],
    gridCodes.length ? tx.select().from(grids).where(inArray(grids.code, gridCodes)) : [],
  ]);
  return { communities: new Map(communityRows.map((r) => [r.code, r])), grids: new Map(gridRows.map((g) => [g.code, g])) };
}

/** As `requireCommunity` and `requireGrid`, against the batch's places: the same codes and messages. */
export function checkPlace(places: BatchPlaces, record: { communityCode: string; gridCode?: string | null }, field: string): void {
  const community = places.communities.get(record.communityCode);
  if (!community || (community.level !== 'community' && community.level !== 'village')) {
    throw new DomainError('UNKNOWN_COMMUNITY', `no community or village with code ${record.communityCode}`, `${field}.communityCode`);
  }
  if (record.gridCode == null) return;
  const grid = places.grids.get(record.gridCode);
  if (!grid) throw new DomainError('NOT_FOUND', `no grid ${record.gridCode}`, `${field}.gridCode`);
  if (grid.communityCode !== record.communityCode) {
    throw new DomainError('RULE_VIOLATION', `grid ${record.gridCode} is not in community ${record.communityCode}`, `${field}.gridCode`);
  }
}

/** Multi-row INSERTs of `rows` into `table`, in chunks (a dispute batch can carry 20,000 parties). */
export async function insertRows<T extends PgTable>(tx: AnyPgTx, table: T, rows: readonly T['$inferInsert'][]): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    await tx.insert(table).values(rows.slice(i, i + ROWS_PER_STATEMENT) as T['$inferInsert'][]);
  }
}
