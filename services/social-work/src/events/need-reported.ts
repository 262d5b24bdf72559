import { selfGovernance, type CloudEvent, type EventData } from '@sanshe/events';
import type { AnyPgTx, ConsumerSpec } from '@sanshe/service-kit';
import { openCaseForNeed, openCasesForNeeds } from '../domain/case-store.ts';

/**
 * 社区发现需求: a need reported in self-governance opens a matched service case here.
 *
 * Independent of every other event (one case per need, keyed by the need; matching reads only
 * this service's own workers and organizations), so needs are applied several at a time on a
 * consumer of their own: a grid's bulk import of thousands drains in minutes, not an hour. Under
 * such a burst they are applied up to MAX_BATCH a transaction (openCasesForNeeds), one commit and
 * one statistics update for the lot.
 */
export const needReportedConsumer: ConsumerSpec = {
  contract: selfGovernance.needReported,
  concurrency: 4,
  handle: (async (tx: AnyPgTx, event: CloudEvent<EventData<typeof selfGovernance.needReported>>) => {
    await openCaseForNeed(tx, event);
  }) as ConsumerSpec['handle'],
  handleBatch: (async (tx: AnyPgTx, events: CloudEvent<EventData<typeof selfGovernance.needReported>>[]) => {
    await openCasesForNeeds(tx, events);
  }) as ConsumerSpec['handleBatch'],
};
