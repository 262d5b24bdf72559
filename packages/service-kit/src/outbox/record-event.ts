import { createCloudEvent, type CloudEvent, type EventContract, type EventData } from '@sanshe/events';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { outbox } from './outbox-table.ts';

/** Any drizzle Postgres handle or transaction. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyPgTx = PgDatabase<PgQueryResultHKT, any, any>;

export const OUTBOX_CHANNEL = 'sanshe_outbox';

/**
 * Validates the event against its contract and stores it in the caller's transaction. Must be
 * given the transaction of the change itself: that is what makes "committed ⇔ published".
 */
export async function recordEvent<C extends EventContract>(
  tx: AnyPgTx,
  contract: C,
  data: EventData<C>,
  meta: { subject: string },
): Promise<CloudEvent<EventData<C>>> {
  const event = createCloudEvent(contract, data, meta);
  await tx.insert(outbox).values({ id: event.id, subject: contract.subject, type: contract.type, envelope: event });
  // Delivered at commit only; wakes the relay instead of waiting for its next poll.
  await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
  return event;
}
