import type { ConsumerInfo } from '@nats-io/jetstream';
import type { AnyPgTx } from '../outbox/record-event.ts';
import {
  durableName,
  independentDurableName,
  planConsumers,
  startConsumer,
  type ConsumerSpec,
  type RunningConsumer,
  type StartConsumerOptions,
} from './consumer.ts';
import { obsoleteDurables } from './consumer-handover.ts';

/**
 * Starts every consumer a service's specs plan (planConsumers) and retires the durables of this
 * service that the plan no longer has, after handing their position over (consumer-handover.ts):
 * an upgrade that gives an event type a consumer of its own neither replays the stream's history
 * to it nor leaves the old durable behind with its pending count growing.
 *
 * The retired durables are listed before anything starts, so each new durable's starting point
 * comes from a floor that can only have moved on since: nothing in between is skipped. They are
 * deleted only once every planned consumer runs. Should a replica of the previous release still
 * be consuming through one of them, it loses that consumer — the new durables carry its events
 * from then on.
 */
export async function startPlannedConsumers<Tx extends AnyPgTx>(
  options: Omit<StartConsumerOptions<Tx>, 'producer' | 'specs' | 'independent' | 'handover'> & {
    /** Every spec of the service: planned here into its consumers. */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    specs: readonly ConsumerSpec<any, Tx>[];
  },
): Promise<RunningConsumer[]> {
  const { service, jsm, stream, logger } = options;
  const plans = planConsumers(options.specs);
  const planned = new Set(plans.map(({ producer, independent }) => (independent ? independentDurableName(service, independent.contract) : durableName(service, producer))));
  const existing: ConsumerInfo[] = [];
  for await (const consumer of jsm.consumers.list(stream)) existing.push(consumer);
  const retired = obsoleteDurables(existing, service, planned);
  const running: RunningConsumer[] = [];
  try {
    for (const { producer, specs, independent } of plans) {
      running.push(await startConsumer<Tx>({ ...options, producer, specs, independent, handover: retired }));
    }
  } catch (error) {
    await Promise.all(running.map((consumer) => consumer.stop()));
    throw error;
  }
  for (const consumer of retired) {
    // Deleted already by another replica starting at the same time: nothing left to do.
    const deleted = await jsm.consumers.delete(stream, consumer.name).catch(() => false);
    if (deleted) {
      logger.info(
        { consumer: consumer.name, acknowledgedThrough: consumer.ack_floor.stream_seq, pending: consumer.num_pending + consumer.num_ack_pending },
        'retired a consumer this release no longer plans',
      );
    }
  }
  return running;
}
