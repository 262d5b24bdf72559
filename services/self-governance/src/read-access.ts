import { eq, like, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { hasRole, scopeFilter, type Identity } from '@sanshe/service-kit';

/**
 * Which records anyone may read, and which only within a scope.
 *
 * Public: the region tree and communities (names, population, households), region statistics
 * (aggregates only, the same for every caller: src/resolvers/statistics.ts), residents' committees,
 * their terms and members, service stations, resident groups, grids, buildings, units and the
 * 三长, deliberation platforms, meetings and 五议 proposals with their steps and votes,
 * micro-projects, published disclosures and disclosure coverage, 两评 evaluations, and the
 * micro-wish wall (title, category, status, claimant, dates) — a wish is posted to be claimed.
 * Residents' names, phones and ID numbers on them are @personal: masked unless the caller may
 * see them (src/resolvers/personal.ts).
 *
 * Non-public — a list or count leaves them out, a lookup (by id, `_entities`, a nested field)
 * answers null, unless the caller may read them:
 *   disputes (and their parties), needs, withdrawn disclosures, and a micro-wish's details
 *   (description, the need reported with it).
 * Who may: staff, social workers and partner agencies within their scope (`scopeFilter`); a
 * resident the needs they reported and the details of the wishes they posted; an organization's
 * administrator the details of the wishes their organization claimed.
 */

/** LIKE's own wildcards, escaped: a scope prefix matches itself only. */
const escapeLike = (prefix: string) => prefix.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A region code is within the caller's read scope (null filter: everywhere). */
export function inReadScope(identity: Identity, regionCode: string): boolean {
  const prefixes = scopeFilter(identity);
  return prefixes === null || prefixes.some((p) => regionCode.startsWith(p));
}

/** SQL narrowing `column` (a region code) to the caller's read scope; `false` when they have none. */
export function readScopeCondition(identity: Identity, column: PgColumn): SQL | undefined {
  const prefixes = scopeFilter(identity);
  if (prefixes === null) return undefined;
  if (prefixes.length === 0) return sql`false`;
  if (prefixes.includes('')) return undefined;
  return or(...prefixes.map((p) => like(column, `${escapeLike(p)}%`)));
}

/** The signed-in resident's subject, when the caller is one (for their own records). */
export function residentSubject(identity: Identity): string | null {
  return identity.subject !== null && hasRole(identity, 'resident') ? identity.subject : null;
}

/** The organization an org admin acts for. */
export function adminOrganization(identity: Identity): string | null {
  return identity.organizationId !== null && hasRole(identity, 'org_admin') ? identity.organizationId : null;
}

/** A need: in scope, or reported by this resident. */
export function mayReadNeed(identity: Identity, row: { communityCode: string; reportedBy: string | null }): boolean {
  const me = residentSubject(identity);
  return inReadScope(identity, row.communityCode) || (me !== null && row.reportedBy === me);
}

export function needCondition(identity: Identity, columns: { communityCode: PgColumn; reportedBy: PgColumn }): SQL | undefined {
  const scope = readScopeCondition(identity, columns.communityCode);
  const me = residentSubject(identity);
  return me === null || scope === undefined ? scope : or(scope, eq(columns.reportedBy, me));
}

/** A dispute: in scope only. */
export function mayReadDispute(identity: Identity, row: { communityCode: string }): boolean {
  return inReadScope(identity, row.communityCode);
}

/** A disclosure: published ones are public; a withdrawn one only in scope. */
export function mayReadDisclosure(identity: Identity, row: { communityCode: string; status: string }): boolean {
  return row.status === 'published' || inReadScope(identity, row.communityCode);
}

export function disclosureCondition(identity: Identity, columns: { communityCode: PgColumn; status: PgColumn }): SQL | undefined {
  const scope = readScopeCondition(identity, columns.communityCode);
  return scope === undefined ? undefined : or(eq(columns.status, 'published'), scope);
}

/** A micro-wish's details: in scope, its poster, or the organization that claimed it. */
export function mayReadWishDetails(
  identity: Identity,
  row: { communityCode: string; postedBy: string | null; claimantKind: string | null; claimantId: string | null },
): boolean {
  if (inReadScope(identity, row.communityCode)) return true;
  const me = residentSubject(identity);
  if (me !== null && row.postedBy === me) return true;
  const org = adminOrganization(identity);
  return org !== null && row.claimantKind === 'organization' && row.claimantId === org;
}

/** Keeps `row` when `visible` says so: lookups answer null for what the caller may not read. */
export const visibleOrNull = <Row>(row: Row | null | undefined, visible: (row: Row) => boolean): Row | null => (row != null && visible(row) ? row : null);
