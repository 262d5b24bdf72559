import type postgres from 'postgres';

/** Events committed but not yet acknowledged by JetStream (the relay's work still to do). */
export interface OutboxBacklog {
  pending: number;
  /** How long ago the next event to publish was written; 0 when nothing waits. */
  oldestSeconds: number;
}

/**
 * Reads the outbox's backlog for `/metrics`. The age of the oldest waiting event is what to alert
 * on: a relay that cannot publish (NATS away, the stream refusing) keeps every change's event here,
 * safe but unseen by other services and partners, and only the age says for how long. Both come
 * from the partial index on unpublished rows, which holds only what waits (and, between the
 * relay's vacuums, the entries of what it published since).
 */
export async function readOutboxBacklog(sql: postgres.Sql): Promise<OutboxBacklog> {
  const [row] = await sql<{ pending: number; oldest_seconds: number | null }[]>`
    select count(*)::int as pending,
           extract(epoch from now() - (select created_at from outbox where published_at is null order by position limit 1))::float8 as oldest_seconds
    from outbox where published_at is null`;
  return { pending: row?.pending ?? 0, oldestSeconds: Math.max(0, row?.oldest_seconds ?? 0) };
}
