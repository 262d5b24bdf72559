import { createCloudEvent, type EventContract, type EventData } from '@sanshe/events';
import { sql } from 'drizzle-orm';
import { OUTBOX_CHANNEL, outbox, type AnyPgTx } from '@sanshe/service-kit';

/**
 * `recordEvent` for a batch: the same events (each validated against its contract, in the order
 * given, which is the order the relay publishes them in) written to the outbox with one multi-row
 * INSERT and one wake-up of the relay, in the caller's transaction — so an import of 1,000
 * volunteers emits its 1,000 `volunteer.registered` events in two statements, not 2,000.
 */
export async function recordEvents<C extends EventContract>(tx: AnyPgTx, contract: C, items: readonly { data: EventData<C>; subject: string }[]): Promise<void> {
  if (items.length === 0) return;
  const rows = items.map(({ data, subject }) => {
    const event = createCloudEvent(contract, data, { subject });
    return { id: event.id, subject: contract.subject, type: contract.type, envelope: event };
  });
  await tx.insert(outbox).values(rows);
  await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
}
