/**
 * Reported needs applied in batches (openCasesForNeeds, the need.reported consumer's
 * handleBatch), against the real database and NATS: a batch matches each need as one event at a
 * time would — each seeing the cases opened before it in the batch — and counts every case once
 * in the statistics rollup; a burst through NATS opens every case, once, in transactions of
 * several (the consumer's batch counts in /metrics).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { selfGovernance } from '@sanshe/events';
import { districtDate, independentDurableName, metricsUrlOf, readMetric, SECRET_HEADER } from '@sanshe/service-kit';
import { inTransaction, testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { socialWorkSubgraph } from '../../src/app.ts';
import { openCasesForNeeds } from '../../src/domain/case-store.ts';
import { publishRaw, waitForConsumer } from '../../../organizations/test/factories/replicas.ts';
import { needEvent } from '../factories/cases.ts';
import { announceRegions } from '../factories/replica-events.ts';
import { registerSocialWorker, type SocialWorkerResult } from '../factories/social-workers.ts';

const C1 = '150204001001';
const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;
let w1: SocialWorkerResult;
let w2: SocialWorkerResult;

beforeAll(async () => {
  // No relay: nothing here reads social work's own events, and a relay woken by each commit would
  // add its statements to the counts the last test compares.
  service = await subgraphs.start('social-work', socialWorkSubgraph, { RELAY_ENABLED: 'false' });
  await announceRegions(bus, service);
  w1 = await registerSocialWorker(service, { name: '王晓燕', communityCode: C1 });
  w2 = await registerSocialWorker(service, { name: '李志强', communityCode: C1 });
});

/** Cases opened today by the rollup, for the community, its street and its district, day and month rows. */
async function rollupCasesOpened(): Promise<Record<string, number>> {
  const day = districtDate(new Date());
  const rows = await service.database.sql<{ region_code: string; grain: string; cases_opened: number }[]>`
    select region_code, grain, cases_opened::int from statistics_rollup
    where region_code in (${C1}, ${C1.slice(0, 9)}, ${C1.slice(0, 6)}) and starts_on in (${day}::date, date_trunc('month', ${day}::date)::date)`;
  return Object.fromEntries(rows.map((r) => [`${r.region_code} ${r.grain}`, r.cases_opened]));
}

const everyRow = (n: number) => ({
  [`${C1} day`]: n,
  [`${C1} month`]: n,
  [`${C1.slice(0, 9)} day`]: n,
  [`${C1.slice(0, 9)} month`]: n,
  [`${C1.slice(0, 6)} day`]: n,
  [`${C1.slice(0, 6)} month`]: n,
});

describe('needs opened as a batch', () => {
  it('matches each need seeing the cases opened before it in the batch, and counts each case once', async () => {
    const needs = Array.from({ length: 4 }, () => needEvent({ communityCode: C1 }));
    const opened = await inTransaction(service.database, (tx) => openCasesForNeeds(tx, needs));
    // Whoever carries less gets the next need: had the batch not seen its own cases, one worker
    // would have taken all four.
    const [first, second] = [opened[0]!.socialWorkerId, opened[1]!.socialWorkerId];
    expect([first, second].sort()).toEqual([w1.id, w2.id].sort());
    expect(opened.map((c) => c.socialWorkerId)).toEqual([first, second, first, second]);
    expect(opened.map((c) => c.needId)).toEqual(needs.map((n) => n.data.needId));
    expect(await rollupCasesOpened()).toEqual(everyRow(4));
    // The same needs again (under the same ids) open nothing and count nothing.
    expect(await inTransaction(service.database, (tx) => openCasesForNeeds(tx, needs))).toEqual([]);
    expect(await rollupCasesOpened()).toEqual(everyRow(4));
  });

  it('opens every case of a burst through NATS once', async () => {
    const needs = Array.from({ length: 80 }, () => needEvent({ communityCode: C1 }));
    const acks = await Promise.all(needs.map((event) => publishRaw(bus, selfGovernance.needReported, event)));
    const last = Math.max(...acks.map((ack) => ack.seq));
    await waitForConsumer(bus, 'social-work', selfGovernance.needReported, last, independentDurableName('social-work', selfGovernance.needReported));
    const ids = needs.map((n) => n.data.needId);
    const [cases] = await service.database.sql<{ n: number; workers: number }[]>`
      select count(*)::int as n, count(distinct social_worker_id)::int as workers from service_cases where need_id in ${service.database.sql(ids)}`;
    expect(cases).toEqual({ n: 80, workers: 2 });
    expect(await rollupCasesOpened()).toEqual(everyRow(84));
    // Load kept even across batches: 42 open cases each.
    const loads = await service.database.sql<{ n: number }[]>`
      select count(*)::int as n from service_cases where status = 'open' group by social_worker_id order by 1`;
    expect(loads.map((l) => l.n)).toEqual([42, 42]);
    // And batches there were: the burst outran the consumer's free slots, so some transactions
    // applied several needs. Applied one at a time, none would be counted.
    const page = await (await fetch(metricsUrlOf(service.url), { headers: { [SECRET_HEADER]: service.secret } })).text();
    const consumer = { consumer: independentDurableName('social-work', selfGovernance.needReported) };
    expect(readMetric(page, 'sanshe_events_applied_total', consumer)).toBe(80);
    const batches = readMetric(page, 'sanshe_event_batches_total', consumer)!;
    const batched = readMetric(page, 'sanshe_events_batched_total', consumer)!;
    expect(batches).toBeGreaterThan(0);
    expect(batched).toBeLessThanOrEqual(80);
  });

  it('sends as many statements for 30 needs as for 3', async () => {
    // The least of three tries: the pool's counter counts every statement of the service's pool.
    const statementsFor = async (n: number) => {
      let least = Number.POSITIVE_INFINITY;
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const needs = Array.from({ length: n }, () => needEvent({ communityCode: C1 }));
        const before = service.database.statementCount();
        const opened = await inTransaction(service.database, (tx) => openCasesForNeeds(tx, needs));
        least = Math.min(least, service.database.statementCount() - before);
        expect(opened).toHaveLength(n);
      }
      return least;
    };
    expect(await statementsFor(30)).toBe(await statementsFor(3));
  });
});
