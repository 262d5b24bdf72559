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
 * One event is a batch of one: the row and the relay's wake-up are built in one place.
 */
export async function recordEvent<C extends EventContract>(
  tx: AnyPgTx,
  contract: C,
  data: EventData<C>,
  meta: { subject: string },
): Promise<CloudEvent<EventData<C>>> {
  const [event] = await recordEvents(tx, [pendingEvent(contract, data, meta)]);
  return event as CloudEvent<EventData<C>>;
}

/** An event waiting to be recorded with others; `time` places a historical record's event in the past. */
export interface PendingEvent<C extends EventContract = EventContract> {
  contract: C;
  data: EventData<C>;
  subject: string;
  /** When it happened (a bulk import's historical time); now when absent. Consumers read `time` as the occurrence. */
  time?: Date;
}

/** A typed PendingEvent: the contract decides what `data` must be. */
export function pendingEvent<C extends EventContract>(contract: C, data: EventData<C>, meta: { subject: string; time?: Date }): PendingEvent {
  return { contract, data, ...meta } as PendingEvent;
}

/** Rows per INSERT: four parameters a row stays far below Postgres's 65,535 bind parameters. */
const OUTBOX_ROWS_PER_STATEMENT = 2_000;

/**
 * `recordEvent` for a batch (bulk imports): each event checked against its contract, all stored in
 * the caller's transaction with multi-row INSERTs in the given order — the order the relay
 * publishes in — and one wake-up of the relay. A statement per event would cost more than the rows.
 */
export async function recordEvents(tx: AnyPgTx, pending: readonly PendingEvent[]): Promise<CloudEvent[]> {
  if (pending.length === 0) return [];
  const events = pending.map((p) => createCloudEvent(p.contract, p.data, { subject: p.subject, time: p.time }));
  const rows = events.map((event, i) => ({ id: event.id, subject: pending[i]!.contract.subject, type: event.type, envelope: event }));
  for (let i = 0; i < rows.length; i += OUTBOX_ROWS_PER_STATEMENT) await tx.insert(outbox).values(rows.slice(i, i + OUTBOX_ROWS_PER_STATEMENT));
  // Delivered at commit only; wakes the relay instead of waiting for its next poll.
  await tx.execute(sql`select pg_notify(${OUTBOX_CHANNEL}, '')`);
  return events;
}
