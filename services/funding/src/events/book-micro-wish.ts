import { selfGovernance, type CloudEvent, type EventData } from '@sanshe/events';
import type { ConsumerSpec } from '@sanshe/service-kit';
import type { Tx } from '../context.ts';
import { bookMicroWishSpend } from '../domain/micro-wish-store.ts';

/**
 * A need was fulfilled. When it was a micro-wish with a micro-fund pledge, the pledged money is
 * booked as spent against that community's micro-fund (domain/micro-wish-store.ts). Needs that
 * are not micro-wishes cost funding nothing.
 */
async function handle(tx: Tx, event: CloudEvent<EventData<typeof selfGovernance.needFulfilled>>): Promise<void> {
  const { microWishId, needId, communityCode, fulfilledAt } = event.data;
  if (!microWishId) return;
  await bookMicroWishSpend(tx, { microWishId, needId, communityCode, fulfilledAt: new Date(fulfilledAt) });
}

export const needFulfilledConsumer: ConsumerSpec = {
  contract: selfGovernance.needFulfilled,
  handle: handle as unknown as ConsumerSpec['handle'],
};
