import {
  DeliverPolicy,
  DiscardPolicy,
  RetentionPolicy,
  StorageType,
  jetstream,
  type JetStreamClient,
  type JetStreamManager,
} from '@nats-io/jetstream';
import { headers as natsHeaders, nanos, type MsgHdrs, type NatsConnection } from '@nats-io/transport-node';

/**
 * Dead letters: events a consumer gave up on, kept with the reason instead of being dropped.
 *
 *   stream   <PREFIX>_DEAD_LETTERS                     SANSHE_DEAD_LETTERS
 *   subject  <prefix>-dlq.<consumer>.<event subject>   sanshe-dlq.organizations__self-governance.self-governance.region.registered.v1
 *   body     the original message, byte for byte (the CloudEvent as it was published)
 *   headers  Sanshe-Original-* (subject, stream, sequence, Nats-Msg-Id), Sanshe-Consumer, Sanshe-Reason,
 *            Sanshe-Attempts, Sanshe-Failed-At, Sanshe-Event-Id, Sanshe-Event-Type
 *
 * Who writes them: the platform's own consumers (inbox/consumer.ts) when a handler failed
 * `maxDeliver` times or an event breaks its contract; for partner consumers, the partner control
 * plane, from JetStream's MAX_DELIVERIES and MSG_TERMINATED advisories (a partner's credentials
 * cannot publish here).
 *
 * Re-drive publishes the original bytes again to the original subject with a NEW `Nats-Msg-Id`
 * (`redrive:<dead-letter stream>:<dead-letter seq>`): republishing under the original id would be
 * dropped by the events stream's duplicate window (two minutes) — or, worse, only sometimes. The
 * CloudEvent `id` stays the same, so every consumer that applied the event already skips it (the
 * platform's inbox; partners dedupe on `id`). The dead letter is deleted once the re-published
 * message is stored; a crash in between re-drives it again, which the same `id` makes harmless.
 */
export const DLQ_HEADER = {
  originalSubject: 'Sanshe-Original-Subject',
  originalStream: 'Sanshe-Original-Stream',
  originalSequence: 'Sanshe-Original-Sequence',
  originalMsgId: 'Sanshe-Original-Msg-Id',
  consumer: 'Sanshe-Consumer',
  reason: 'Sanshe-Reason',
  attempts: 'Sanshe-Attempts',
  failedAt: 'Sanshe-Failed-At',
  eventId: 'Sanshe-Event-Id',
  eventType: 'Sanshe-Event-Type',
  redrivenFrom: 'Sanshe-Redriven-From',
} as const;

export function deadLetterStreamName(prefix: string): string {
  return `${prefix.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_DEAD_LETTERS`;
}

export function deadLetterSubjectRoot(prefix: string): string {
  return `${prefix}-dlq`;
}

function withoutPrefix(prefix: string, subject: string): string {
  return subject.startsWith(`${prefix}.`) ? subject.slice(prefix.length + 1) : subject;
}

export function deadLetterSubject(prefix: string, consumer: string, originalSubject: string): string {
  return `${deadLetterSubjectRoot(prefix)}.${consumer}.${withoutPrefix(prefix, originalSubject)}`;
}

