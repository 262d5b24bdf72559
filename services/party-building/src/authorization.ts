/**
 * Who may change and who may read what in party-building — the one place these decisions live.
 *
 * Every Mutation field has a rule in MUTATION_RULES (the generated matrix test fails for a
 * mutation without one); every field of every object type is classified in READ_VISIBILITY.
 * The platform-wide primitives (roles, scope prefixes, UNAUTHENTICATED/FORBIDDEN, the audit log)
 * come from the service kit; this file adds party-building's own rules on top of them.
 */
import { or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { covers, hasRole, recordAudit, requireWrite, scopeFilter, type AnyPgTx, type Identity } from '@sanshe/service-kit';
import type { Mutation } from './generated/resolvers-types.ts';

/** Every Mutation field of schema.graphql (from codegen): MUTATION_RULES must name each one. */
export type MutationName = Exclude<keyof Mutation, '__typename'>;

/** 区 / 街道 / 社区 government staff: the district office, a street office, a community worker. */
export const REGION_STAFF = ['district_office', 'street_office', 'community_worker'] as const;
/** The district office and street offices only: decisions taken at street level or above. */
export const STREET_STAFF = ['district_office', 'street_office'] as const;

/** What a write touches: the region (street or community code) whose records change. */
export interface WriteTarget {
  regionCode: string;
  /** For founding: the kind of party organization founded. */
  kind?: string;
}

export interface MutationRule {
  /** The entity written, as named in the audit log. */
  entity: string;
  /** Roles that may make this change somewhere. Everyone else is refused before the input is read. */
  roles: readonly string[];
  /** Roles that may write this particular target (defaults to `roles`). */
  rolesFor?: (target: WriteTarget) => readonly string[];
  /** Where the target region comes from — documentation, and the field a refusal names. */
  target: string;
  /** Why. */
  decision: string;
}

/** Party organizations whose founding is decided above the community: 街道党工委 and 社区党委. */
const COMMITTEE_KINDS = ['street_working_committee', 'community_committee'];

/**
 * Every mutation and who may make it. Scope is always checked against the target region: a
 * street office writes within its street, a community worker within its community.
 */
export const MUTATION_RULES = {
  foundPartyOrganization: {
    entity: 'PartyOrganization',
    roles: REGION_STAFF,
    rolesFor: (target) => (COMMITTEE_KINDS.includes(target.kind ?? '') ? STREET_STAFF : REGION_STAFF),
    target: 'input.regionCode; and the community of every organization in input.organizationIds',
    decision:
      'Branches, general branches and joint branches: government staff of the community (community workers run the 社区党委’s paperwork). ' +
      'A 社区党委 or 街道党工委 is set up by the street (街道党工委批准): street office of that street or the district office. ' +
      'Covering an organization changes its community’s coverage, so each covered organization’s community must be in scope too.',
  },
  updatePartyMembership: {
    entity: 'PartyOrganization',
    roles: REGION_STAFF,
    target: 'the party organization’s region (id)',
    decision: 'Government staff of the organization’s region: a community worker for its community’s organizations, not for the street working committee.',
  },
  recordPartyDues: {
    entity: 'PartyDues',
    roles: REGION_STAFF,
    target: 'the party organization’s region (input.partyOrganizationId)',
    decision: 'As membership: government staff of the organization’s region record its dues (and so its rebate).',
  },
  setPartyServiceFundShare: {
    entity: 'PartyServiceFundShare',
    roles: STREET_STAFF,
    target: 'input.streetCode',
    decision: 'A street’s share of the party service fund is street policy (seed 003): its street office or the district office, never a community.',
  },
  openPartyServiceStation: {
    entity: 'PartyServiceStation',
    roles: REGION_STAFF,
    target: 'input.communityCode',
    decision:
      'Government staff of the community. Naming the street working committee as the station’s runner is allowed (it changes nothing of the committee).',
  },
  recordJointMeeting: {
    entity: 'JointMeeting',
    roles: REGION_STAFF,
    target: 'the host’s region (input.hostId)',
    decision: 'Government staff of the host’s region: a community committee’s meeting by its community’s staff, a street committee’s by the street or district.',
  },
} satisfies Record<MutationName, MutationRule>;

function ruleOf(mutation: MutationName): MutationRule {
  return MUTATION_RULES[mutation];
}

/**
 * The first check of every mutation: refuses callers whose role may never make this change
 * (anonymous: UNAUTHENTICATED; others: FORBIDDEN) before their input is validated or looked up.
 */
export function authorizeCaller(identity: Identity, mutation: MutationName): void {
  requireWrite(identity, hasRole(identity, ...ruleOf(mutation).roles));
}

/** Whether the caller may write `target` through `mutation`: role for the target, and scope. */
export function mayWrite(identity: Identity, mutation: MutationName, target: WriteTarget): boolean {
  const rule = ruleOf(mutation);
  const roles = rule.rolesFor?.(target) ?? rule.roles;
  return hasRole(identity, ...roles) && identity.scope.some((code) => covers(code, target.regionCode));
}

/** Run at the start of the mutation's transaction, once the target region is known. */
export function authorizeWrite(identity: Identity, mutation: MutationName, target: WriteTarget, field?: string): void {
  requireWrite(identity, mayWrite(identity, mutation, target), field);
}

/** The audit line of an allowed mutation, written in the mutation's transaction. */
export function auditMutation(
  tx: AnyPgTx,
  identity: Identity,
  mutation: MutationName,
  entityId: string,
  details?: Record<string, unknown>,
): Promise<void> {
  return recordAudit(tx, identity, { kind: 'mutation', operation: mutation, entity: ruleOf(mutation).entity, entityId, details });
}

// --- reads ---------------------------------------------------------------------------------

/**
 * Who reads party-internal data (dues, reorganisation flags): government staff, within their
 * scope. Partners read only what their agreement names — no agreement names party-building
 * data — and social workers, organization admins and residents have no part in party affairs.
 */
export const PARTY_INTERNAL_READERS = REGION_STAFF;

/** Region prefixes the caller reads party-internal data in; empty for everyone but staff. */
export function partyInternalScope(identity: Identity): string[] {
  return hasRole(identity, ...PARTY_INTERNAL_READERS) ? (scopeFilter(identity) ?? ['']) : [];
}

export function mayReadPartyInternal(identity: Identity, regionCode: string): boolean {
  return partyInternalScope(identity).some((code) => covers(code, regionCode));
}

/** SQL: `column` (a region code) lies within the caller's party-internal scope; `false` when it is empty. */
export function withinPartyInternalScope(identity: Identity, column: AnyPgColumn | SQL): SQL {
  const scope = partyInternalScope(identity);
  if (scope.length === 0) return sql`false`;
  return or(...scope.map((code) => sql`starts_with(${column}, ${code})`))!;
}

export type Visibility = 'public' | 'party_internal';

/**
 * Every field of every object type this subgraph defines (connections, edges and PageInfo are
 * plumbing and inherit their node's rules). The matrix test checks this against schema.graphql
 * both ways, so a new field is classified before it ships.
 *
 * Public (阳光五务 discloses 党务): the party organizations and their hierarchy and member counts,
 * coverage, service stations, joint meetings (驻区单位 by name, topics, outcomes) and each
 * street's fund share. Party-internal: dues and rebates, and reorganisation flags (a branch's
 * standing is dealt with inside the party before anything is announced).
 */
export const READ_VISIBILITY: Record<string, Record<string, Visibility>> = {
  Query: {
    partyOrganization: 'public',
    partyOrganizations: 'public', // its needsReorganisation filter is party-internal: narrowed to scope
    partyServiceStation: 'public',
    partyServiceStations: 'public',
    jointMeeting: 'public',
    jointMeetings: 'public',
    partyCoverage: 'public',
    partyServiceFundShare: 'public',
  },
  PartyOrganization: {
    id: 'public',
    name: 'public',
    kind: 'public',
    regionCode: 'public',
    community: 'public',
    parent: 'public',
    fullMembers: 'public',
    probationaryMembers: 'public',
    partyMembers: 'public',
    coveredOrganizations: 'public',
    needsReorganisation: 'party_internal',
    reorganisationReasons: 'party_internal',
    reorganisationFlaggedAt: 'party_internal',
    dues: 'party_internal',
    foundedAt: 'public',
  },
  // Reached only through PartyOrganization.dues (narrowed) and recordPartyDues (writers only).
  PartyDues: {
    partyOrganization: 'party_internal',
    year: 'party_internal',
    collectedFen: 'party_internal',
    rebateFen: 'party_internal',
    fullyRebated: 'party_internal',
    membersCounted: 'party_internal',
    recordedAt: 'party_internal',
  },
  PartyServiceStation: {
    id: 'public',
    name: 'public',
    community: 'public',
    placement: 'public',
    locationLabel: 'public',
    partyOrganization: 'public',
    openedAt: 'public',
  },
  JointMeeting: {
    id: 'public',
    host: 'public',
    regionCode: 'public',
    heldOn: 'public',
    participatingUnits: 'public',
    topics: 'public',
    outcomes: 'public',
    recordedAt: 'public',
  },
  PartyCoverage: {
    regionCode: 'public',
    organizationCount: 'public',
    coveredOrganizationCount: 'public',
    jointBranchCoveredCount: 'public',
    suspendedOrganizationCount: 'public',
    coveredPermille: 'public',
    partyOrganizationCount: 'public',
    jointBranchCount: 'public',
    needsReorganisationCount: 'party_internal',
    serviceStationCount: 'public',
    uncoveredOrganizations: 'public',
  },
  PartyServiceFundShare: {
    streetCode: 'public',
    basisPoints: 'public',
    source: 'public',
    earmarkFen: 'public',
  },
  Community: {
    code: 'public',
    partyOrganizations: 'public',
    partyCoverage: 'public',
  },
  Organization: {
    id: 'public',
    partyOrganization: 'public',
  },
  // District data office statistics: aggregates only, the same for every caller (no flags, no dues).
  RegionStatistics: {
    id: 'public',
    partyOrganizations: 'public',
    partyOrganizationsByKind: 'public',
    partyMembers: 'public',
    partyServiceStations: 'public',
    jointMeetingsHeld: 'public',
    partyCoveragePerMille: 'public',
  },
  PartyOrganizationKindCount: {
    kind: 'public',
    count: 'public',
  },
};

/** Arguments that filter by party-internal data: the list is narrowed to the caller's scope when given. */
export const PARTY_INTERNAL_ARGUMENTS = ['Query.partyOrganizations(needsReorganisation)'] as const;

/**
 * Personal data: none. Party-building holds counts, not people — no member, secretary or
 * contact is stored. Fields whose names look personal are listed here with why they are not;
 * the matrix test refuses any other such field (or a person-like type) unless it is declared
 * `@personal` and resolved with revealPersonal.
 */
export const NOT_PERSONAL: Record<string, string> = {
  'PartyOrganization.name': 'the party organization’s name, e.g. 先锋道第一社区党委',
  'PartyServiceStation.name': 'the station’s name',
  'PartyServiceStation.locationLabel': 'a place (3号楼2单元), not an address of a person',
  'JointMeeting.participatingUnits': '驻区单位: enterprises, schools and agencies by name, not people',
};
