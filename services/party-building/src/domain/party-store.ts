import { partyBuilding as contracts } from '@sanshe/events';
import { and, asc, count, eq } from 'drizzle-orm';
import {
  DomainError,
  isUniqueViolation,
  isUuid,
  knownRegions,
  recordEvent,
  requireCommunity,
  requireOrganization,
  timeIdConnection,
  type PageArgs,
} from '@sanshe/service-kit';
import { coverage, partyOrganizations, type PartyOrganizationRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import { checkFounding, type FoundingPlan } from './party-rules.ts';

export interface FoundInput extends FoundingPlan {
  name: string;
  parentId: string | null;
}

export async function foundPartyOrganization(db: Db, input: FoundInput, options: { jointBranchSubsidyFen: number }) {
  checkFounding(input);
  const name = input.name.trim();
  if (name.length < 2 || name.length > 100) throw new DomainError('BAD_USER_INPUT', 'a name has 2 to 100 characters', 'input.name');
  return db.transaction(async (tx) => {
    if (input.kind === 'street_working_committee') {
      const [street] = await tx.select().from(knownRegions).where(eq(knownRegions.code, input.regionCode));
      if (!street) throw new DomainError('UNKNOWN_COMMUNITY', `no street with code ${input.regionCode} is known`, 'input.regionCode');
    } else {
      await requireCommunity(tx, input.regionCode, 'input.regionCode');
    }
    if (input.parentId !== null) {
      const parent = isUuid(input.parentId)
        ? (await tx.select({ id: partyOrganizations.id }).from(partyOrganizations).where(eq(partyOrganizations.id, input.parentId)))[0]
        : undefined;
      if (!parent) throw new DomainError('NOT_FOUND', `no party organization ${input.parentId}`, 'input.parentId');
    }
    for (const id of input.organizationIds) await requireOrganization(tx, id, 'input.organizationIds');

    const [row] = (await tx
      .insert(partyOrganizations)
      .values({
        name,
        kind: input.kind,
        regionCode: input.regionCode,
        parentId: input.parentId,
        fullMembers: input.fullMembers,
        probationaryMembers: input.probationaryMembers,
      })
      .returning()) as [PartyOrganizationRow];
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
      },
      { subject: row.id },
    );
    if (row.kind === 'joint_branch') {
      // Seed 000: a new joint branch gets a one-off subsidy; funding pays it once per branch id.
      await recordEvent(
        tx,
        contracts.jointBranchSubsidyRequested,
        { partyOrganizationId: row.id, communityCode: row.regionCode, amountFen: options.jointBranchSubsidyFen },
        { subject: row.id },
      );
    }
    return row;
  });
}

export function listByRegion(db: Db, regionCode: string, args: PageArgs) {
  const where = eq(partyOrganizations.regionCode, regionCode);
  return timeIdConnection(args, {
    rows: (after, limit) =>
      db
        .select()
        .from(partyOrganizations)
        .where(and(where, after(partyOrganizations.foundedAt, partyOrganizations.id, 'asc')))
        .orderBy(asc(partyOrganizations.foundedAt), asc(partyOrganizations.id))
        .limit(limit),
    count: async () => (await db.select({ n: count() }).from(partyOrganizations).where(where))[0]?.n ?? 0,
    keyOf: (r) => [r.foundedAt, r.id],
  });
}
