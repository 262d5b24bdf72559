/**
 * Dead letters of the platform's own consumers, against real PostgreSQL and the shared NATS: an
 * event whose handler keeps failing, and one that breaks its contract, are moved to the
 * dead-letter stream with their reason instead of blocking the producer's events or being dropped;
 * re-driving applies them once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AckPolicy } from '@nats-io/jetstream';
import { selfGovernance } from '@sanshe/events';
import { createTestBus, eventually } from '@sanshe/testing';
import { durableName, listDeadLetters, redriveDeadLetter, type ConsumerSpec } from '../../src/index.ts';
import { jetstream } from '@nats-io/jetstream';
import { regionEvent as region, startProbeConsumer, type ProbeConsumer } from './probe-consumer.ts';

const bus = createTestBus();
let probe: ProbeConsumer;
const applied: string[] = [];
const failing = new Set<string>();
const SERVICE = 'dlq-probe';
const durable = durableName(SERVICE, 'self-governance');

beforeAll(async () => {
  probe = await startProbeConsumer(bus, {
    service: SERVICE,
    specs: [
      {
        contract: selfGovernance.regionRegistered,
        handle: async (_tx, event) => {
          const code = (event.data as { code: string }).code;
          if (failing.has(code)) throw new Error(`cannot apply ${code}`);
          applied.push(code);
        },
      } as ConsumerSpec,
    ],
    maxDeliver: 3,
    // A consumer created before dead letters existed, with JetStream's own give-up limit.
    prepare: async ({ jsm, stream }) => {
      await jsm.consumers.add(stream, { durable_name: durable, ack_policy: AckPolicy.Explicit, filter_subject: `${bus.prefix}.self-governance.>`, max_deliver: 20, max_ack_pending: 1 });
    },
  });
});

afterAll(async () => {
  await probe?.close();
});

describe('dead letters of the platform consumers', () => {
  const ok1 = region('150204004001');
  const bad = region('150204004002');
  const ok2 = region('150204004003');

  it('lifts the server-side max_deliver of an existing consumer, so JetStream never drops an event by itself', async () => {
    expect((await probe.jsm.consumers.info(probe.stream, durable)).config.max_deliver).toBe(-1);
  });

  it('moves an event whose handler keeps failing, and one that breaks its contract, to the dead letters; later events still apply', async () => {
    failing.add('150204004002');
    await probe.publish(ok1);
    await probe.publish(bad);
    await probe.publishRaw({ specversion: '1.0', id: 'nope' });
    await probe.publish(ok2);
    await eventually(async () => applied.length === 2);
    expect(applied).toEqual(['150204004001', '150204004003']);
    const letters = await eventually(async () => {
      const list = await listDeadLetters(probe.nc, probe.jsm, bus.prefix, { consumer: durable });
      return list.length === 2 ? list : undefined;
    });
    expect(letters[0]).toMatchObject({
      consumer: durable,
      eventId: bad.id,
      eventType: selfGovernance.regionRegistered.type,
      originalSubject: `${bus.prefix}.self-governance.region.registered.v1`,
      originalStream: probe.stream,
      originalSequence: 2,
      originalMsgId: bad.id,
      attempts: 3,
      reason: expect.stringMatching(/handler failed 3 times: cannot apply 150204004002/),
    });
    expect(JSON.parse(new TextDecoder().decode(letters[0]!.data))).toEqual(bad); // the original bytes
    expect(letters[1]).toMatchObject({ originalSequence: 3, attempts: 1, reason: expect.stringMatching(/^contract violation/) });
    const info = await probe.jsm.consumers.info(probe.stream, durable);
    expect(info.num_pending + info.num_ack_pending).toBe(0);
  });

  it('re-drives a dead letter past the duplicate window with a new message id; applied once, whatever comes again', async () => {
    failing.clear();
    const [letter] = await listDeadLetters(probe.nc, probe.jsm, bus.prefix, { consumer: durable });
    const result = await redriveDeadLetter(jetstream(probe.nc), probe.jsm, bus.prefix, letter!.seq);
    expect(result.eventId).toBe(bad.id);
    await eventually(async () => applied.includes('150204004002'));
    // The same CloudEvent once more (a second re-drive, a relay republish after the window): no effect.
    await probe.publish(bad, `again-${bad.id}`);
    await probe.publish(region('150204004004'));
    await eventually(async () => applied.includes('150204004004'));
    expect(applied.filter((c) => c === '150204004002')).toHaveLength(1);
    const rows = await probe.handle.sql`select count(*)::int as n from inbox where consumer = ${durable} and event_id = ${bad.id}`;
    expect(rows[0]!.n).toBe(1);
    expect((await listDeadLetters(probe.nc, probe.jsm, bus.prefix, { consumer: durable })).map((l) => l.reason)).toEqual([expect.stringMatching(/^contract violation/)]);
  });
});
