// The partner control plane, a small admin-side process (`pnpm partners server` runs it):
//
// 1. Self-service replay. A partner publishes `{ "since": "<ISO time>" }` or `{ "seq": n }` to
//    `<prefix>-partners.<its id>.replay` — the only control subject its account imports, so the id
//    in the subject IS the authenticated partner. The control plane checks the registry
//    (`replay.selfService`), a minimum interval between replays, and the input; resets that
//    partner's consumer (replay.ts); and answers `{ ok, from, pending }` or `{ ok: false, error }`.
//
// 2. Dead letters for partner consumers. A partner's credentials cannot publish to the dead-letter
//    stream, so when JetStream gives up on a delivery (MAX_DELIVERIES: not acked `maxDeliver`
//    times) or the partner terminates one (MSG_TERMINATED: e.g. the SDK found it breaks its
//    contract), the advisory is kept in the advisory stream (provision.ts) and moved here: the
//    original message is read by sequence and written to the dead letters with the reason.
import { AckPolicy, DeliverPolicy, type ConsumerMessages, type JetStreamClient, type JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { publishDeadLetter } from '@sanshe/service-kit';
import { advisoryStreamName } from './provision.ts';
import { partnerByDurable, type Registry } from './registry.ts';
import { parseReplayFrom, replayPartner, type ReplayResult } from './replay.ts';

export interface ControlPlaneOptions {
  nc: NatsConnection;
  jsm: JetStreamManager;
  js: JetStreamClient;
  /** Read on every request, so a registry change applies without a restart. */
  registry: () => Registry;
  prefix: string;
  stream: string;
  log?: (entry: Record<string, unknown>) => void;
}

export interface RunningControlPlane {
  stop(): Promise<void>;
  /** Dead letters written so far by this process (tests). */
  movedToDeadLetters(): number;
}

export type ReplayReply = ({ ok: true } & ReplayResult) | { ok: false; error: string };

interface Advisory {
  type?: string;
  stream?: string;
  consumer?: string;
  stream_seq?: number;
  deliveries?: number;
  reason?: string;
}

export const DEAD_LETTER_MOVER = 'dead-letter-mover';

export async function startControlPlane(options: ControlPlaneOptions): Promise<RunningControlPlane> {
  const { nc, jsm, js, prefix, stream } = options;
  const log = options.log ?? ((entry) => console.log(JSON.stringify({ time: new Date().toISOString(), component: 'partner-control-plane', ...entry })));
  const lastReplay = new Map<string, number>();
  let moved = 0;

  // --- 1. replay requests ----------------------------------------------------------------
  const replaySub: Subscription = nc.subscribe(`${prefix}-partners.*.replay`, {
    queue: 'partner-control-plane',
    callback: (error, msg) => {
      if (error) return;
      const partnerId = msg.subject.split('.')[1] ?? '';
      void (async (): Promise<ReplayReply> => {
        const partner = options.registry().partners.find((p) => p.id === partnerId);
        if (!partner) return { ok: false, error: `unknown partner ${partnerId}` };
        if (!partner.replay.selfService) return { ok: false, error: 'self-service replay is not enabled for this partner; ask the platform administrator' };
        const previous = lastReplay.get(partner.id) ?? 0;
        const wait = previous + partner.replay.minIntervalSeconds * 1000 - Date.now();
        if (wait > 0) return { ok: false, error: `one replay per ${partner.replay.minIntervalSeconds} s: try again in ${Math.ceil(wait / 1000)} s` };
        let body: { since?: unknown; seq?: unknown };
        try {
          body = msg.data.length > 0 ? (JSON.parse(msg.string()) as typeof body) : {};
        } catch {
          return { ok: false, error: 'the request body must be JSON: {"since":"<ISO time>"} or {"seq":<n>}' };
        }
        let from;
        try {
          from = parseReplayFrom({ since: body.since, seq: body.seq });
        } catch (e) {
          return { ok: false, error: (e as Error).message };
        }
        lastReplay.set(partner.id, Date.now());
        const result = await replayPartner(jsm, partner, { prefix, stream, from });
        return { ok: true, ...result };
      })()
        .catch((e: unknown): ReplayReply => ({ ok: false, error: `replay failed: ${(e as Error).message}` }))
        .then((reply) => {
          log({ event: 'replay-request', partner: partnerId, ...reply });
          msg.respond(JSON.stringify(reply));
        });
    },
  });

  // --- 2. advisories → dead letters -------------------------------------------------------
  const advisories = advisoryStreamName(prefix);
  try {
    await jsm.consumers.info(advisories, DEAD_LETTER_MOVER);
  } catch {
    await jsm.consumers.add(advisories, {
      durable_name: DEAD_LETTER_MOVER,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      max_ack_pending: 1,
      ack_wait: 30_000_000_000,
    });
  }
  const mover = await js.consumers.get(advisories, DEAD_LETTER_MOVER);
  let messages: ConsumerMessages | null = await mover.consume({ max_messages: 16, expires: 5000 });
  const loop = (async () => {
    for await (const msg of messages!) {
      let advisory: Advisory;
      try {
        advisory = msg.json<Advisory>();
      } catch {
        msg.term('not an advisory');
        continue;
      }
      const partner = advisory.consumer ? partnerByDurable(options.registry(), advisory.consumer) : undefined;
      if (!partner || advisory.stream !== stream || !advisory.stream_seq) {
        msg.ack(); // the platform's own consumers write their dead letters themselves
        continue;
      }
      const terminated = advisory.type?.endsWith('.terminated') ?? msg.subject.includes('.MSG_TERMINATED.');
      const reason = terminated
        ? `terminated by the partner${advisory.reason ? `: ${advisory.reason}` : ''}`
        : `max deliveries: not acknowledged after ${advisory.deliveries ?? '?'} deliveries`;
      try {
        const original = await jsm.streams.getMessage(stream, { seq: advisory.stream_seq }).catch(() => null);
        await publishDeadLetter(js, jsm, {
          prefix,
          consumer: advisory.consumer!,
          stream,
          streamSequence: advisory.stream_seq,
          subject: original?.subject ?? `${prefix}.unknown`,
          data: original?.data ?? new Uint8Array(),
          headers: original?.header,
          reason: original ? reason : `${reason} (the message is no longer in the stream)`,
          attempts: advisory.deliveries ?? 0,
        });
        moved += 1;
        log({ event: 'dead-letter', partner: partner.id, seq: advisory.stream_seq, reason });
        msg.ack();
      } catch (error) {
        log({ event: 'dead-letter-failed', partner: partner.id, seq: advisory.stream_seq, error: String(error) });
        msg.nak(5000);
      }
    }
  })();

  return {
    movedToDeadLetters: () => moved,
    async stop() {
      replaySub.unsubscribe();
      const m = messages;
      messages = null;
      m?.stop();
      await loop.catch(() => {});
    },
  };
}
