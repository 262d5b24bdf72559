import { organizations as orgEvents, partyBuilding as contracts, type CloudEvent, type EventData } from '@sanshe/events';
import { asc, eq } from 'drizzle-orm';
import { recordEvent, type AnyPgTx, type ConsumerSpec } from '@sanshe/service-kit';
import { coverage, endedCoverage, partyOrganizations } from '../db/schema.ts';
import { reassess } from '../domain/reorganise.ts';

type Deregistered = CloudEvent<EventData<typeof orgEvents.organizationDeregistered>>;

/**
 * A deregistered organization leaves the party organization covering it (seed: "an organization
 * deregistered → its branch is reorganised"). The party organization is re-assessed: a joint
 * branch left with fewer than 2 organizations, or a branch that lost its own organization, is
 * flagged for reorganisation.
 *
 * Registered beside the shared replica's spec for the same subject (app.ts): the consumer runs
 * both, in list order, in the inbox's one transaction — a redelivery applies neither twice.
 * Nothing here depends on the replica having been updated first.
 */
export async function leaveOnDeregistration(tx: AnyPgTx, event: Deregistered): Promise<void> {
  const { organizationId } = event.data;
  const [left] = await tx.delete(coverage).where(eq(coverage.organizationId, organizationId)).returning();
  if (!left) return; // not covered: the replica's state change is all there is to do
  // Past periods still saw it covered (statistics-store.ts).
  await tx
    .insert(endedCoverage)
    .values({ organizationId, partyOrganizationId: left.partyOrganizationId, endedAt: new Date(event.time) })
    .onConflictDoNothing();
  const [party] = await tx.select().from(partyOrganizations).where(eq(partyOrganizations.id, left.partyOrganizationId)).for('update');
  if (!party) return; // the FK makes this impossible; a missing row is no reason to redeliver forever
  const remaining = (
    await tx
      .select({ id: coverage.organizationId })
      .from(coverage)
      .where(eq(coverage.partyOrganizationId, party.id))
      .orderBy(asc(coverage.organizationId))
  ).map((r) => r.id);
  await recordEvent(
    tx,
    contracts.partyOrganizationOrganizationLeft,
    { partyOrganizationId: party.id, kind: party.kind, organizationId, reason: 'deregistered', remainingOrganizationIds: remaining },
    { subject: party.id },
  );
  await reassess(tx, party, { coveredOrganizationIds: remaining, lostOrganization: true });
}

export const organizationDeregisteredConsumer: ConsumerSpec = {
  contract: orgEvents.organizationDeregistered,
  handle: leaveOnDeregistration as ConsumerSpec['handle'],
};
