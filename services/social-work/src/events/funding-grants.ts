import { funding, type CloudEvent, type EventData } from '@sanshe/events';
import type { AnyPgTx, ConsumerSpec } from '@sanshe/service-kit';
import { changeFundedPosts, recordFundedPosts, type FundedPostsChange } from '../domain/funded-posts-store.ts';

type GrantChangeContract = typeof funding.grantSuspended | typeof funding.grantResumed | typeof funding.grantCompleted | typeof funding.grantTerminated;

/** A change of a grant's status, applied to its posts at the event's time. */
function grantChange(contract: GrantChangeContract, change: FundedPostsChange): ConsumerSpec {
  return {
    contract,
    handle: (async (tx: AnyPgTx, event: CloudEvent<{ grantId: string }>) => {
      await changeFundedPosts(tx, event.data.grantId, change, new Date(event.time));
    }) as ConsumerSpec['handle'],
  };
}

/**
 * 政府予以财力保障: funding's grants that buy social-work posts (socialWorkPosts) staff the
 * community here, and the grant's later life — suspended with its organization, resumed,
 * completed, terminated — decides whether the posts still count. All five ride the one consumer
 * of everything funding publishes, so they apply in funding's commit order.
 */
export const fundingGrantConsumers: ConsumerSpec[] = [
  {
    contract: funding.grantAwarded,
    handle: (async (tx: AnyPgTx, event: CloudEvent<EventData<typeof funding.grantAwarded>>) => {
      await recordFundedPosts(tx, event);
    }) as ConsumerSpec['handle'],
  },
  grantChange(funding.grantSuspended, 'suspended'),
  grantChange(funding.grantResumed, 'resumed'),
  grantChange(funding.grantCompleted, 'completed'),
  grantChange(funding.grantTerminated, 'terminated'),
];
