import type { JetStreamClient } from '@nats-io/jetstream';
import type postgres from 'postgres';
import type { Logger } from '../logger.ts';
import { OUTBOX_CHANNEL } from './record-event.ts';

export interface RelayOptions {
  sql: postgres.Sql;
  js: JetStreamClient;
  prefix: string;
  logger: Logger;
  batchSize?: number;
  pollIntervalMs?: number;
  publishTimeoutMs?: number;
  /** Wake on NOTIFY from committing transactions; without it the relay only polls. */
  listen?: boolean;
  /** Vacuum the outbox after this many published events (0: never; default OUTBOX_VACUUM_EVERY). */
  vacuumEvery?: number;
}

/**
 * Published events between two vacuums of the outbox. Each published row leaves a dead entry in
 * the unpublished index that the relay's "oldest unpublished" scan walks over until a vacuum
 * removes it: at 150,000 published events that scan took 20–40 ms, on every wake. Autovacuum,
 * where it runs at all, waits for a fifth of the table to be dead, so the walk would still grow
 * with the outbox's history; vacuuming every 10,000 keeps it to a few dozen index pages.
 */
export const OUTBOX_VACUUM_EVERY = 10_000;

/** What a relay has done since this process started it (metrics.ts). */
export interface RelayStats {
  /** Events JetStream acknowledged and the relay marked published. */
  published: number;
  /** Publishes that failed (timeout, NATS away, refused); the event stays in the outbox. */
  failedPublishes: number;
}

/**
 * Publishes outbox rows to JetStream in commit order and marks them sent only after JetStream
 * acknowledged them. `Nats-Msg-Id` is the event id, so a row republished after a crash between
 * ack and update is dropped by the stream's duplicate window rather than stored twice.
 */
export class OutboxRelay {
  private readonly options: Required<RelayOptions>;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private pendingWake = false;
  private unlisten: (() => Promise<void>) | null = null;
  private publishedSinceVacuum = 0;
  private readonly counts: RelayStats = { published: 0, failedPublishes: 0 };

  constructor(options: RelayOptions) {
    this.options = { batchSize: 100, pollIntervalMs: 1000, publishTimeoutMs: 5000, listen: true, vacuumEvery: OUTBOX_VACUUM_EVERY, ...options };
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    if (this.options.listen) {
      const listener = await this.options.sql.listen(OUTBOX_CHANNEL, () => this.poke());
      this.unlisten = listener.unlisten;
    }
    this.loop = this.run();
  }

  /** Stops after the batch in flight; unpublished rows stay for the next start. */
  async stop(): Promise<void> {
    this.running = false;
    this.poke();
    await this.loop;
    await this.unlisten?.().catch(() => {});
  }

  stats(): RelayStats {
    return { ...this.counts };
  }

  /** Publishes until the outbox is empty once; used by tests and by the loop. */
  async drainOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.publishBatch();
      total += published;
      this.publishedSinceVacuum += published;
      // Also in the middle of a backlog: every batch's scan starts at the oldest dead entry.
      if (this.options.vacuumEvery > 0 && this.publishedSinceVacuum >= this.options.vacuumEvery) await this.vacuum();
      if (published < this.options.batchSize) return total;
    }
  }

  /**
   * Removes the dead rows the published events left behind (OUTBOX_VACUUM_EVERY). SKIP_LOCKED: a
   * vacuum already running (another replica's, autovacuum's) does the same work, so this one
   * returns at once instead of holding up publishing. A failure only delays the next one.
   */
  private async vacuum(): Promise<void> {
    this.publishedSinceVacuum = 0;
    try {
      await this.options.sql.unsafe('vacuum (skip_locked) outbox');
    } catch (error) {
      this.options.logger.warn({ err: error }, 'could not vacuum the outbox; its unpublished index keeps its dead entries until the next try');
    }
  }

  private poke(): void {
    this.pendingWake = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    let backoff = 0;
    while (this.running) {
      try {
        this.pendingWake = false;
        await this.drainOnce();
        backoff = 0;
      } catch (error) {
        backoff = Math.min(backoff === 0 ? 200 : backoff * 2, 10_000);
        this.options.logger.warn({ err: error, retryInMs: backoff }, 'outbox relay could not publish; events stay in the outbox');
      }
      if (!this.running) break;
      if (this.pendingWake && backoff === 0) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, backoff || this.options.pollIntervalMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  private async publishBatch(): Promise<number> {
    const { sql, js, prefix, batchSize, publishTimeoutMs } = this.options;
    let failure: unknown = null;
    const published = await sql.begin(async (tx) => {
      // One relay per database at a time keeps commit order even with several replicas running.
      const [lock] = await tx`select pg_try_advisory_xact_lock(hashtext('sanshe_outbox_relay')) as acquired`;
      if (!lock?.acquired) return 0;
      const rows = await tx<{ id: string; subject: string; envelope: unknown }[]>`
        select id, subject, envelope from outbox
        where published_at is null
        order by position
        limit ${batchSize}
        for update`;
      const sent: string[] = [];
      for (const row of rows) {
        try {
          await js.publish(`${prefix}.${row.subject}`, JSON.stringify(row.envelope), {
            msgID: row.id,
            timeout: publishTimeoutMs,
          });
        } catch (error) {
          // Stop at the first failure so later events never overtake it.
          failure = error;
          this.counts.failedPublishes += 1;
          await tx`update outbox set attempts = attempts + 1, last_error = ${String(error)} where id = ${row.id}`;
          break;
        }
        sent.push(row.id);
      }
      if (sent.length > 0) await tx`update outbox set published_at = now() where id = any(${sent}::uuid[])`;
      return sent.length;
    });
    this.counts.published += published;
    if (failure !== null && published === 0) throw failure;
    return failure === null ? published : 0;
  }
}
