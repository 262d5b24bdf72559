import { partyBuilding as contracts } from '@sanshe/events';
import { asc, eq } from 'drizzle-orm';
import { DomainError, isUuid, recordEvent, type Identity } from '@sanshe/service-kit';
import { auditMutation, authorizeCaller, authorizeWrite } from '../authorization.ts';
import { coverage, partyOrganizations, type PartyOrganizationRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import { CHANGE_TIME, recordMemberCounts } from './membership-history.ts';
import { checkMemberCounts, type MemberCounts } from './membership.ts';
import { reassess } from './reorganise.ts';

/**
 * Records new member counts. Falling below 3 full members is accepted — members leave whether
 * the rules like it or not — and flags the organization for reorganisation; climbing back clears
 * that reason. Unchanged counts change nothing and send nothing (the call is still audited).
 */
export async function updatePartyMembership(db: Db, identity: Identity, id: string, counts: MemberCounts): Promise<PartyOrganizationRow> {
  authorizeCaller(identity, 'updatePartyMembership');
  checkMemberCounts(counts, null);
  if (!isUuid(id)) throw new DomainError('NOT_FOUND', `no party organization ${id}`, 'id');
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(partyOrganizations).where(eq(partyOrganizations.id, id)).for('update');
    if (!row) throw new DomainError('NOT_FOUND', `no party organization ${id}`, 'id');
    authorizeWrite(identity, 'updatePartyMembership', { regionCode: row.regionCode }, 'id');
    await auditMutation(tx, identity, 'updatePartyMembership', id, { regionCode: row.regionCode, ...counts });
    if (row.fullMembers === counts.fullMembers && row.probationaryMembers === counts.probationaryMembers) return row;
    const [updated] = (await tx
      .update(partyOrganizations)
      .set({ fullMembers: counts.fullMembers, probationaryMembers: counts.probationaryMembers })
      .where(eq(partyOrganizations.id, id))
      .returning()) as [PartyOrganizationRow];
    await recordMemberCounts(tx, id, counts, CHANGE_TIME);
    await recordEvent(
      tx,
      contracts.partyOrganizationMembershipChanged,
      {
        partyOrganizationId: id,
        regionCode: row.regionCode,
        fullMembers: counts.fullMembers,
        probationaryMembers: counts.probationaryMembers,
        previousFullMembers: row.fullMembers,
        previousProbationaryMembers: row.probationaryMembers,
      },
      { subject: id },
    );
    const covered = await tx.select({ id: coverage.organizationId }).from(coverage).where(eq(coverage.partyOrganizationId, id)).orderBy(asc(coverage.organizationId));
    return reassess(tx, updated, { coveredOrganizationIds: covered.map((c) => c.id) });
  });
}
