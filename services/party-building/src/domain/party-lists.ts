import { and, eq, sql, type SQL } from 'drizzle-orm';
import { isUuid, tablePage, type Identity, type PageArgs } from '@sanshe/service-kit';
import { withinPartyInternalScope } from '../authorization.ts';
import { partyOrganizations } from '../db/schema.ts';
import type { Db } from '../context.ts';
import type { PartyKind } from './party-rules.ts';
import { inRegion } from './region-scope.ts';

export interface PartyOrganizationFilter {
  regionCode: string;
  /** Only organizations whose own region is regionCode (Community.partyOrganizations), not its streets' or communities'. */
  exact?: boolean;
  kind?: PartyKind | null;
  parentId?: string | null;
  needsReorganisation?: boolean | null;
}

/**
 * Party organizations of a region (and the filters given), in founding order. The list is
 * public; filtering by reorganisation flags (party-internal) narrows it to the caller's scope,
 * so neither the rows nor totalCount say anything about flags outside it.
 */
export function listPartyOrganizations(db: Db, identity: Identity, filter: PartyOrganizationFilter, args: PageArgs) {
  const conditions: (SQL | undefined)[] = [
    filter.exact ? eq(partyOrganizations.regionCode, filter.regionCode) : inRegion(partyOrganizations.regionCode, filter.regionCode),
  ];
  if (filter.kind) conditions.push(eq(partyOrganizations.kind, filter.kind));
  // A parent id that is not a UUID names no organization: an empty list, not a cast error.
  if (filter.parentId != null) conditions.push(isUuid(filter.parentId) ? eq(partyOrganizations.parentId, filter.parentId) : sql`false`);
  if (filter.needsReorganisation != null) {
    conditions.push(
      filter.needsReorganisation
        ? sql`cardinality(${partyOrganizations.reorganisationReasons}) > 0`
        : sql`cardinality(${partyOrganizations.reorganisationReasons}) = 0`,
    );
    conditions.push(withinPartyInternalScope(identity, partyOrganizations.regionCode));
  }
  const where = and(...conditions);
  // Oldest first: a party tree reads from its founding.
  return tablePage(
    db,
    partyOrganizations,
    { time: partyOrganizations.foundedAt, id: partyOrganizations.id, direction: 'asc' },
    where,
    args,
  );
}
