import { DeliverPolicy, type ConsumerConfig, type ConsumerInfo, type JetStreamManager } from '@nats-io/jetstream';
import type { Logger } from '../logger.ts';
import { handoverStart, hasFilter } from './consumer-handover.ts';

/** What a durable should be: its config (name, filter, limits) and the subjects its specs handle. */
export interface WantedDurable {
  config: Partial<ConsumerConfig> & { durable_name: string; max_ack_pending: number; filter_subject?: string; filter_subjects?: string[] };
  /** The subjects handled, prefixed: what a retired durable must have received to hand over. */
  handled: readonly string[];
  /** An independent type's durable: its max_ack_pending follows the concurrency and batch size. */
  independent: boolean;
}

/**
 * Makes the durable exist as wanted and says where it starts:
 *
 * - Missing: created, starting past what the retired durables that received its subjects had
 *   acknowledged (consumer-handover.ts), else at the stream's beginning.
 * - There, from an earlier release: brought up to date in place, keeping its position — except
 *   when it handles a subject a retired durable had applied only up to a point behind that
 *   position (a type returning from a durable of its own). The events in between were applied by
 *   nobody — this durable received them, on a wildcard filter, but did not handle them then — so
 *   it is created again from there: its own events in that stretch come again and the inbox,
 *   keyed by the durable's name, turns them into no-ops. Whether this durable's filter had the
 *   subject says nothing: a wildcard (NATS 2.9) has every subject, handled or not.
 */
export async function ensureDurable(
  jsm: JetStreamManager,
  stream: string,
  wanted: WantedDurable,
  handover: readonly ConsumerInfo[],
  log: Logger,
): Promise<void> {
  const { config } = wanted;
  const durable = config.durable_name;
  const createFrom = async (start: number | undefined) => {
    await jsm.consumers.add(stream, start === undefined ? config : { ...config, deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: start });
    if (start !== undefined) log.info({ startSequence: start }, 'takes over from retired consumers where they had got to');
  };
  let existing: ConsumerInfo;
  try {
    existing = await jsm.consumers.info(stream, durable);
  } catch {
    try {
      return await createFrom(handoverStart(handover, wanted.handled));
    } catch (error) {
      // Created meanwhile (another replica), possibly with an older config: use it.
      existing = await jsm.consumers.info(stream, durable).catch(() => {
        throw error;
      });
    }
  }
  const rewind = Math.min(...wanted.handled.map((subject) => handoverStart(handover, [subject]) ?? Number.POSITIVE_INFINITY));
  if (rewind <= existing.ack_floor.stream_seq) {
    await jsm.consumers.delete(stream, durable).catch(() => false);
    // Should this fail (NATS going away in between), the service's next attempt finds the durable
    // missing and creates it from the stream's beginning unless one retired durable had all its
    // subjects: slower, but nothing is skipped, and the inbox passes over what was applied.
    await createFrom(rewind);
    return;
  }
  if (existing.config.max_deliver !== -1) {
    // Created before dead letters existed: JetStream would drop an event after its max_deliver.
    await jsm.consumers.update(stream, durable, { max_deliver: -1 }).catch((error) => {
      log.warn({ err: error }, 'could not lift the server-side max_deliver; events past it would not reach the dead-letter stream');
    });
  }
  if (wanted.independent && existing.config.max_ack_pending !== config.max_ack_pending) {
    // Created for another concurrency, or before its events were applied in batches.
    await jsm.consumers.update(stream, durable, { max_ack_pending: config.max_ack_pending }).catch((error) => {
      log.warn({ err: error }, 'could not change how many events the consumer holds at once; it keeps its limit');
    });
  }
  const filter = { filter_subject: config.filter_subject, filter_subjects: config.filter_subjects };
  if (!hasFilter(existing.config, filter)) {
    // Created by an earlier version, or before the server could filter to several subjects. The
    // position is kept; events of subjects added to the filter that lie past it are delivered.
    // Should the update be refused, the old filter still works: the events it lets through that
    // nothing here handles are acknowledged and skipped.
    await jsm.consumers
      .update(stream, durable, filter)
      .catch((error) => log.warn({ err: error, filter }, 'could not narrow the consumer to the subjects handled; it keeps its filter'));
  }
}
