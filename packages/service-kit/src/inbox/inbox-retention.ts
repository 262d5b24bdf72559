import type postgres from 'postgres';
import type { Logger } from '../logger.ts';

/** Rows one prune statement deletes at most: no statement holds many row locks or runs long. */
export const INBOX_PRUNE_BATCH = 10_000;

/** How often a service prunes its inbox. */
export const INBOX_PRUNE_EVERY_MS = 60 * 60 * 1000;

/**
 * Deletes the inbox rows of events applied more than `retentionDays` ago, a batch at a time, and
 * says how many. Such an event can never come again: an event is applied after it was published,
 * and the stream forgets it after STREAM_MAX_AGE_DAYS, which the retention exceeds (environment.ts),
 * so no redelivery, handover or rewind can reach it. Without this the inbox — one row per event
 * applied, by every consumer — would only ever grow.
 */
export async function pruneInbox(sql: postgres.Sql, retentionDays: number, batch = INBOX_PRUNE_BATCH): Promise<number> {
  let total = 0;
  for (;;) {
    // By ctid: DELETE has no LIMIT; the BRIN index on processed_at finds the old rows' pages.
    const result = await sql`
      delete from inbox where ctid = any(array(
        select ctid from inbox where processed_at < now() - make_interval(days => ${retentionDays}) limit ${batch}
      ))`;
    total += result.count;
    if (result.count < batch) return total;
  }
}

/**
 * Prunes the inbox a minute after start and then every `everyMs`, in the background; a failed
 * prune is logged and tried again next time. Replicas may prune at once: a row one deletes, the
 * other skips.
 */
export function scheduleInboxPruning(options: { sql: postgres.Sql; retentionDays: number; logger: Logger; everyMs?: number; firstAfterMs?: number }): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  const prune = () => {
    if (running) return;
    running = pruneInbox(options.sql, options.retentionDays)
      .then((deleted) => {
        if (deleted > 0) options.logger.info({ deleted, retentionDays: options.retentionDays }, 'pruned the inbox of events the stream has forgotten');
      })
      .catch((error) => options.logger.warn({ err: error }, 'could not prune the inbox; trying again next time'))
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(prune, options.firstAfterMs ?? 60_000);
  const every = setInterval(prune, options.everyMs ?? INBOX_PRUNE_EVERY_MS);
  first.unref();
  every.unref();
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(every);
      await running;
    },
  };
}
