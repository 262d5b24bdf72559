import { selfGovernance, type CloudEvent, type EventData } from '@sanshe/events';
import type { AnyPgTx, ConsumerSpec } from '@sanshe/service-kit';
import { openCaseForNeed } from '../domain/case-store.ts';

/** 社区发现需求: a need reported in self-governance opens a matched service case here. */
export const needReportedConsumer: ConsumerSpec = {
  contract: selfGovernance.needReported,
  handle: (async (tx: AnyPgTx, event: CloudEvent<EventData<typeof selfGovernance.needReported>>) => {
    await openCaseForNeed(tx, event);
  }) as ConsumerSpec['handle'],
};
