import { socialWork, type CloudEvent, type EventData } from '@sanshe/events';
import type { AnyPgTx, ConsumerSpec } from '@sanshe/service-kit';
import { applyCaseClosed, applyInNeedOrder } from '../domain/fulfilment.ts';

type Closed = CloudEvent<EventData<typeof socialWork.serviceCaseClosed>>;

/**
 * social-work.service-case.closed → the need (and its micro-wish) fulfilled, or the need closed
 * unmet. The consumer applies it in one transaction with its inbox row, so a redelivered event —
 * same CloudEvent id — changes nothing and emits nothing. Independent of the openings' consumer:
 * a closing that overtakes its case's opening applies the opening first (applyCaseClosed).
 */
export const serviceCaseClosedConsumer: ConsumerSpec = {
  contract: socialWork.serviceCaseClosed,
  concurrency: 4,
  handle: ((tx: AnyPgTx, event: Closed) => applyCaseClosed(tx, event.data)) as ConsumerSpec['handle'],
  handleBatch: ((tx: AnyPgTx, events: Closed[]) => applyInNeedOrder(tx, events.map((e) => e.data), applyCaseClosed)) as ConsumerSpec['handleBatch'],
};
