import { funding as contracts } from '@sanshe/events';
import { and, asc, eq } from 'drizzle-orm';
import { recordEvent } from '@sanshe/service-kit';
import { grants, tranches } from '../db/grant-tables.ts';
import type { Tx } from '../context.ts';
import { grantsToResume, grantsToSuspend, type SuspensionReason } from './rules/suspension.ts';

/**
 * An organization was suspended or deregistered: its open grants stop and their pending tranches
 * are suspended, so no payment goes out until it is reinstated. Grant rows are locked in id order,
 * the same rows (and no fund) a payment locks, so a payment either finished before or sees the
 * suspension.
 */
export async function suspendOrganizationGrants(tx: Tx, organizationId: string, reason: SuspensionReason): Promise<string[]> {
  const rows = await tx.select().from(grants).where(eq(grants.organizationId, organizationId)).orderBy(asc(grants.id)).for('no key update');
  const ids = grantsToSuspend(rows, reason);
  const now = new Date();
  for (const grantId of ids) {
    await tx.update(grants).set({ status: 'suspended', suspensionReason: reason, updatedAt: now }).where(eq(grants.id, grantId));
    await tx
      .update(tranches)
      .set({ status: 'suspended' })
      .where(and(eq(tranches.grantId, grantId), eq(tranches.status, 'pending')));
    const suspended = await tx.select({ id: tranches.id }).from(tranches).where(and(eq(tranches.grantId, grantId), eq(tranches.status, 'suspended'))).orderBy(asc(tranches.seq));
    await recordEvent(tx, contracts.grantSuspended, { grantId, organizationId, reason, suspendedTrancheIds: suspended.map((t) => t.id) }, { subject: grantId });
  }
  return ids;
}

/**
 * Reinstated: the grants a suspension stopped resume with their suspended tranches pending again.
 * Grants stopped by a deregistration stay suspended (a deregistered organization is not
 * reinstated; terminateGrant returns their money to the fund).
 */
export async function resumeOrganizationGrants(tx: Tx, organizationId: string): Promise<string[]> {
  const rows = await tx.select().from(grants).where(and(eq(grants.organizationId, organizationId), eq(grants.status, 'suspended'))).orderBy(asc(grants.id)).for('no key update');
  const ids = grantsToResume(rows);
  const now = new Date();
  for (const grantId of ids) {
    await tx.update(grants).set({ status: 'active', suspensionReason: null, updatedAt: now }).where(eq(grants.id, grantId));
    const resumed = await tx
      .update(tranches)
      .set({ status: 'pending' })
      .where(and(eq(tranches.grantId, grantId), eq(tranches.status, 'suspended')))
      .returning({ id: tranches.id, seq: tranches.seq });
    resumed.sort((a, b) => a.seq - b.seq);
    await recordEvent(tx, contracts.grantResumed, { grantId, organizationId, resumedTrancheIds: resumed.map((t) => t.id) }, { subject: grantId });
  }
  return ids;
}

