/**
 * Who may change and who may read what in funding — the one place these decisions live.
 *
 * Every Mutation field has a rule in MUTATION_RULES (typed against the codegen Mutation type, so a
 * mutation without one fails typecheck; the generated matrix test fails too); every field of every
 * object type is classified in READ_VISIBILITY. Roles, scope prefixes, UNAUTHENTICATED/FORBIDDEN
 * and the audit log come from the service kit; this file adds funding's own rules on top.
 */
import { eq, or, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { covers, hasRole, isUuid, knownOrganizations, recordAudit, requireWrite, type AnyPgTx, type Identity } from '@sanshe/service-kit';
import { funds } from './db/fund-tables.ts';
import { grants, tranches } from './db/grant-tables.ts';
import { microWishPledges } from './db/micro-fund-tables.ts';
import { applications, fundingRounds, programmes } from './db/programme-tables.ts';
import type { Queryable } from './context.ts';
import type { Mutation } from './generated/resolvers-types.ts';

/** Every Mutation field of schema.graphql (from codegen): MUTATION_RULES must name each one. */
export type MutationName = Exclude<keyof Mutation, '__typename'>;

/** The district office alone: appropriating and moving the district's money. */
export const DISTRICT = ['district_office'] as const;
/** Offices that run programmes: the district office, and a street office for its street's programmes. */
export const OFFICES = ['district_office', 'street_office'] as const;
/** 区 / 街道 / 社区 government staff. */
export const REGION_STAFF = ['district_office', 'street_office', 'community_worker'] as const;

/**
 * The region of money that names none (a fund or programme created without a region, or an id
 * that does not exist): the district's. One deployment serves one district (README), so only the
 * district office writes it — never a street office or a community worker.
 */
export const DISTRICT_WIDE = '';

/** What a write touches: a region whose money or records change, or the applicant organization. */
export interface WriteTarget {
  regionCode: string;
  /** The applicant organization (submitApplication): its own org_admin may write, wherever it works. */
  organizationId?: string;
  /** The input field a refusal names. */
  field?: string;
}

export interface MutationRule {
  /** The entity written, as named in the audit log. */
  entity: string;
  /** Roles that may make this change somewhere. Everyone else is refused before the input is read. */
  roles: readonly string[];
  /** Where the target regions come from — documentation. Empty targets: the role alone decides. */
  target: string;
  decision: string;
}

export const MUTATION_RULES = {
  createFund: {
    entity: 'Fund',
    roles: DISTRICT,
    target: 'input.regionCode (none: district-wide)',
    decision: 'Money is the district’s: only the district office sets up funds (micro-funds of its streets and communities included) and appropriates an initial deposit.',
  },
  depositToFund: {
    entity: 'Fund',
    roles: DISTRICT,
    target: 'the fund’s region (input.fundId)',
    decision: 'A deposit appropriates money from a source (the district budget, donations): the district office, for a fund within its scope.',
  },
  transferBetweenFunds: {
    entity: 'Fund',
    roles: DISTRICT,
    target: 'the regions of both funds',
    decision: 'Moving money between funds is the district’s decision; both funds must be within scope.',
  },
  createProgramme: {
    entity: 'Programme',
    roles: DISTRICT,
    target: 'input.ownerRegionCode, and the region of input.fundId',
    decision: 'A programme commits a budget (and, without a fund, appropriates it): the district office.',
  },
  addCatalogueItem: {
    entity: 'Programme',
    roles: OFFICES,
    target: 'the programme’s owner region',
    decision: 'The office running the programme: the district office, or a street office for its street’s programme.',
  },
  openFundingRound: {
    entity: 'FundingRound',
    roles: OFFICES,
    target: 'the programme’s owner region',
    decision: 'As the catalogue: the office running the programme.',
  },
  closeFundingRoundCall: {
    entity: 'FundingRound',
    roles: OFFICES,
    target: 'the round’s programme’s owner region',
    decision: 'The office running the programme.',
  },
  concludeFundingRound: {
    entity: 'FundingRound',
    roles: OFFICES,
    target: 'the round’s programme’s owner region',
    decision: 'The office running the programme.',
  },
  registerReviewer: {
    entity: 'Reviewer',
    roles: DISTRICT,
    target: 'none: the expert roster (专家库) is district-wide and has no region',
    decision: 'The district office keeps the expert roster; reviewers are not users and sign nothing themselves.',
  },
  submitApplication: {
    entity: 'Application',
    roles: ['org_admin', ...REGION_STAFF],
    target: 'input.organizationId (its org admin), else the project’s community (input.communityCode, default the organization’s)',
    decision:
      'The applicant organization’s own administrator (identity.organizationId = input.organizationId), or government staff of the community the project runs in (helping a community organization apply). Another organization’s admin is refused.',
  },
  reviewApplication: {
    entity: 'Application',
    roles: OFFICES,
    target: 'the round’s programme’s owner region',
    decision:
      'The office running the round enters the panel’s scores (reviewers are not users); the audit line records who entered it and the reviewer id.',
  },
  rejectApplication: {
    entity: 'Application',
    roles: OFFICES,
    target: 'the round’s programme’s owner region',
    decision: 'The office running the round.',
  },
  awardApplication: {
    entity: 'Grant',
    roles: OFFICES,
    target: 'the round’s programme’s owner region',
    decision: 'The office running the round commits its money.',
  },
  awardGrant: {
    entity: 'Grant',
    roles: OFFICES,
    target: 'the programme’s owner region, and input.communityCode',
    decision: 'The office running the programme, for a community within its scope (no office directs money into another’s communities).',
  },
  reportMilestone: {
    entity: 'Grant',
    roles: REGION_STAFF,
    target: 'the grant’s community',
    decision: 'Government staff of the community where the service is delivered confirm its milestone (a community worker sees it done).',
  },
  payTranche: {
    entity: 'Grant',
    roles: OFFICES,
    target: 'the grant’s programme’s owner region',
    decision: 'Paying out is the programme office’s decision.',
  },
  evaluateGrant: {
    entity: 'Grant',
    roles: OFFICES,
    target: 'the grant’s programme’s owner region',
    decision: 'The programme office records the (third-party) evaluation; a failed one terminates the grant.',
  },
  terminateGrant: {
    entity: 'Grant',
    roles: OFFICES,
    target: 'the grant’s programme’s owner region',
    decision: 'The programme office.',
  },
  refundGrant: {
    entity: 'Grant',
    roles: OFFICES,
    target: 'the grant’s programme’s owner region',
    decision: 'The programme office books money returned by the grantee.',
  },
  pledgeMicroWish: {
    entity: 'MicroWishPledge',
    roles: REGION_STAFF,
    target: 'the micro-fund’s region (input.fundId), and input.communityCode',
    decision: 'Street and community micro-funds are spent by their street office or community worker (and the district office), within scope of both the fund and the wish’s community.',
  },
  cancelMicroWishPledge: {
    entity: 'MicroWishPledge',
    roles: REGION_STAFF,
    target: 'the pledge’s fund region and community',
    decision: 'As pledging.',
  },
} satisfies Record<MutationName, MutationRule>;

function ruleOf(mutation: MutationName): MutationRule {
  return MUTATION_RULES[mutation];
}

/** Whether the caller's staff role and scope cover `regionCode` (DISTRICT_WIDE: the district office). */
function staffCovers(identity: Identity, roles: readonly string[], regionCode: string): boolean {
  const staffRoles = roles.filter((r) => r !== 'org_admin');
  if (!hasRole(identity, ...staffRoles)) return false;
  if (regionCode === DISTRICT_WIDE) return hasRole(identity, 'district_office');
  return identity.scope.some((code) => covers(code, regionCode));
}

/**
 * The first check of every mutation: refuses callers whose role may never make this change
 * (anonymous: UNAUTHENTICATED; others: FORBIDDEN) before their input is validated or looked up.
 */
export function authorizeCaller(identity: Identity, mutation: MutationName): void {
  requireWrite(identity, hasRole(identity, ...ruleOf(mutation).roles));
}

export function mayWrite(identity: Identity, mutation: MutationName, target: WriteTarget): boolean {
  const rule = ruleOf(mutation);
  if (target.organizationId !== undefined && rule.roles.includes('org_admin') && hasRole(identity, 'org_admin')) {
    if (identity.organizationId !== null && identity.organizationId === target.organizationId) return true;
  }
  return staffCovers(identity, rule.roles, target.regionCode);
}

/** Run at the start of the mutation's transaction, once the target regions are known. */
export function authorizeWrite(identity: Identity, mutation: MutationName, targets: WriteTarget[]): void {
  for (const target of targets) requireWrite(identity, mayWrite(identity, mutation, target), target.field);
}

/** The audit line of an allowed mutation, written in the mutation's transaction. */
export function auditMutation(tx: AnyPgTx, identity: Identity, mutation: MutationName, entityId: string, details?: Record<string, unknown>): Promise<void> {
  return recordAudit(tx, identity, { kind: 'mutation', operation: mutation, entity: ruleOf(mutation).entity, entityId, details });
}

// --- where a write lands (plain reads inside the mutation's transaction; the domain then locks) ---

const first = async <R>(rows: Promise<R[]>): Promise<R | undefined> => (await rows)[0];

export async function fundRegion(db: Queryable, fundId: string): Promise<string> {
  if (!isUuid(fundId)) return DISTRICT_WIDE;
  return (await first(db.select({ r: funds.regionCode }).from(funds).where(eq(funds.id, fundId))))?.r ?? DISTRICT_WIDE;
}

export async function programmeRegion(db: Queryable, programmeId: string): Promise<string> {
  if (!isUuid(programmeId)) return DISTRICT_WIDE;
  return (await first(db.select({ r: programmes.ownerRegionCode }).from(programmes).where(eq(programmes.id, programmeId))))?.r ?? DISTRICT_WIDE;
}

export async function roundRegion(db: Queryable, roundId: string): Promise<string> {
  if (!isUuid(roundId)) return DISTRICT_WIDE;
  const row = await first(
    db.select({ r: programmes.ownerRegionCode }).from(fundingRounds).innerJoin(programmes, eq(programmes.id, fundingRounds.programmeId)).where(eq(fundingRounds.id, roundId)),
  );
  return row?.r ?? DISTRICT_WIDE;
}

export async function applicationRegion(db: Queryable, applicationId: string): Promise<string> {
  if (!isUuid(applicationId)) return DISTRICT_WIDE;
  const row = await first(db.select({ roundId: applications.roundId }).from(applications).where(eq(applications.id, applicationId)));
  return row ? roundRegion(db, row.roundId) : DISTRICT_WIDE;
}

export async function grantRegions(db: Queryable, grantId: string): Promise<{ programme: string; community: string }> {
  if (!isUuid(grantId)) return { programme: DISTRICT_WIDE, community: DISTRICT_WIDE };
  const row = await first(
    db
      .select({ programme: programmes.ownerRegionCode, community: grants.communityCode })
      .from(grants)
      .innerJoin(programmes, eq(programmes.id, grants.programmeId))
      .where(eq(grants.id, grantId)),
  );
  return { programme: row?.programme ?? DISTRICT_WIDE, community: row?.community ?? DISTRICT_WIDE };
}

export async function trancheGrant(db: Queryable, trancheId: string): Promise<string | null> {
  if (!isUuid(trancheId)) return null;
  return (await first(db.select({ g: tranches.grantId }).from(tranches).where(eq(tranches.id, trancheId))))?.g ?? null;
}

export async function pledgeRegions(db: Queryable, pledgeId: string): Promise<{ fund: string; community: string }> {
  if (!isUuid(pledgeId)) return { fund: DISTRICT_WIDE, community: DISTRICT_WIDE };
  const row = await first(
    db.select({ fund: funds.regionCode, community: microWishPledges.communityCode }).from(microWishPledges).innerJoin(funds, eq(funds.id, microWishPledges.fundId)).where(eq(microWishPledges.id, pledgeId)),
  );
  return { fund: row?.fund ?? DISTRICT_WIDE, community: row?.community ?? DISTRICT_WIDE };
}

export async function organizationCommunity(db: Queryable, organizationId: string): Promise<string> {
  if (!isUuid(organizationId)) return DISTRICT_WIDE;
  return (await first(db.select({ c: knownOrganizations.communityCode }).from(knownOrganizations).where(eq(knownOrganizations.id, organizationId))))?.c ?? DISTRICT_WIDE;
}

// --- reads ---------------------------------------------------------------------------------

/**
 * Internal funding data — applications (under review or decided), reviews and scores, ledger
 * entries (account codes, memos) — is read by government staff within scope. Partners' agreements
 * name no funding-internal data; social workers and residents have no part in grant-making.
 */
export const INTERNAL_READERS = REGION_STAFF;

/** Region prefixes the caller reads internal funding data in; empty for everyone but staff. */
export function internalScope(identity: Identity): string[] {
  return hasRole(identity, ...INTERNAL_READERS) ? identity.scope : [];
}

export function mayReadInternal(identity: Identity, regionCode: string | null): boolean {
  if (regionCode === null || regionCode === DISTRICT_WIDE) return hasRole(identity, 'district_office') || internalScope(identity).includes('');
  return internalScope(identity).some((code) => covers(code, regionCode));
}

/** An application: staff in scope of its community, or the applicant organization's own admin. */
export function mayReadApplication(identity: Identity, application: { communityCode: string; organizationId: string }): boolean {
  return mayReadInternal(identity, application.communityCode) || isApplicantAdmin(identity, application.organizationId);
}

export function isApplicantAdmin(identity: Identity, organizationId: string): boolean {
  return hasRole(identity, 'org_admin') && identity.organizationId !== null && identity.organizationId === organizationId;
}

/** SQL narrowing a list of applications to what the caller may read; `false` when nothing. */
export function visibleApplications(identity: Identity, community: AnyPgColumn, organization: AnyPgColumn): SQL {
  const conditions: SQL[] = internalScope(identity).map((code) => sql`starts_with(${community}, ${code})`);
  if (hasRole(identity, 'org_admin') && identity.organizationId !== null && isUuid(identity.organizationId)) {
    conditions.push(sql`${organization} = ${identity.organizationId}::uuid`);
  }
  return conditions.length ? or(...conditions)! : sql`false`;
}

export type Visibility = 'public' | 'internal' | 'applicant';

/**
 * Every field of every object type this subgraph defines (connections, edges and PageInfo are
 * plumbing and inherit their node's rules). The read-scope test checks this against
 * schema.graphql both ways.
 *
 * Public (360Giving publishes them): funds and their balances, programmes, catalogues, rounds,
 * grants, tranches, evaluations, micro-wish pledges, awarded and paid totals. `applicant`:
 * applications — staff in scope of the application's community and the applicant's own admin.
 * `internal`: reviews and reviewers (the panel's scores, comments and conflicts; not shown to the
 * applicant) and the ledger's entries — staff in scope only.
 */
const pub = (...fields: string[]) => Object.fromEntries(fields.map((f) => [f, 'public' as Visibility]));
const all = (v: Visibility, ...fields: string[]) => Object.fromEntries(fields.map((f) => [f, v]));

export const READ_VISIBILITY: Record<string, Record<string, Visibility>> = {
  Query: { ...pub('fund', 'funds', 'programme', 'programmes', 'fundingRound', 'fundingRounds', 'grant', 'grants', 'microWishPledge', 'moneyByRegion'), application: 'applicant' },
  Fund: {
    ...pub('id', 'name', 'source', 'purpose', 'regionCode', 'microWishCapFen', 'receivedFen', 'availableFen', 'committedFen', 'paidFen', 'programmes', 'pledges', 'createdAt'),
    ledger: 'internal',
  },
  // Returned only by depositToFund and transferBetweenFunds, to their (authorized) writer.
  LedgerTransaction: all('internal', 'id', 'kind', 'memo', 'fund', 'grant', 'communityCode', 'amountFen', 'entries', 'occurredAt'),
  LedgerEntry: all('internal', 'id', 'account', 'direction', 'amountFen', 'transactionId', 'kind', 'memo', 'occurredAt'),
  Programme: pub('id', 'name', 'kind', 'description', 'budgetFen', 'awardedFen', 'remainingBudgetFen', 'paidFen', 'fund', 'ownerRegionCode', 'catalogue', 'rounds', 'grants', 'createdAt'),
  CatalogueItem: pub('id', 'code', 'name', 'category', 'ceilingFen', 'programme'),
  EligibilityRule: pub('kind', 'minGrade', 'streetCode'),
  FundingRound: {
    ...pub('id', 'programme', 'title', 'description', 'budgetFen', 'committedFen', 'status', 'eligibility', 'eligibilityMode', 'minReviewers', 'passingScore', 'closesOn', 'createdAt'),
    applications: 'applicant',
  },
  Application: { ...all('applicant', 'id', 'round', 'organization', 'community', 'title', 'summary', 'requestedFen', 'status', 'score', 'grant', 'submittedAt', 'decidedAt'), reviews: 'internal' },
  Review: all('internal', 'reviewer', 'score', 'comment', 'declaredConflict', 'exclusion', 'createdAt'),
  Reviewer: all('internal', 'id', 'name', 'linkedOrganizations'),
  ApplicationScore: all('applicant', 'countedReviews', 'excludedReviews', 'meetsMinimum', 'finalScore', 'passes'),
  Grant: {
    ...pub(
      'id', 'title', 'description', 'programme', 'fund', 'round', 'catalogueItem', 'amountFen', 'paidFen', 'payableFen', 'status', 'suspensionReason',
      'socialWorkPosts', 'community', 'organization', 'tranches', 'evaluation', 'awardedAt',
    ),
    application: 'applicant',
    ledger: 'internal',
  },
  Tranche: pub('id', 'grant', 'seq', 'amountFen', 'milestone', 'dueOn', 'status', 'milestoneMetAt', 'paidAt'),
  GrantEvaluation: pub('score', 'rating', 'summary', 'evaluatedAt'),
  MicroWishPledge: pub('id', 'fund', 'microWishId', 'community', 'amountFen', 'description', 'status', 'needId', 'pledgedAt', 'spentAt'),
  CommunityFunding: pub('awardedFen', 'grantCount', 'paidFen', 'subsidiesPaidFen', 'grants'),
  Community: pub('code', 'funding'),
  Organization: { id: 'public', applications: 'applicant', grants: 'public' },
  MoneyFigures: pub('awardedFen', 'paidFen', 'grantCount'),
  RegionMoney: pub('regionCode', 'name', 'awardedFen', 'paidFen', 'grantCount'),
  ProgrammeMoney: pub('programme', 'awardedFen', 'paidFen', 'grantCount'),
  DatePeriod: pub('from', 'to'),
  MoneyByRegion: pub('regionCode', 'regionName', 'period', 'programme', 'awardedFen', 'paidFen', 'grantCount', 'byRegion', 'byProgramme'),
  // District data office statistics: aggregates only, the same for every caller.
  RegionStatistics: pub('id', 'grantsAwarded', 'awardedFen', 'paidFen', 'moneyByProgramme', 'microFundSpentFen'),
};

/**
 * Personal data: none stored as such. Fields whose names look personal are listed with why;
 * Reviewer.name (an expert's name on the district roster) is internal and reachable only through
 * staff-only reviews and registerReviewer.
 */
export const NOT_PERSONAL: Record<string, string> = {
  'Reviewer.name': 'an expert on the district’s public roster (专家库); internal: reviews are staff-only',
  'MicroWishPledge.description': 'what the micro-wish buys, as on the public wish wall; no names (self-governance holds the wisher)',
  'Application.summary': 'the project’s summary, not a person’s',
};
