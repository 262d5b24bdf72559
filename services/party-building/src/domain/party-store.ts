import { partyBuilding as contracts } from '@sanshe/events';
import { asc, eq, inArray } from 'drizzle-orm';
import {
  districtDate,
  DomainError,
  isUniqueViolation,
  isUuid,
  knownOrganizations,
  knownRegions,
  recordEvent,
  requireCommunity,
  requireOrganization,
  type Identity,
} from '@sanshe/service-kit';
import { coverage, partyOrganizations, type PartyOrganizationRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import { checkFounding, requestsJointBranchSubsidy, type FoundingPlan } from './party-rules.ts';
import { parsePastDay } from './past-day.ts';
import { checkOrganizationStreet, checkParent } from './hierarchy.ts';
import { ACTIVE_ORGANIZATION_STATES } from './coverage.ts';
import { foundingTime, recordMemberCounts } from './membership-history.ts';
import { auditMutation, authorizeCaller, authorizeWrite } from '../authorization.ts';

export interface FoundInput extends FoundingPlan {
  name: string;
  parentId: string | null;
  /** YYYY-MM-DD in district time; null: founded now. */
  foundedOn?: string | null;
}

/** One working committee per street and one committee per community (migration 0002's partial unique index). */
const ONE_COMMITTEE_PER_REGION = 'party_organizations_one_committee_idx';

/**
 * Founds a party organization and covers its organizations in one transaction, with its
 * `founded` event and — for a joint branch — the subsidy request funding pays once (seed 000).
 * The caller must be allowed to found this kind in this region and to cover each organization
 * (src/authorization.ts); the audit line is written in the same transaction.
 */
export async function foundPartyOrganization(db: Db, identity: Identity, input: FoundInput, options: { jointBranchSubsidyFen: number }, now: Date = new Date()) {
  authorizeCaller(identity, 'foundPartyOrganization');
  checkFounding(input);
  const foundedOn = parsePastDay(input.foundedOn, 'input.foundedOn', now);
  const name = input.name.trim();
  if (name.length < 2 || name.length > 100) throw new DomainError('BAD_USER_INPUT', 'a name has 2 to 100 characters', 'input.name');
  if (input.kind === 'street_working_committee' && input.parentId !== null) {
    throw new DomainError('RULE_VIOLATION', 'a street working committee is the top of the hierarchy and takes no parent', 'input.parentId');
  }
  return db.transaction(async (tx) => {
    authorizeWrite(identity, 'foundPartyOrganization', { regionCode: input.regionCode, kind: input.kind }, 'input.regionCode');
    if (input.kind === 'street_working_committee') {
      const [street] = await tx.select().from(knownRegions).where(eq(knownRegions.code, input.regionCode));
      if (!street) throw new DomainError('UNKNOWN_COMMUNITY', `no street with code ${input.regionCode} is known`, 'input.regionCode');
    } else {
      await requireCommunity(tx, input.regionCode, 'input.regionCode');
    }
    if (input.parentId !== null) {
      const parent = isUuid(input.parentId)
        ? (await tx.select().from(partyOrganizations).where(eq(partyOrganizations.id, input.parentId)))[0]
        : undefined;
      if (!parent) throw new DomainError('NOT_FOUND', `no party organization ${input.parentId}`, 'input.parentId');
      checkParent(input, parent);
    }
    // FOR SHARE, in id order: a deregistration consumed meanwhile waits for this founding to commit
    // and then removes the coverage written here — or, having committed first, is seen below.
    const lockable = input.organizationIds.filter(isUuid).sort();
    if (lockable.length > 0) {
      await tx
        .select({ id: knownOrganizations.id })
        .from(knownOrganizations)
        .where(inArray(knownOrganizations.id, lockable))
        .orderBy(asc(knownOrganizations.id))
        .for('share');
    }
    for (const id of input.organizationIds) {
      // Refuses unknown organizations and those not in operation (RULE_VIOLATION with the state).
      const organization = await requireOrganization(tx, id, 'input.organizationIds', { states: ACTIVE_ORGANIZATION_STATES });
      checkOrganizationStreet(input.regionCode, organization, 'input.organizationIds');
      // Covering an organization changes its community's coverage: that community must be in scope too.
      authorizeWrite(identity, 'foundPartyOrganization', { regionCode: organization.communityCode, kind: input.kind }, 'input.organizationIds');
    }

    let row: PartyOrganizationRow;
    try {
      [row] = (await tx
        .insert(partyOrganizations)
        .values({
          name,
          kind: input.kind,
          regionCode: input.regionCode,
          parentId: input.parentId,
          fullMembers: input.fullMembers,
          probationaryMembers: input.probationaryMembers,
          // Its coverage counts from here too: links carry no date of their own, and the
          // statistics count an organization covered only while it is active.
          ...(foundedOn ? { foundedAt: foundedOn.at } : {}),
        })
        .returning()) as [PartyOrganizationRow];
    } catch (error) {
      if (isUniqueViolation(error, ONE_COMMITTEE_PER_REGION)) {
        throw new DomainError('CONFLICT', `region ${input.regionCode} already has its ${input.kind}`, 'input.regionCode');
      }
      throw error;
    }
    await recordMemberCounts(tx, row.id, row, foundingTime(row.foundedAt));
    if (input.organizationIds.length > 0) {
      try {
        await tx.insert(coverage).values(input.organizationIds.map((organizationId) => ({ organizationId, partyOrganizationId: row.id })));
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new DomainError('CONFLICT', 'an organization listed is already covered by a party organization', 'input.organizationIds');
        }
        throw error;
      }
    }
    await recordEvent(
      tx,
      contracts.partyOrganizationFounded,
      {
        partyOrganizationId: row.id,
        name: row.name,
        kind: row.kind,
        communityCode: row.regionCode.length === 12 ? row.regionCode : null,
        regionCode: row.regionCode,
        organizationIds: input.organizationIds,
        fullMembers: row.fullMembers,
        probationaryMembers: row.probationaryMembers,
        foundedAt: row.foundedAt.toISOString(),
      },
      { subject: row.id },
    );
    if (requestsJointBranchSubsidy(row.kind, districtDate(row.foundedAt), districtDate(now))) {
      // Seed 000: a new joint branch gets a one-off subsidy; funding pays it once per branch id.
      // A founding recorded long after the fact is not new (SUBSIDY_WINDOW_DAYS).
      await recordEvent(
        tx,
        contracts.jointBranchSubsidyRequested,
        { partyOrganizationId: row.id, communityCode: row.regionCode, amountFen: options.jointBranchSubsidyFen },
        { subject: row.id },
      );
    }
    await auditMutation(tx, identity, 'foundPartyOrganization', row.id, { kind: row.kind, regionCode: row.regionCode });
    return row;
  });
}
