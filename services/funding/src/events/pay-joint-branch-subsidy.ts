import { funding as fundingEvents, partyBuilding, type CloudEvent, type EventData } from '@sanshe/events';
import { recordEvent, type ConsumerSpec } from '@sanshe/service-kit';
import { subsidyPayments } from '../db/schema.ts';
import type { Db } from '../context.ts';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/**
 * Seed 000: a new joint branch receives a one-off subsidy. The inbox drops redeliveries of the
 * same event; the primary key on the branch id also refuses a second request for the same branch
 * published as a different event.
 */
export async function payJointBranchSubsidy(tx: Tx, event: CloudEvent<EventData<typeof partyBuilding.jointBranchSubsidyRequested>>) {
  const paid = await tx
    .insert(subsidyPayments)
    .values({
      partyOrganizationId: event.data.partyOrganizationId,
      communityCode: event.data.communityCode,
      amountFen: event.data.amountFen,
    })
    .onConflictDoNothing()
    .returning();
  const payment = paid[0];
  if (!payment) return;
  await recordEvent(
    tx,
    fundingEvents.subsidyPaid,
    {
      partyOrganizationId: payment.partyOrganizationId,
      communityCode: payment.communityCode,
      amountFen: payment.amountFen,
      paymentId: payment.paymentId,
    },
    { subject: payment.partyOrganizationId },
  );
}

export const subsidyConsumer: ConsumerSpec = {
  contract: partyBuilding.jointBranchSubsidyRequested,
  handle: payJointBranchSubsidy as unknown as ConsumerSpec['handle'],
};
