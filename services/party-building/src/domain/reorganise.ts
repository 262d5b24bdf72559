import { partyBuilding as contracts } from '@sanshe/events';
import { eq } from 'drizzle-orm';
import { recordEvent, type AnyPgTx } from '@sanshe/service-kit';
import { partyOrganizations, type PartyOrganizationRow } from '../db/schema.ts';
import { compareReasons, nextReorganisationReasons } from './reorganisation.ts';

/**
 * Re-evaluates a party organization after a change to its members or organizations, stores the
 * new reasons, and tells other services: `reorganisation-flagged` when a reason is added,
 * `reorganisation-cleared` when none is left. Runs in the change's transaction, on a row locked
 * by the caller, so two changes cannot both read the old reasons.
 */
export async function reassess(
  tx: AnyPgTx,
  row: PartyOrganizationRow,
  facts: { coveredOrganizationIds: string[]; lostOrganization?: boolean },
): Promise<PartyOrganizationRow> {
  const reasons = nextReorganisationReasons(row.reorganisationReasons, {
    kind: row.kind,
    fullMembers: row.fullMembers,
    coveredOrganizations: facts.coveredOrganizationIds.length,
    lostOrganization: facts.lostOrganization,
  });
  const change = compareReasons(row.reorganisationReasons, reasons);
  if (!change.changed) return row;
  const flaggedAt = change.added.length > 0 ? new Date() : reasons.length > 0 ? row.reorganisationFlaggedAt : null;
  const [updated] = (await tx
    .update(partyOrganizations)
    .set({ reorganisationReasons: reasons, reorganisationFlaggedAt: flaggedAt })
    .where(eq(partyOrganizations.id, row.id))
    .returning()) as [PartyOrganizationRow];
  if (change.added.length > 0) {
    await recordEvent(
      tx,
      contracts.partyOrganizationReorganisationFlagged,
      {
        partyOrganizationId: row.id,
        kind: row.kind,
        regionCode: row.regionCode,
        parentId: row.parentId,
        reasons,
        added: change.added,
        fullMembers: row.fullMembers,
        organizationIds: facts.coveredOrganizationIds,
      },
      { subject: row.id },
    );
  }
  if (change.cleared) {
    await recordEvent(
      tx,
      contracts.partyOrganizationReorganisationCleared,
      { partyOrganizationId: row.id, kind: row.kind, regionCode: row.regionCode },
      { subject: row.id },
    );
  }
  return updated;
}
