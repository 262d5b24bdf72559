/**
 * Who may change what, and who may see what, in the organizations subgraph.
 *
 * Writes: `MUTATION_RULES` has one entry per Mutation field (the type below and
 * test/integration/authorization-matrix.test.ts both fail when one is missing). Each mutation
 * loads its target in its transaction, asks `authorize` with the region code it found, and writes
 * `auditMutation` in the same transaction, so the audit line exists exactly when the change does.
 *
 * Reads: organizations that have been filed or registered (whatever their state since) are public
 * registry information. Not public: organizations still preparing, the reasons given for a
 * suspension or deregistration, and venue loans (the terms of space lent). Those are visible to
 * the organization's own administrator and to callers whose `scopeFilter` covers the region.
 * Public too: an organization's funded projects (Organization.projects, amounts included, like
 * the grants funding publishes as 360Giving open data) and RegionStatistics (aggregates only, the
 * same for every caller, no identity consulted).
 */
import { eq, like, ne, or, type SQL } from 'drizzle-orm';
import { DomainError, hasRole, inScope, isUuid, recordAudit, requireWrite, scopeFilter, type Identity } from '@sanshe/service-kit';
import { organizations, type OrganizationRow, type VenueLoanRow } from './db/schema.ts';
import type { Mutation } from './generated/resolvers-types.ts';
import type { OrgTx } from './domain/organization-refs.ts';

export type MutationName = Exclude<keyof Mutation, '__typename'>;

/** What a write is about, as its mutation found it. */
export interface WriteTarget {
  /** The region whose offices decide: the organization's community, the input's community, the centre's region, the venue's community. */
  regionCode: string;
  /** The organization acting for itself (its org_admin), where the rule lets it. */
  organizationId?: string;
  /** For leaving a federation: the member organization, whose org_admin may take it out. */
  memberId?: string;
  /** For a bulk import: the record's track, which decides whose rule applies (filing or registration). */
  track?: 'filed' | 'registered';
  /** The input field a refusal names. */
  field?: string;
}

type Allows = (identity: Identity, target: WriteTarget) => boolean;

export interface MutationRule {
  /** Who, in words (the README's table). */
  who: string;
  allows: Allows;
}

// --- the roles, as predicates ------------------------------------------------------------------

/** The district civil-affairs bureau (民政局) of the target's district. */
const districtOffice: Allows = (i, t) => hasRole(i, 'district_office') && inScope(i, t.regionCode);
/** The street office of the target's street, or the district office above it. */
const streetOffice: Allows = (i, t) => hasRole(i, 'district_office', 'street_office') && inScope(i, t.regionCode);
/** Government staff of the target's region: district, street or community office. */
const regionStaff: Allows = (i, t) => hasRole(i, 'district_office', 'street_office', 'community_worker') && inScope(i, t.regionCode);

const sameId = (a: string | null | undefined, b: string | null | undefined) => !!a && !!b && a.toLowerCase() === b.toLowerCase();
/** The administrator (org_admin) of the target organization itself. */
const ownOrganization: Allows = (i, t) => hasRole(i, 'org_admin') && sameId(i.organizationId, t.organizationId);
/** The administrator of the member organization (leaving a federation). */
const ownMember: Allows = (i, t) => hasRole(i, 'org_admin') && sameId(i.organizationId, t.memberId);

const either =
  (...rules: Allows[]): Allows =>
  (i, t) =>
    rules.some((rule) => rule(i, t));

const DISTRICT = 'district office of the organization’s district';
const STREET = 'street office of the organization’s street, or the district office';

/**
 * Every mutation and who may call it. Nobody anonymous, and no resident, social worker, partner
 * agency or public caller, may change anything here.
 */
export const MUTATION_RULES = {
  // Creation: the target is the community given in the input.
  fileOrganization: { who: 'street office of the input community’s street, or the district office (备案)', allows: streetOffice },
  registerOrganization: { who: 'district office of the input community’s district (登记)', allows: districtOffice },
  // Each record by its track's rule, against its own community: the offices' rights do not grow in bulk.
  importOrganizations: {
    who: 'per record: FILED as fileOrganization (street office of the record’s street, or the district office), REGISTERED as registerOrganization (district office of its district)',
    allows: (i, t) => (t.track === 'registered' ? districtOffice(i, t) : streetOffice(i, t)),
  },
  prepareOrganization: {
    who: 'district, street or community office of the input community (an org_admin acts for an existing organization, so cannot create one)',
    allows: regionStaff,
  },
  // Lifecycle: the target is the organization's community.
  filePreparedOrganization: { who: STREET, allows: streetOffice },
  recommendOrganization: { who: STREET, allows: streetOffice },
  registerExistingOrganization: { who: DISTRICT, allows: districtOffice },
  recordAnnualInspection: { who: DISTRICT, allows: districtOffice },
  gradeOrganization: { who: DISTRICT, allows: districtOffice },
  suspendOrganization: { who: DISTRICT, allows: districtOffice },
  reinstateOrganization: { who: DISTRICT, allows: districtOffice },
  deregisterOrganization: { who: DISTRICT, allows: districtOffice },
  updateOrganizationProfile: {
    who: 'the organization’s own org_admin, or district, street or community office of its community',
    allows: either(ownOrganization, regionStaff),
  },
  // Federations: the target is the federation's community.
  designateHub: { who: STREET, allows: streetOffice },
  addFederationMember: {
    who: 'the federation’s own org_admin, or street office of the federation’s street, or the district office',
    allows: either(ownOrganization, streetOffice),
  },
  removeFederationMember: {
    who: 'the federation’s or the member’s own org_admin, or street office of the federation’s street, or the district office',
    allows: either(ownOrganization, ownMember, streetOffice),
  },
  // Incubation: the target is the region the centre serves.
  createIncubationCenter: { who: 'street office of the region it serves, or the district office', allows: streetOffice },
  admitToIncubation: { who: 'street office of the region the centre serves, or the district office', allows: streetOffice },
  advanceIncubationStage: { who: 'street office of the region the centre serves, or the district office', allows: streetOffice },
  graduateFromIncubation: { who: 'street office of the region the centre serves, or the district office', allows: streetOffice },
  withdrawFromIncubation: {
    who: 'the incubated organization’s own org_admin, or street office of the region the centre serves, or the district office',
    allows: either(ownOrganization, streetOffice),
  },
  // Venues: the target is the venue's community (its community office lends the room).
  lendVenue: { who: 'district, street or community office of the venue’s community', allows: regionStaff },
  endVenueLoan: { who: 'district, street or community office of the venue’s community', allows: regionStaff },
} as const satisfies Record<MutationName, MutationRule>;

