import { auditLog, hasRole, inScope, mayWriteRegion, recordAudit, requireWrite, STAFF_ROLES, type AnyPgTx, type Identity } from '@sanshe/service-kit';
import type { Mutation } from './generated/resolvers-types.ts';

/**
 * Who may make which change. One table, one entry per Mutation field (the type makes a missing
 * entry a compile error, test/authorization/ a test failure): the roles that may ever make it,
 * where the region code of the target is found, and the rule on that target.
 *
 * A mutation is checked twice: `writeAccess` refuses a caller with none of the roles before the
 * input is read (anonymous: UNAUTHENTICATED, anyone else: FORBIDDEN); the domain function then
 * finds the target's region in its transaction — the community code given, or the community of
 * the row the input names — and calls `allow(target)` before it changes anything, and `audit`
 * after, in the same transaction. A refusal rolls back: nothing is written, no event, no audit.
 */

export type MutationName = Exclude<keyof Mutation, '__typename'>;

export type Role = 'district_office' | 'street_office' | 'community_worker' | 'org_admin' | 'social_worker' | 'partner_agency' | 'resident' | 'public';

/** What a rule decides on: the region the change is about, and the organization it names. */
export interface WriteTarget {
  /** A region code (district, street or community); for most changes the community's 12 digits. */
  regionCode: string;
  /** The social organization the change is made for (a claim, a micro-project's implementer). */
  organizationId?: string | null;
}

export interface MutationRule {
  /** Only these roles may ever make the change. */
  roles: readonly Role[];
  /** Where the target's region code comes from. */
  target: string;
  /** The rule on the target. */
  allow: (identity: Identity, target: WriteTarget) => boolean;
}

const STAFF: readonly Role[] = STAFF_ROLES;

/** The district office whose district contains the region (a new region: its own code). */
const districtOffice = (identity: Identity, t: WriteTarget) => hasRole(identity, 'district_office') && inScope(identity, t.regionCode);

/** Government staff — district, street or community office — whose scope covers the region. */
const staff = (identity: Identity, t: WriteTarget) => mayWriteRegion(identity, t.regionCode);

/**
 * Needs and micro-wishes: staff and social workers of the community, or any signed-in resident.
 * A resident's token carries no region (the platform does not know where they live), so a
 * resident may report for whichever community they name; the record stays non-public and
 * reporting it gives them no read of anyone else's.
 */
const staffSocialWorkerOrResident = (identity: Identity, t: WriteTarget) =>
  staff(identity, t) ||
  (hasRole(identity, 'social_worker') && inScope(identity, t.regionCode)) ||
  (hasRole(identity, 'resident') && identity.subject !== null);

/** Staff or a social worker of the region: the people who keep a grid's records. */
const staffOrSocialWorker = (identity: Identity, t: WriteTarget) => staff(identity, t) || (hasRole(identity, 'social_worker') && inScope(identity, t.regionCode));

/** Staff of the region, or the administrator of the organization the change is for (wherever it is). */
const staffOrOwnOrganization = (identity: Identity, t: WriteTarget) =>
  staff(identity, t) || (hasRole(identity, 'org_admin') && identity.organizationId !== null && t.organizationId === identity.organizationId);

const staffRule = (target: string): MutationRule => ({ roles: STAFF, target, allow: staff });

