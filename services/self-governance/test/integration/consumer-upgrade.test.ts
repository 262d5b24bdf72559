/**
 * Upgrading a deployment whose self-governance applied social work's case events on its ordered
 * consumer (`self-governance__social-work`, as releases before the case events' own consumers
 * did): the case openings' and closings' durables take over just past what that consumer had
 * acknowledged — history is not delivered again — and it is deleted. Real PostgreSQL, shared NATS.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCloudEvent, socialWork } from '@sanshe/events';
import { durableName, ensureStream, getJetStreamManager, independentDurableName } from '@sanshe/service-kit';
import { testSubgraphs } from '@sanshe/testing';
import { publishRaw, waitForConsumer } from '../../../organizations/test/factories/replicas.ts';
import { selfGovernanceSubgraph } from '../../src/app.ts';
import { COMMUNITY, ok, reportNeed, type SelfGovernance } from '../factories/self-governance.ts';
import { registerRegions } from '../factories/regions.ts';

const retired = durableName('self-governance', 'social-work');
const openedDurable = independentDurableName('self-governance', socialWork.serviceCaseOpened);
const closedDurable = independentDurableName('self-governance', socialWork.serviceCaseClosed);

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let jsm: Awaited<ReturnType<typeof getJetStreamManager>>;
let service: SelfGovernance;

const caseOpened = (needId: string, caseId: string) =>
  createCloudEvent(socialWork.serviceCaseOpened, { caseId, needId, communityCode: COMMUNITY, socialWorkerId: randomUUID(), organizationId: null }, { subject: needId });
const caseClosed = (needId: string, caseId: string) =>
  createCloudEvent(
    socialWork.serviceCaseClosed,
    { caseId, needId, communityCode: COMMUNITY, resolved: true, serviceCount: 2, closedAt: '2024-06-01T10:00:00+08:00' },
    { subject: needId },
  );

beforeAll(async () => {
  jsm = await getJetStreamManager(await bus.connection());
  const stream = await ensureStream(jsm, bus.prefix);
  // What the earlier release left: case events its ordered consumer applied and acknowledged.
  const [history, historyCase] = [randomUUID(), randomUUID()];
  await publishRaw(bus, socialWork.serviceCaseOpened, caseOpened(history, historyCase));
  await publishRaw(bus, socialWork.serviceCaseClosed, caseClosed(history, historyCase));
  await jsm.consumers.add(stream, { durable_name: retired, ack_policy: 'explicit', filter_subject: `${bus.prefix}.social-work.>`, max_ack_pending: 1, max_deliver: -1 });
  const consumer = await jsm.jetstream().consumers.get(stream, retired);
  for (let i = 0; i < 2; i += 1) await (await consumer.next({ expires: 5000 }))!.ackAck();

  service = await subgraphs.start('self-governance', selfGovernanceSubgraph);
  await registerRegions(service);
  await service.eventsReady;
});

describe('self-governance upgraded from one ordered consumer of social work', () => {
  it('starts the case events’ own consumers past what the retired one acknowledged, and deletes it', async () => {
    for (const durable of [openedDurable, closedDurable]) {
      expect((await jsm.consumers.info(bus.stream, durable)).config).toMatchObject({ deliver_policy: 'by_start_sequence', opt_start_seq: 3 });
    }
    await expect(jsm.consumers.info(bus.stream, retired)).rejects.toThrow();
  });

  it('applies the case events published since, and none from before', async () => {
    const [needId, caseId] = [await reportNeed(service), randomUUID()];
    const opened = await publishRaw(bus, socialWork.serviceCaseOpened, caseOpened(needId, caseId));
    await waitForConsumer(bus, 'self-governance', socialWork.serviceCaseOpened, opened.seq, openedDurable);
    const closed = await publishRaw(bus, socialWork.serviceCaseClosed, caseClosed(needId, caseId));
    await waitForConsumer(bus, 'self-governance', socialWork.serviceCaseClosed, closed.seq, closedDurable);
    const data = await ok(service, `{ need(id: "${needId}") { status } }`);
    expect(data.need.status).toBe('FULFILLED');
    const claimed = await service.database.sql<{ consumer: string; n: number }[]>`
      select consumer, count(*)::int as n from inbox where consumer in (${openedDurable}, ${closedDurable}) group by consumer order by consumer`;
    // One claim each: the two events from before the upgrade were never delivered again.
    expect(Object.fromEntries(claimed.map((row) => [row.consumer, row.n]))).toEqual({ [openedDurable]: 1, [closedDurable]: 1 });
  });
});
