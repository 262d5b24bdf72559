import { socialWork, type CloudEvent, type EventData } from '@sanshe/events';
import type { AnyPgTx, ConsumerSpec } from '@sanshe/service-kit';
import { applyCaseClosed } from '../domain/fulfilment.ts';

/**
 * social-work.service-case.closed → the need (and its micro-wish) fulfilled, or the need closed
 * unmet. The shared consumer applies it in one transaction with its inbox row, so a redelivered
 * event — same CloudEvent id — changes nothing and emits nothing.
 */
export const serviceCaseClosedConsumer: ConsumerSpec = {
  contract: socialWork.serviceCaseClosed,
  handle: (tx: AnyPgTx, event: CloudEvent<EventData<typeof socialWork.serviceCaseClosed>>) => applyCaseClosed(tx, event.data),
} as ConsumerSpec;