/** A mutation's caller: refused at once when anonymous (no rule lets an anonymous caller write). */
export interface Caller {
  identity: Identity;
  operation: MutationName;
}

export function callerOf(identity: Identity, operation: MutationName): Caller {
  if (identity.subject === null) requireWrite(identity, false);
  return { identity, operation };
}

/**
 * Refuses the write unless the mutation's rule allows it for `target`: UNAUTHENTICATED for an
 * anonymous caller, FORBIDDEN for the wrong role or region. Call it after loading the target (and
 * `requireVisible` on every organization loaded), before changing anything.
 */
export function authorize(caller: Caller, target: WriteTarget): void {
  const rule: MutationRule = MUTATION_RULES[caller.operation];
  requireWrite(caller.identity, rule.allows(caller.identity, target), target.field);
}

/** The organization a write is about, as a target: its community, and itself for its own administrator. */
export function organizationTarget(row: OrganizationRow, field = 'id'): WriteTarget {
  return { regionCode: row.communityCode, organizationId: row.id, field };
}

/**
 * An organization a write loaded must be one the caller can see; otherwise it is reported exactly
 * as an unknown id would be (same code, message and field), so a refusal tells nothing about
 * organizations still preparing elsewhere.
 */
export function requireVisible(identity: Identity, row: OrganizationRow, requestedId: string, field: string): void {
  if (!mayReadOrganization(identity, row)) throw new DomainError('NOT_FOUND', `no organization with id ${requestedId}`, field);
}

export type AuditedEntity = 'Organization' | 'FederationMembership' | 'IncubationCenter' | 'IncubationStint' | 'VenueLoan';

/** The audit line of a mutation, in its transaction. */
export function auditMutation(tx: OrgTx, caller: Caller, entity: AuditedEntity, entityId: string): Promise<void> {
  return recordAudit(tx, caller.identity, { kind: 'mutation', operation: caller.operation, entity, entityId });
}

// --- reads --------------------------------------------------------------------------------------

/** States in which an organization is public registry information: every state after preparing. */
export const isPublicState = (state: OrganizationRow['state']) => state !== 'preparing';

/** The caller's scope (scopeFilter: staff, social workers and partner agencies) covers `regionCode`. */
export function scopeCovers(identity: Identity, regionCode: string): boolean {
  const prefixes = scopeFilter(identity);
  return prefixes === null || prefixes.some((prefix) => regionCode.startsWith(prefix));
}

/** The organization's own administrator. */
export const isOwnOrganization = (identity: Identity, organizationId: string) =>
  hasRole(identity, 'org_admin') && sameId(identity.organizationId, organizationId);

/** Non-public details of an organization: its own administrator, or a caller whose scope covers its community. */
export function mayReadDetails(identity: Identity, row: Pick<OrganizationRow, 'id' | 'communityCode'>): boolean {
  return isOwnOrganization(identity, row.id) || scopeCovers(identity, row.communityCode);
}

/** Whether the caller may see the organization at all (entity lookups, lists, nested fields). */
export function mayReadOrganization(identity: Identity, row: Pick<OrganizationRow, 'id' | 'communityCode' | 'state'>): boolean {
  return isPublicState(row.state) || mayReadDetails(identity, row);
}

/** A venue loan: the borrowing organization's administrator, or a caller whose scope covers the venue's or the organization's community. */
export function mayReadVenueLoan(identity: Identity, loan: VenueLoanRow, organization: Pick<OrganizationRow, 'id' | 'communityCode'>): boolean {
  return mayReadDetails(identity, organization) || scopeCovers(identity, loan.communityCode);
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The SQL form of `mayReadOrganization`, for lists and their counts; undefined when the caller sees every organization. */
export function visibleOrganizations(identity: Identity): SQL | undefined {
  const prefixes = scopeFilter(identity);
  if (prefixes === null || prefixes.includes('')) return undefined;
  const conditions: SQL[] = [ne(organizations.state, 'preparing')];
  for (const prefix of prefixes) conditions.push(like(organizations.communityCode, `${escapeLike(prefix)}%`));
  const own = identity.organizationId;
  if (hasRole(identity, 'org_admin') && own && isUuid(own)) conditions.push(eq(organizations.id, own.toLowerCase()));
  return or(...conditions);
}
