/**
 * What `/metrics` says of the outbox (readOutboxBacklog, OutboxRelay.stats), against real
 * PostgreSQL and the shared NATS: events committed and not yet published, the oldest one's age, and
 * the relay's count of what it published and of publishes that failed — the failure a real one,
 * a subject no stream takes.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { readOutboxBacklog } from '../../src/index.ts';
import { useOutboxProbe } from './outbox-probe.ts';

const probe = useOutboxProbe('outbox-backlog');

/** One event written `secondsAgo` before now, as a committed change would have left it. */
async function recordEvent(secondsAgo: number): Promise<void> {
  const sql = probe.sql();
  const id = randomUUID();
  await sql`
    insert into outbox (id, subject, type, envelope, created_at)
    values (${id}, 'probe.backlog.v1', 'probe.backlog.v1', ${sql.json({ id })}, now() - make_interval(secs => ${secondsAgo}))`;
}

describe('the outbox backlog and the relay counts', () => {
  it('says nothing waits in an empty outbox', async () => {
    expect(await readOutboxBacklog(probe.sql())).toEqual({ pending: 0, oldestSeconds: 0 });
  });

  it('counts what waits and ages it by the next event to publish', async () => {
    await recordEvent(90);
    await recordEvent(5);
    await recordEvent(0);
    const backlog = await readOutboxBacklog(probe.sql());
    expect(backlog.pending).toBe(3);
    // The first written is the next to publish; its age is 90 s and the time this test took.
    expect(backlog.oldestSeconds).toBeGreaterThanOrEqual(90);
    expect(backlog.oldestSeconds).toBeLessThan(150);
  });

  it('counts a failed publish, and keeps its event waiting', async () => {
    // No stream takes this prefix: JetStream has no responder for it.
    const refused = probe.relay({ prefix: `${probe.prefix}nostream`, publishTimeoutMs: 2000 });
    await expect(refused.drainOnce()).rejects.toThrow();
    expect(refused.stats()).toEqual({ published: 0, failedPublishes: 1 });
    expect((await readOutboxBacklog(probe.sql())).pending).toBe(3);
    const [row] = await probe.sql()<{ attempts: number }[]>`select attempts from outbox where published_at is null order by position limit 1`;
    expect(row!.attempts).toBe(1);
  });

  it('counts what it published, and the backlog is gone', async () => {
    const working = probe.relay();
    expect(await working.drainOnce()).toBe(3);
    expect(working.stats()).toEqual({ published: 3, failedPublishes: 0 });
    expect(await readOutboxBacklog(probe.sql())).toEqual({ pending: 0, oldestSeconds: 0 });
  });
});
