import { partyBuilding, type CloudEvent, type EventData } from '@sanshe/events';
import type { ConsumerSpec } from '@sanshe/service-kit';
import type { Tx } from '../context.ts';
import { payJointBranchSubsidy } from '../domain/subsidy-store.ts';

/** party-building asks for a new joint branch's one-off subsidy; funding pays it exactly once. */
async function handle(tx: Tx, event: CloudEvent<EventData<typeof partyBuilding.jointBranchSubsidyRequested>>): Promise<void> {
  await payJointBranchSubsidy(tx, event.data);
}

export const subsidyConsumer: ConsumerSpec = {
  contract: partyBuilding.jointBranchSubsidyRequested,
  handle: handle as unknown as ConsumerSpec['handle'],
};
