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

  constructor(options: RelayOptions) {
    this.options = { batchSize: 100, pollIntervalMs: 1000, publishTimeoutMs: 5000, listen: true, ...options };
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

  /** Publishes until the outbox is empty once; used by tests and by the loop. */
  async drainOnce(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.publishBatch();
      total += published;
      if (published < this.options.batchSize) return total;
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
          await tx`update outbox set attempts = attempts + 1, last_error = ${String(error)} where id = ${row.id}`;
          break;
        }
        sent.push(row.id);
      }
      if (sent.length > 0) await tx`update outbox set published_at = now() where id = any(${sent}::uuid[])`;
      return sent.length;
    });
    if (failure !== null && published === 0) throw failure;
    return failure === null ? published : 0;
  }
}
