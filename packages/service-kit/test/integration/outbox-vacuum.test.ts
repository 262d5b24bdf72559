/**
 * The relay vacuums its own outbox every `vacuumEvery` published events (OUTBOX_VACUUM_EVERY),
 * against real PostgreSQL and the shared NATS: the dead rows publishing leaves behind — which the
 * relay's scan for the oldest unpublished event would otherwise walk over on every wake — are
 * gone from the unpublished index (its entries counted by pgstattuple, exactly), and
 * `vacuum_count` (manual vacuums only, never autovacuum's) says who removed them.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useOutboxProbe } from './outbox-probe.ts';

const probe = useOutboxProbe('outbox-vacuum', (sql) => sql`create extension if not exists pgstattuple`);

async function recordEvents(n: number): Promise<void> {
  const sql = probe.sql();
  const rows = Array.from({ length: n }, () => {
    const id = randomUUID();
    return { id, subject: 'probe.vacuum.v1', type: 'probe.vacuum.v1', envelope: sql.json({ id }) };
  });
  await sql`insert into outbox ${sql(rows, 'id', 'subject', 'type', 'envelope')}`;
}

/** `walked`: entries in the unpublished index, the published events' included until a vacuum. */
async function outboxStats(): Promise<{ vacuums: number; walked: number; unpublished: number }> {
  const sql = probe.sql();
  const [stats] = await sql<{ vacuums: number }[]>`select vacuum_count::int as vacuums from pg_stat_user_tables where relname = 'outbox'`;
  const [index] = await sql<{ n: number }[]>`select (tuple_count + dead_tuple_count)::int as n from pgstattuple('outbox_unpublished_idx')`;
  const [left] = await sql<{ n: number }[]>`select count(*)::int as n from outbox where published_at is null`;
  return { vacuums: stats!.vacuums, walked: index!.n, unpublished: left!.n };
}

const relay = (vacuumEvery: number) => probe.relay({ batchSize: 50, vacuumEvery });

describe('the outbox relay vacuums its table', () => {
  it('not before `vacuumEvery` events were published', async () => {
    await recordEvents(120);
    expect(await relay(1_000).drainOnce()).toBe(120);
    // Each published event left its entry in the unpublished index behind.
    expect(await outboxStats()).toEqual({ vacuums: 0, unpublished: 0, walked: 120 });
  });

  it('once `vacuumEvery` events were published, in the middle of a backlog too', async () => {
    const vacuuming = relay(100);
    await recordEvents(150);
    expect(await vacuuming.drainOnce()).toBe(150);
    // Vacuumed after the second batch of 50: only the last batch's entries are left to walk.
    expect(await outboxStats()).toEqual({ vacuums: 1, unpublished: 0, walked: 50 });
    await recordEvents(40);
    expect(await vacuuming.drainOnce()).toBe(40);
    expect(await outboxStats()).toEqual({ vacuums: 1, unpublished: 0, walked: 90 });
    await recordEvents(10);
    expect(await vacuuming.drainOnce()).toBe(10);
    expect(await outboxStats()).toEqual({ vacuums: 2, unpublished: 0, walked: 0 });
  });

  it('never, with vacuumEvery 0', async () => {
    await recordEvents(200);
    expect(await relay(0).drainOnce()).toBe(200);
    expect(await outboxStats()).toEqual({ vacuums: 2, unpublished: 0, walked: 200 });
  });
});
