import { and, eq, type SQL } from 'drizzle-orm';
import { tablePage, type PageArgs } from '@sanshe/service-kit';
import { grants, type GrantRow } from '../db/grant-tables.ts';
import type { Db } from '../context.ts';
import { checkCursor, uuidEquals } from './filters.ts';

export interface GrantFilter {
  programmeId?: string | null;
  roundId?: string | null;
  fundId?: string | null;
  organizationId?: string | null;
  communityCode?: string | null;
  status?: GrantRow['status'] | null;
}

/** Grants in award order, filtered; the filter values from callers never reach a uuid cast unchecked. */
export function listGrants(db: Db, filter: GrantFilter, args: PageArgs) {
  const conditions: SQL[] = [];
  if (filter.programmeId) conditions.push(uuidEquals(grants.programmeId, filter.programmeId));
  if (filter.roundId) conditions.push(uuidEquals(grants.roundId, filter.roundId));
  if (filter.fundId) conditions.push(uuidEquals(grants.fundId, filter.fundId));
  if (filter.organizationId) conditions.push(uuidEquals(grants.organizationId, filter.organizationId));
  if (filter.communityCode) conditions.push(eq(grants.communityCode, filter.communityCode));
  if (filter.status) conditions.push(eq(grants.status, filter.status));
  const where = and(...conditions);
  checkCursor(args);
  return tablePage(db, grants, { time: grants.awardedAt, id: grants.id, direction: 'asc' }, where, args);
}
