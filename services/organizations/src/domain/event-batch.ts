import { createCloudEvent, type CloudEvent, type EventContract, type EventData } from '@sanshe/events';
import { sql } from 'drizzle-orm';
import { OUTBOX_CHANNEL, outbox, type AnyPgTx } from '@sanshe/service-kit';

export interface PendingEvent<C extends EventContract = EventContract> {
  contract: C;
  data: EventData<C>;
  subject: string;
  /** When it happened, for records placed in the past (a bulk import's `at`); now when absent. */
  time?: Date;
}

/**
 * `recordEvent` for many events: each checked against its contract, all stored in the caller's
 * transaction with one multi-row INSERT (outbox positions follow the list's order, which the relay
 * publishes in) and one wake-up of the relay. For bulk imports, where a statement per event would
 * cost more than the rows themselves.
 */
export async function recordEvents(tx: AnyPgTx, pending: readonly PendingEvent[]): Promise<CloudEvent[]> {
  if (pending.length === 0) return [];
  const events = pending.map((p) => createCloudEvent(p.contract, p.data, { subject: p.subject, time: p.time }));
  await tx.insert(outbox).values(events.map((event, i) => ({ id: event.id, subject: pending[i]!.contract.subject, type: event.type, envelope: event })));
  await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
  return events;
}