/** Header values are one line: no CR/LF, bounded length. */
function headerValue(value: string, max = 1000): string {
  const line = value.replace(/[\r\n]+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line || '-';
}

const ensured = new WeakMap<JetStreamManager, Set<string>>();

/**
 * The dead-letter stream: file storage, kept 90 days, a duplicate window so that a dead letter
 * written twice (crash between writing it and terminating the original) is stored once.
 */
export async function ensureDeadLetterStream(jsm: JetStreamManager, prefix: string): Promise<string> {
  const name = deadLetterStreamName(prefix);
  const done = ensured.get(jsm) ?? new Set<string>();
  ensured.set(jsm, done);
  if (done.has(name)) return name;
  try {
    await jsm.streams.info(name);
  } catch {
    try {
      await jsm.streams.add({
        name,
        subjects: [`${deadLetterSubjectRoot(prefix)}.>`],
        storage: StorageType.File,
        retention: RetentionPolicy.Limits,
        discard: DiscardPolicy.Old,
        max_age: nanos(90 * 24 * 3600 * 1000),
        duplicate_window: nanos(120_000),
        num_replicas: 1,
      });
    } catch (error) {
      await jsm.streams.info(name).catch(() => {
        throw error;
      });
    }
  }
  done.add(name);
  return name;
}

export interface DeadLetterInput {
  prefix: string;
  /** The durable that gave up. */
  consumer: string;
  /** Stream and sequence of the original message. */
  stream: string;
  streamSequence: number;
  /** The subject the event was published on (with the prefix). */
  subject: string;
  /** The original message body. */
  data: Uint8Array;
  /** The original headers (for its Nats-Msg-Id). */
  headers?: MsgHdrs | undefined;
  reason: string;
  attempts: number;
}

function eventFacts(data: Uint8Array): { id?: string; type?: string } {
  try {
    const parsed = JSON.parse(new TextDecoder().decode(data)) as { id?: unknown; type?: unknown };
    return {
      id: typeof parsed.id === 'string' ? parsed.id : undefined,
      type: typeof parsed.type === 'string' ? parsed.type : undefined,
    };
  } catch {
    return {};
  }
}

/**
 * Stores a dead letter and resolves once JetStream acknowledged it. Idempotent per
 * (consumer, original sequence) within the duplicate window.
 */
export async function publishDeadLetter(js: JetStreamClient, jsm: JetStreamManager, input: DeadLetterInput): Promise<{ seq: number; duplicate: boolean }> {
  await ensureDeadLetterStream(jsm, input.prefix);
  const h = natsHeaders();
  h.set(DLQ_HEADER.originalSubject, input.subject);
  h.set(DLQ_HEADER.originalStream, input.stream);
  h.set(DLQ_HEADER.originalSequence, String(input.streamSequence));
  const msgId = input.headers?.get('Nats-Msg-Id');
  if (msgId) h.set(DLQ_HEADER.originalMsgId, headerValue(msgId));
  h.set(DLQ_HEADER.consumer, input.consumer);
  h.set(DLQ_HEADER.reason, headerValue(input.reason));
  h.set(DLQ_HEADER.attempts, String(input.attempts));
  h.set(DLQ_HEADER.failedAt, new Date().toISOString());
  const facts = eventFacts(input.data);
  if (facts.id) h.set(DLQ_HEADER.eventId, headerValue(facts.id, 200));
  if (facts.type) h.set(DLQ_HEADER.eventType, headerValue(facts.type, 200));
  const ack = await js.publish(deadLetterSubject(input.prefix, input.consumer, input.subject), input.data, {
    headers: h,
    msgID: `dlq:${input.stream}:${input.consumer}:${input.streamSequence}`,
    timeout: 5000,
  });
  return { seq: ack.seq, duplicate: ack.duplicate };
}

export interface DeadLetter {
  /** Sequence in the dead-letter stream: what `redrive` takes. */
  seq: number;
  storedAt: string;
  consumer: string;
  originalSubject: string;
  originalStream: string;
  originalSequence: number;
  originalMsgId: string | null;
  reason: string;
  attempts: number;
  failedAt: string;
  eventId: string | null;
  eventType: string | null;
  data: Uint8Array;
}

function toDeadLetter(seq: number, storedAt: string, h: MsgHdrs | undefined, data: Uint8Array): DeadLetter {
  const get = (key: string) => h?.get(key) || null;
  return {
    seq,
    storedAt,
    consumer: get(DLQ_HEADER.consumer) ?? '?',
    originalSubject: get(DLQ_HEADER.originalSubject) ?? '?',
    originalStream: get(DLQ_HEADER.originalStream) ?? '?',
    originalSequence: Number(get(DLQ_HEADER.originalSequence) ?? 0),
    originalMsgId: get(DLQ_HEADER.originalMsgId),
    reason: get(DLQ_HEADER.reason) ?? '?',
    attempts: Number(get(DLQ_HEADER.attempts) ?? 0),
    failedAt: get(DLQ_HEADER.failedAt) ?? storedAt,
    eventId: get(DLQ_HEADER.eventId),
    eventType: get(DLQ_HEADER.eventType),
    data,
  };
}

/** Dead letters in stream order, optionally of one consumer. Reads with a throwaway ordered consumer. */
export async function listDeadLetters(
  nc: NatsConnection,
  jsm: JetStreamManager,
  prefix: string,
  options: { consumer?: string; limit?: number } = {},
): Promise<DeadLetter[]> {
  const stream = await ensureDeadLetterStream(jsm, prefix);
  const filter = options.consumer ? `${deadLetterSubjectRoot(prefix)}.${options.consumer}.>` : `${deadLetterSubjectRoot(prefix)}.>`;
  const limit = options.limit ?? 10_000;
  const reader = await jetstream(nc).consumers.get(stream, { filter_subjects: filter, deliver_policy: DeliverPolicy.All });
  const out: DeadLetter[] = [];
  try {
    for (;;) {
      if (out.length >= limit) break;
      const info = await reader.info();
      if (info.num_pending === 0) break;
      const batch = await reader.fetch({ max_messages: Math.min(info.num_pending, 256, limit - out.length), expires: 2000 });
      let got = 0;
      for await (const m of batch) {
        got += 1;
        out.push(toDeadLetter(m.seq, m.timestamp, m.headers, m.data));
      }
      if (got === 0) break;
    }
  } finally {
    await reader.delete().catch(() => {});
  }
  return out;
}

export interface RedriveResult {
  deadLetterSeq: number;
  subject: string;
  eventId: string | null;
  /** Sequence of the re-published message in the events stream. */
  streamSequence: number;
}

/** Re-publishes one dead letter to its original subject, then deletes it from the dead-letter stream. */
export async function redriveDeadLetter(js: JetStreamClient, jsm: JetStreamManager, prefix: string, seq: number): Promise<RedriveResult> {
  const stream = await ensureDeadLetterStream(jsm, prefix);
  const stored = await jsm.streams.getMessage(stream, { seq });
  if (!stored) throw new Error(`no dead letter with sequence ${seq} in ${stream}`);
  const letter = toDeadLetter(stored.seq, stored.timestamp, stored.header, stored.data);
  if (!letter.originalSubject.startsWith(`${prefix}.`)) {
    throw new Error(`dead letter ${seq} came from ${letter.originalSubject}, outside this deployment's subjects (${prefix}.>)`);
  }
  const h = natsHeaders();
  h.set(DLQ_HEADER.redrivenFrom, `${stream}:${seq}`);
  const ack = await js.publish(letter.originalSubject, letter.data, { headers: h, msgID: `redrive:${stream}:${seq}`, timeout: 5000 });
  await jsm.streams.deleteMessage(stream, seq, false);
  return { deadLetterSeq: seq, subject: letter.originalSubject, eventId: letter.eventId, streamSequence: ack.seq };
}

/** Re-drives every dead letter (of one consumer, if given), oldest first. */
export async function redriveAllDeadLetters(
  nc: NatsConnection,
  jsm: JetStreamManager,
  prefix: string,
  options: { consumer?: string } = {},
): Promise<RedriveResult[]> {
  const js = jetstream(nc);
  const results: RedriveResult[] = [];
  for (const letter of await listDeadLetters(nc, jsm, prefix, options)) results.push(await redriveDeadLetter(js, jsm, prefix, letter.seq));
  return results;
}
