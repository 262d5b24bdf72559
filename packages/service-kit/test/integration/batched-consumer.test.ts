/**
 * An independent event type with `handleBatch`, against real PostgreSQL and the shared NATS: a
 * burst is applied several events a transaction, every event exactly once; an event that fails
 * sends its batch back one event at a time, so its neighbours still apply and it alone goes to
 * the dead letters; one that breaks its contract is dead-lettered at once from within a burst;
 * one CloudEvent delivered twice in a burst applies once. The effects are rows
 * written in the consumer's transaction, so a batch rolled back leaves nothing behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfGovernance } from '@sanshe/events';
import { createTestBus, eventually } from '@sanshe/testing';
import { sql } from 'drizzle-orm';
import { independentDurableName, listDeadLetters, MAX_BATCH, type AnyPgTx, type ConsumerSpec } from '../../src/index.ts';
import { regionEvent as region, startProbeConsumer, type ProbeConsumer, type RegionEvent as Region } from './probe-consumer.ts';

const bus = createTestBus();
let probe: ProbeConsumer;
const failing = new Set<string>();
const SERVICE = 'batch-probe';
const durable = independentDurableName(SERVICE, selfGovernance.regionRegistered);
let batchNumber = 0;
/** The first burst's batch counts, which the later tests' counts add to. */
let firstBurst = { batches: 0, batched: 0 };

const codes = (from: number, n: number) => Array.from({ length: n }, (_, i) => `150204${String(from + i).padStart(6, '0')}`);

async function apply(tx: AnyPgTx, events: Region[], batch: number | null) {
  for (const event of events) {
    if (failing.has(event.data.code)) throw new Error(`cannot apply ${event.data.code}`);
    await tx.execute(sql`insert into probe_applied (code, batch, batch_size) values (${event.data.code}, ${batch}, ${events.length})`);
  }
  // Slow enough that a burst piles up behind the two busy slots.
  await tx.execute(sql`select pg_sleep(0.05)`);
}

async function appliedRows(): Promise<{ code: string; batch: number | null; batch_size: number }[]> {
  return probe.handle.sql`select code, batch, batch_size from probe_applied order by code`;
}

/** What the consumer's batch counts should say of these rows: transactions of several, and their events. */
function batchFigures(rows: { batch: number | null; batch_size: number }[]): { batches: number; batched: number } {
  const several = rows.filter((r) => r.batch !== null && r.batch_size > 1);
  return { batches: new Set(several.map((r) => r.batch)).size, batched: several.length };
}

async function caughtUp(): Promise<boolean> {
  const info = await probe.jsm.consumers.info(probe.stream, durable);
  return info.num_pending + info.num_ack_pending === 0;
}

beforeAll(async () => {
  probe = await startProbeConsumer(bus, {
    service: SERVICE,
    independent: { contract: selfGovernance.regionRegistered, concurrency: 2 },
    specs: [
      {
        contract: selfGovernance.regionRegistered,
        concurrency: 2,
        handle: (tx, event) => apply(tx, [event as Region], null),
        handleBatch: (tx, events) => apply(tx, events as Region[], (batchNumber += 1)),
      } as ConsumerSpec,
    ],
    maxDeliver: 2,
    prepare: async ({ handle }) => {
      await handle.sql`create table probe_applied (code text not null, batch int, batch_size int not null)`;
    },
  });
});

afterAll(async () => {
  await probe?.close();
});

