import { socialWork, type CloudEvent, type EventData } from '@sanshe/events';
import type { AnyPgTx, ConsumerSpec } from '@sanshe/service-kit';
import { applyCaseOpened } from '../domain/fulfilment.ts';

/** social-work.service-case.opened → the need goes into service (need.service-started). */
export const serviceCaseOpenedConsumer: ConsumerSpec = {
  contract: socialWork.serviceCaseOpened,
  handle: (tx: AnyPgTx, event: CloudEvent<EventData<typeof socialWork.serviceCaseOpened>>) => applyCaseOpened(tx, event.data),
} as ConsumerSpec;
