import { socialWork, type CloudEvent, type EventData } from '@sanshe/events';
import type { AnyPgTx, ConsumerSpec } from '@sanshe/service-kit';
import { applyCaseOpened, applyCasesOpened } from '../domain/fulfilment.ts';

type Opened = CloudEvent<EventData<typeof socialWork.serviceCaseOpened>>;

/**
 * social-work.service-case.opened → the need goes into service (need.service-started).
 *
 * Independent: it touches only its own need, and a closing that comes first applies it itself
 * (applyCaseClosed), so openings are applied several at a time, on a consumer of their own, and
 * in batches under a burst — a city's 100,000 imported needs open their cases within minutes.
 */
export const serviceCaseOpenedConsumer: ConsumerSpec = {
  contract: socialWork.serviceCaseOpened,
  concurrency: 4,
  handle: ((tx: AnyPgTx, event: Opened) => applyCaseOpened(tx, event.data)) as ConsumerSpec['handle'],
  handleBatch: ((tx: AnyPgTx, events: Opened[]) => applyCasesOpened(tx, events.map((e) => e.data))) as ConsumerSpec['handleBatch'],
};
