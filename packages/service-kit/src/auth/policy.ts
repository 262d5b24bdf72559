import { DomainError } from '../errors.ts';
import type { Identity } from '../identity.ts';

/**
 * Who may see and change what, by role and region scope. Scope is a list of region codes; a code
 * covers itself and everything below it (150204 covers 150204004 and 150204004001).
 *
 * These are the platform-wide rules; a domain adds its own (an org admin edits only its
 * organization) on top, in its domain functions.
 */
export const STAFF_ROLES = ['district_office', 'street_office', 'community_worker'] as const;

export function hasRole(identity: Identity, ...roles: string[]): boolean {
  return identity.roles.some((r) => roles.includes(r));
}

export function covers(scopeCode: string, regionCode: string): boolean {
  return regionCode.startsWith(scopeCode);
}

/** The caller's scope covers `regionCode` (a community, street or district code). */
export function inScope(identity: Identity, regionCode: string): boolean {
  return identity.scope.some((code) => covers(code, regionCode));
}

/**
 * Whether a staff member may read residents', volunteers' and social workers' personal data
 * about `regionCode`: district, street and community staff within their scope. Social workers
 * see it for the community they are assigned to.
 */
export function mayReadPersonalData(identity: Identity, regionCode: string): boolean {
  return hasRole(identity, ...STAFF_ROLES, 'social_worker') && inScope(identity, regionCode);
}

/** Government staff of the region (district, street or community office) may write its records. */
export function mayWriteRegion(identity: Identity, regionCode: string): boolean {
  return hasRole(identity, ...STAFF_ROLES) && inScope(identity, regionCode);
}

/** Refuses a write: UNAUTHENTICATED for anonymous callers, FORBIDDEN for the wrong role or scope. */
export function requireWrite(identity: Identity, allowed: boolean, field?: string): void {
  if (allowed) return;
  if (identity.subject === null) throw new DomainError('UNAUTHENTICATED', 'sign in to change records', field);
  throw new DomainError('FORBIDDEN', 'your role or region does not allow this change', field);
}

/**
 * Region prefixes a list of non-public records must be narrowed to. An empty array means:
 * nothing. (A district office's own code is a prefix like any other; no role sees everywhere.)
 */
export function scopeFilter(identity: Identity): string[] {
  if (hasRole(identity, ...STAFF_ROLES, 'social_worker', 'partner_agency')) return identity.scope;
  return [];
}