export const MUTATION_RULES: Record<MutationName, MutationRule> = {
  registerRegion: { roles: ['district_office'], target: 'input.code — the new region itself', allow: districtOffice },

  // structure
  establishResidentsCommittee: staffRule('input.communityCode'),
  startCommitteeTerm: staffRule('the community of the committee input.committeeId'),
  addCommitteeMember: staffRule('the community of the committee of the term input.termId'),
  openServiceStation: staffRule('input.communityCode'),
  formResidentGroup: staffRule('input.communityCode'),
  appointResidentGroupLeader: staffRule('the community of the group input.groupId'),
  drawGrid: staffRule('input.communityCode'),
  registerBuilding: staffRule('the community of the grid input.gridCode'),
  registerBuildingUnit: staffRule('the community of the building input.buildingId'),
  appointAreaLeader: staffRule('the community of the grid, building or unit input.areaId'),

  // deliberation
  createDeliberationPlatform: staffRule('input.communityCode'),
  scheduleDeliberationMeeting: staffRule('the community of the platform input.platformId'),
  holdDeliberationMeeting: staffRule('the community of the meeting input.meetingId'),
  cancelDeliberationMeeting: staffRule('the community of the meeting input.meetingId'),
  submitProposal: staffRule('the community of the platform input.platformId'),
  jointReviewProposal: staffRule('the community of the proposal input.proposalId'),
  deliberateProposal: staffRule('the community of the proposal input.proposalId'),
  resolveProposal: staffRule('the community of the proposal input.proposalId'),
  evaluateProposal: staffRule('the community of the proposal input.proposalId'),

  // disputes
  reportDispute: staffRule('input.communityCode'),
  startDisputeMediation: staffRule('the community of the dispute input.disputeId'),
  resolveDispute: staffRule('the community of the dispute input.disputeId'),
  referDispute: staffRule('the community of the dispute input.disputeId'),

  // needs and micro-wishes
  reportNeed: { roles: [...STAFF, 'social_worker', 'resident'], target: 'input.communityCode', allow: staffSocialWorkerOrResident },
  postMicroWish: { roles: [...STAFF, 'social_worker', 'resident'], target: 'input.communityCode', allow: staffSocialWorkerOrResident },
  claimMicroWish: {
    roles: [...STAFF, 'org_admin'],
    target: 'the community of the wish input.microWishId; the organization input.claimant.id when an ORGANIZATION claims',
    allow: staffOrOwnOrganization,
  },
  fulfillMicroWish: {
    roles: [...STAFF, 'org_admin'],
    target: 'the community of the wish input.microWishId; the claiming organization',
    allow: staffOrOwnOrganization,
  },

  // bulk imports: checked for every record's community. A resident reports their own need one at a
  // time; importing a grid's backlog (with historical report times) is for those who keep its records.
  importNeeds: { roles: [...STAFF, 'social_worker'], target: 'input.records.<i>.communityCode, every record', allow: staffOrSocialWorker },
  importDisputes: staffRule('input.records.<i>.communityCode, every record'),

  // micro-projects
  planMicroProject: staffRule('input.communityCode'),
  startMicroProject: {
    roles: [...STAFF, 'org_admin'],
    target: 'the community of the project input.microProjectId; its implementing organization',
    allow: staffOrOwnOrganization,
  },
  completeMicroProject: {
    roles: [...STAFF, 'org_admin'],
    target: 'the community of the project input.microProjectId; its implementing organization',
    allow: staffOrOwnOrganization,
  },
  cancelMicroProject: staffRule('the community of the project input.microProjectId'),

  // 阳光五务 and 两评
  publishDisclosure: staffRule('input.communityCode'),
  withdrawDisclosure: staffRule('the community of the disclosure input.disclosureId'),
  recordEvaluation: staffRule('input.communityCode'),
};

/** What a domain function is handed: the caller's right to make one change, checked and recorded. */
export interface WriteAccess {
  readonly identity: Identity;
  readonly mutation: MutationName;
  /** Refuses (FORBIDDEN / UNAUTHENTICATED) unless the rule allows the caller on `target`. Call before writing. */
  allow(target: WriteTarget, field?: string): void;
  /** The audit line of the change, in the change's own transaction. */
  audit(tx: AnyPgTx, entity: string, entityId: string): Promise<void>;
  /** A bulk change's audit lines — one per record, as the single mutation writes — in one multi-row insert. */
  auditEach(tx: AnyPgTx, entity: string, entityIds: readonly string[]): Promise<void>;
}

/** Whether the rule of `mutation` allows `identity` on `target` (roles and target both). */
export function mayMutate(identity: Identity, mutation: MutationName, target: WriteTarget): boolean {
  const rule = MUTATION_RULES[mutation];
  return hasRole(identity, ...rule.roles) && rule.allow(identity, target);
}

/** The caller's access to one mutation; refuses at once a caller none of whose roles could ever make it. */
export function writeAccess(identity: Identity, mutation: MutationName): WriteAccess {
  const rule = MUTATION_RULES[mutation];
  requireWrite(identity, hasRole(identity, ...rule.roles));
  return {
    identity,
    mutation,
    allow(target, field) {
      requireWrite(identity, mayMutate(identity, mutation, target), field);
    },
    audit(tx, entity, entityId) {
      return recordAudit(tx, identity, { kind: 'mutation', operation: mutation, entity, entityId });
    },
    async auditEach(tx, entity, entityIds) {
      if (entityIds.length === 0) return;
      const line = { subject: identity.subject, roles: identity.roles, kind: 'mutation' as const, operation: mutation, entity, details: null };
      await tx.insert(auditLog).values(entityIds.map((entityId) => ({ ...line, entityId })));
    },
  };
}
