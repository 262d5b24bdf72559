import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Events a consumer has applied, written in the same transaction as the effect: a redelivered
 * event finds its row and is acknowledged without being applied again. Rows outlive the stream's
 * copy of their event by a margin and are then pruned (inbox-retention.ts).
 */
export const inbox = pgTable(
  'inbox',
  {
    consumer: text('consumer').notNull(),
    eventId: uuid('event_id').notNull(),
    eventType: text('event_type').notNull(),
    processedAt: timestamp('processed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.consumer, t.eventId] }),
    // Rows arrive in time order, so a BRIN index finds the old ones for pruning at almost no cost
    // to each insert — a B-tree here would be a second index written on every event applied.
    index('inbox_processed_at_brin').using('brin', t.processedAt),
  ],
);
