// Replay: point a partner's consumer back at a time or a stream sequence.
//
// JetStream cannot move an existing consumer's start (deliver_policy is fixed at creation), so a
// replay deletes the durable and creates it again with the same name and filters and
// `deliver_policy: by_start_time` / `by_start_sequence`. The name is what the partner's account
// imports, so its permissions keep working; its SDK resumes on its own (it re-checks the consumer
// when a pull fails). Deliveries not yet acknowledged at that moment come again, as do all events
// since the point: partners dedupe on the CloudEvent `id`.
import { DeliverPolicy, type ConsumerInfo, type JetStreamManager } from '@nats-io/jetstream';
import { partnerConsumerConfig } from './provision.ts';
import type { Partner } from './registry.ts';

export type ReplayFrom = { since: Date } | { seq: number };

export function parseReplayFrom(input: { since?: unknown; seq?: unknown }): ReplayFrom {
  if (input.since !== undefined && input.seq !== undefined) throw new Error('give either since or seq, not both');
  if (typeof input.since === 'string') {
    const since = new Date(input.since);
    if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(input.since) || Number.isNaN(since.getTime())) {
      throw new Error(`since must be an ISO 8601 time (2026-05-01T08:00:00+08:00), got ${JSON.stringify(input.since)}`);
    }
    if (since.getTime() > Date.now() + 60_000) throw new Error('since is in the future');
    return { since };
  }
  if (input.seq !== undefined) {
    const seq = typeof input.seq === 'string' ? Number(input.seq) : input.seq;
    if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 1) throw new Error(`seq must be a positive integer, got ${JSON.stringify(input.seq)}`);
    return { seq };
  }
  throw new Error('give since (an ISO time) or seq (a stream sequence)');
}

export interface ReplayResult {
  partner: string;
  durable: string;
  from: string;
  /** Events the consumer will deliver from the new start. */
  pending: number;
}

export async function replayPartner(jsm: JetStreamManager, partner: Partner, options: { prefix: string; stream: string; from: ReplayFrom }): Promise<ReplayResult> {
  const config = partnerConsumerConfig(partner, options.prefix);
  const existing: ConsumerInfo | null = await jsm.consumers.info(options.stream, config.durable_name).catch(() => null);
  // Keep what provisioning set (it may be newer than this process's registry), change only the start.
  const base = existing ? { ...existing.config } : { ...config };
  delete (base as { opt_start_seq?: number }).opt_start_seq;
  delete (base as { opt_start_time?: string }).opt_start_time;
  const start =
    'since' in options.from
      ? { deliver_policy: DeliverPolicy.StartTime, opt_start_time: options.from.since.toISOString() }
      : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: options.from.seq };
  if (existing) await jsm.consumers.delete(options.stream, config.durable_name);
  const created = await jsm.consumers.add(options.stream, { ...base, ...start, durable_name: config.durable_name });
  return {
    partner: partner.id,
    durable: config.durable_name,
    from: 'since' in options.from ? options.from.since.toISOString() : `sequence ${options.from.seq}`,
    pending: created.num_pending,
  };
}