describe('an independent event type applied in batches', () => {
  it('applies a burst several events a transaction, each exactly once', async () => {
    const burst = codes(1, 120);
    await Promise.all(burst.map((code) => probe.publish(region(code))));
    const rows = await eventually(async () => {
      const list = await appliedRows();
      return list.length >= burst.length ? list : undefined;
    });
    expect(rows.map((r) => r.code)).toEqual(burst);
    const sizes = rows.map((r) => r.batch_size);
    expect(Math.max(...sizes)).toBeGreaterThan(1);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(MAX_BATCH);
    const [claimed] = await probe.handle.sql<{ n: number }[]>`select count(*)::int as n from inbox where consumer = ${durable}`;
    expect(claimed!.n).toBe(burst.length);
    expect(await caughtUp()).toBe(true);
    firstBurst = batchFigures(rows);
    expect(firstBurst.batches).toBeGreaterThan(0);
    expect(probe.consumer.stats()).toEqual({ applied: burst.length, deadLettered: 0, receiving: true, ...firstBurst });
  });

  it('sends a batch with a failing event back one event at a time: its neighbours apply, it goes to the dead letters', async () => {
    await probe.handle.sql`delete from probe_applied`;
    const burst = codes(200, 60);
    const bad = burst[17]!;
    failing.add(bad);
    await Promise.all(burst.map((code) => probe.publish(region(code))));
    const letters = await eventually(async () => {
      const list = await listDeadLetters(probe.nc, probe.jsm, bus.prefix, { consumer: durable });
      return list.length === 1 ? list : undefined;
    });
    expect(letters[0]).toMatchObject({ attempts: 2, reason: expect.stringMatching(`handler failed 2 times: cannot apply ${bad}`) });
    const rows = await eventually(async () => {
      const list = await appliedRows();
      return list.length >= burst.length - 1 ? list : undefined;
    });
    // Every other event exactly once, whether in a batch or alone; nothing of the failed batches.
    expect(rows.map((r) => r.code)).toEqual(burst.filter((code) => code !== bad));
    expect(rows.some((r) => r.batch === null)).toBe(true); // the failed batch's events, one at a time
    expect(await caughtUp()).toBe(true);
    // Counted once each: the first test's 120, this one's 59 applied, the failing one dead-lettered.
    // Batches count only those that committed: the failed ones' events applied one at a time.
    const these = batchFigures(rows);
    expect(probe.consumer.stats()).toEqual({
      applied: 120 + burst.length - 1,
      deadLettered: 1,
      receiving: true,
      batches: firstBurst.batches + these.batches,
      batched: firstBurst.batched + these.batched,
    });
    failing.clear();
  });

  it('dead-letters an event that breaks its contract from within a burst, and applies the rest', async () => {
    await probe.handle.sql`delete from probe_applied`;
    const before = probe.consumer.stats();
    const burst = codes(300, 30);
    const broken = { ...region('150204000399'), data: { code: 'not a region code' } };
    await Promise.all([...burst.slice(0, 15).map((code) => probe.publish(region(code))), probe.publishRaw(broken), ...burst.slice(15).map((code) => probe.publish(region(code)))]);
    const letters = await eventually(async () => {
      const list = await listDeadLetters(probe.nc, probe.jsm, bus.prefix, { consumer: durable });
      return list.length === 2 ? list : undefined; // the earlier test's one, and this one
    });
    // On its first delivery, without a handler run or a retry: it never could succeed.
    expect(letters.find((letter) => letter.reason.startsWith('contract violation'))).toMatchObject({ attempts: 1 });
    const rows = await eventually(async () => {
      const list = await appliedRows();
      return list.length >= burst.length ? list : undefined;
    });
    expect(rows.map((r) => r.code)).toEqual(burst);
    await eventually(caughtUp);
    expect(probe.consumer.stats()).toMatchObject({ applied: before.applied + burst.length, deadLettered: before.deadLettered + 1 });
  });

  it('applies one CloudEvent once, though delivered twice in one burst', async () => {
    await probe.handle.sql`delete from probe_applied`;
    const twice = region('150204000900');
    const burst = codes(901, 40).map(region);
    // The second copy under another message id, past the duplicate window (a re-drive, a relay
    // republish), right behind the first: mid-burst, both wait for the same batch.
    const sends: [Region, string][] = [...burst.slice(0, 20).map((e) => [e, e.id] as [Region, string]), [twice, twice.id], [twice, `again-${twice.id}`], ...burst.slice(20).map((e) => [e, e.id] as [Region, string])];
    await Promise.all(sends.map(([event, msgId]) => probe.publish(event, msgId)));
    await eventually(async () => (await appliedRows()).length >= 41);
    await eventually(caughtUp);
    const rows = await appliedRows();
    expect(rows.filter((r) => r.code === twice.data.code)).toHaveLength(1);
    expect(rows).toHaveLength(41);
    expect(probe.consumer.stats().applied).toBe(120 + 59 + 30 + 41); // the copy is not counted
  });
});
