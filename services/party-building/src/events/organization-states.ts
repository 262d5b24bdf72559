import { and, eq, isNull, sql } from 'drizzle-orm';
import { ORGANIZATION_STATE_ANNOUNCEMENTS, type AnyPgTx, type ConsumerSpec, type OrganizationLifecycleEvent } from '@sanshe/service-kit';
import { organizationStates } from '../db/schema.ts';

/**
 * Keeps `organization_states`: the state a lifecycle event announces holds from the event's time,
 * and ends the one before it. Events of one organization arrive in the order organizations
 * committed them (one ordered consumer per producer), so the open row is always the previous state.
 *
 * Registered beside the shared replica's spec for each subject (app.ts): both run in the inbox's
 * one transaction, so a redelivery applies neither twice.
 */
export async function recordOrganizationState(
  tx: AnyPgTx,
  change: { organizationId: string; communityCode: string; state: string; at: Date },
): Promise<void> {
  const { organizationId, communityCode, state, at } = change;
  // greatest(): a change stamped before the open row's start (clock skew between writers) closes
  // it where it began instead of leaving an interval that ends before it starts.
  await tx
    .update(organizationStates)
    .set({ until: sql`greatest(${organizationStates.since}, ${at.toISOString()}::timestamptz)` })
    .where(and(eq(organizationStates.organizationId, organizationId), isNull(organizationStates.until)));
  await tx
    .insert(organizationStates)
    .values({ organizationId, state, communityCode, since: at })
    .onConflictDoUpdate({ target: [organizationStates.organizationId, organizationStates.since], set: { state, communityCode, until: null } });
}

export const organizationStateConsumers: ConsumerSpec[] = ORGANIZATION_STATE_ANNOUNCEMENTS.map(({ contract, state }) => ({
  contract,
  handle: (async (tx: AnyPgTx, event: OrganizationLifecycleEvent) => {
    const { organizationId, communityCode } = event.data;
    await recordOrganizationState(tx, { organizationId, communityCode: String(communityCode), state: state(event), at: new Date(event.time) });
  }) as ConsumerSpec['handle'],
}));
