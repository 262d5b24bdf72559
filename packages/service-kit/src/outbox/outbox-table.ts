import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Transactional outbox: a service writes its event here in the same transaction as the change,
 * so an event exists exactly when the change committed. The relay publishes and then stamps
 * `published_at`; nothing else writes to it.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey(),
    // Commit order within the service; the relay publishes in this order.
    position: bigserial('position', { mode: 'number' }).notNull(),
    subject: text('subject').notNull(),
    type: text('type').notNull(),
    envelope: jsonb('envelope').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
  },
  (t) => [index('outbox_unpublished_idx').on(t.position).where(sql`${t.publishedAt} is null`)],
);
