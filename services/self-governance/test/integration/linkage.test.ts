import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { testSubgraphs } from '@sanshe/testing';
import { createCloudEvent, selfGovernance as contracts, socialWork, type EventContract } from '@sanshe/events';
import { independentDurableName } from '@sanshe/service-kit';
import { publishRaw, waitForConsumer } from '../../../organizations/test/factories/replicas.ts';
import { COMMUNITY, OTHER_COMMUNITY, ok, postWish, reportNeed, startSelfGovernance, type SelfGovernance } from '../factories/self-governance.ts';

/**
 * 社区发现需求 → social work opens a case → the case closes → the need (and micro-wish) is
 * fulfilled. Social work is played by hand-made CloudEvents published onto this file's bus.
 */
const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: SelfGovernance;

beforeAll(async () => {
  service = await startSelfGovernance(subgraphs);
  await service.eventsReady;
});

async function publish(contract: EventContract, data: Record<string, unknown>, options: { id?: string; msgId?: string } = {}) {
  const event = createCloudEvent(contract, data as never, { subject: String(data.caseId), id: options.id });
  const ack = await publishRaw(bus, contract, event, options.msgId);
  await waitForConsumer(bus, 'self-governance', contract, ack.seq, independentDurableName('self-governance', contract));
  return event;
}

const opened = (needId: string, caseId: string, communityCode = COMMUNITY) =>
  publish(socialWork.serviceCaseOpened, { caseId, needId, communityCode, socialWorkerId: randomUUID(), organizationId: null });

const closed = (needId: string, caseId: string, resolved: boolean, options: { id?: string; msgId?: string } = {}) =>
  publish(socialWork.serviceCaseClosed, { caseId, needId, communityCode: COMMUNITY, resolved, serviceCount: 3, closedAt: '2024-06-01T10:00:00+08:00' }, options);

async function need(id: string) {
  const data = await ok(service, `{ need(id: "${id}") { status serviceCaseId serviceStartedAt closedAt microWish { status fulfilledVia fulfilledAt } } }`);
  return data.need;
}

async function outboxFor(type: string, subject: string): Promise<number> {
  const [row] = await service.database.sql`select count(*)::int as n from outbox where type = ${type} and envelope->>'subject' = ${subject}`;
  return row!.n as number;
}

describe('need → service case → fulfilled', () => {
  it('puts a need into service when social work opens its case', async () => {
    const needId = await reportNeed(service);
    const caseId = randomUUID();
    await opened(needId, caseId);
    expect(await need(needId)).toMatchObject({ status: 'IN_SERVICE', serviceCaseId: caseId, serviceStartedAt: expect.any(String) });
    expect(await outboxFor(contracts.needServiceStarted.type, needId)).toBe(1);
  });

  it('fulfils the need when the case closes resolved — once, however often the event is delivered', async () => {
    const needId = await reportNeed(service);
    const caseId = randomUUID();
    await opened(needId, caseId);
    const event = await closed(needId, caseId, true);
    // The same CloudEvent again under a new Nats-Msg-Id: JetStream stores it, the inbox drops it.
    await closed(needId, caseId, true, { id: event.id, msgId: randomUUID() });
    expect(await need(needId)).toMatchObject({ status: 'FULFILLED', serviceCaseId: caseId, closedAt: '2024-06-01T02:00:00.000Z' });
    expect(await outboxFor(contracts.needFulfilled.type, needId)).toBe(1);
    const [inbox] = await service.database.sql`select count(*)::int as n from inbox where event_id = ${event.id}`;
    expect(inbox!.n).toBe(1);
    await service.flushOutbox();
    const fulfilled = (await bus.events(contracts.needFulfilled, await outboxFor(contracts.needFulfilled.type, needId))).filter((e) => e.event.data.needId === needId);
    expect(fulfilled).toHaveLength(1);
    expect(fulfilled[0]!.event.data).toEqual({ needId, communityCode: COMMUNITY, microWishId: null, fulfilledAt: '2024-06-01T02:00:00.000Z' });
  });

  it('closes a need unmet when its case closes unresolved', async () => {
    const needId = await reportNeed(service, { category: 'LEGAL', urgency: 'NORMAL' });
    const caseId = randomUUID();
    await opened(needId, caseId);
    await closed(needId, caseId, false);
    expect(await need(needId)).toMatchObject({ status: 'CLOSED_UNMET', closedAt: expect.any(String) });
    expect(await outboxFor(contracts.needClosedUnmet.type, needId)).toBe(1);
    expect(await outboxFor(contracts.needFulfilled.type, needId)).toBe(0);
  });

  it('fulfils a micro-wish with its need — posted or claimed — when the case closes resolved', async () => {
    const posted = await postWish(service, '想要一台收音机');
    const claimed = await postWish(service, '想学用智能手机');
    await ok(service, `mutation { claimMicroWish(input: { microWishId: "${claimed.wishId}", claimant: { kind: VOLUNTEER, label: "何晓东" } }) { status } }`);
    for (const wish of [posted, claimed]) {
      const caseId = randomUUID();
      await opened(wish.needId, caseId);
      await closed(wish.needId, caseId, true);
      expect(await need(wish.needId)).toMatchObject({
        status: 'FULFILLED',
        microWish: { status: 'FULFILLED', fulfilledVia: 'SERVICE_CASE', fulfilledAt: '2024-06-01T02:00:00.000Z' },
      });
      expect(await outboxFor(contracts.microWishFulfilled.type, wish.wishId)).toBe(1);
    }
    await service.flushOutbox();
    const needFulfilled = await bus.events(contracts.needFulfilled, await service.database.sql`select 1 from outbox where type = ${contracts.needFulfilled.type}`.then((r) => r.length));
    expect(needFulfilled.find((e) => e.event.data.needId === posted.needId)!.event.data.microWishId).toBe(posted.wishId);
  });

  it('ignores closings it cannot apply — unknown needs, other communities, other cases, needs already closed — and keeps consuming', async () => {
    const needId = await reportNeed(service);
    const caseId = randomUUID();
    await opened(needId, randomUUID(), OTHER_COMMUNITY); // wrong community: skipped
    expect((await need(needId)).status).toBe('REPORTED');
    await opened(needId, caseId);
    await closed(randomUUID(), randomUUID(), true); // a need this service never recorded
    await closed(needId, randomUUID(), true); // a different case than the one serving the need
    expect(await need(needId)).toMatchObject({ status: 'IN_SERVICE', serviceCaseId: caseId });
    await opened(needId, randomUUID()); // a second case for a need already in service: no change
    expect((await need(needId)).serviceCaseId).toBe(caseId);
    await closed(needId, caseId, true);
    await closed(needId, caseId, false); // a later, different closing of the same case
    expect((await need(needId)).status).toBe('FULFILLED');
    expect(await outboxFor(contracts.needFulfilled.type, needId)).toBe(1);
    expect(await outboxFor(contracts.needClosedUnmet.type, needId)).toBe(0);
  });

  it('puts a need through service when its closing overtakes its opening; the late opening changes nothing', async () => {
    for (const resolved of [true, false]) {
      const needId = await reportNeed(service);
      const caseId = randomUUID();
      await closed(needId, caseId, resolved);
      const after = await need(needId);
      expect(after).toMatchObject({ status: resolved ? 'FULFILLED' : 'CLOSED_UNMET', serviceCaseId: caseId, serviceStartedAt: expect.any(String) });
      // The same events, in the same order, as when the opening comes first.
      const types = await service.database.sql<{ type: string }[]>`select type from outbox where envelope->>'subject' = ${needId} order by position`;
      expect(types.map((t) => t.type)).toEqual([contracts.needReported.type, contracts.needServiceStarted.type, (resolved ? contracts.needFulfilled : contracts.needClosedUnmet).type]);
      await opened(needId, caseId);
      expect(await need(needId)).toEqual(after);
      expect(await outboxFor(contracts.needServiceStarted.type, needId)).toBe(1);
    }
  });
});

describe('openings and closings of many cases at once', () => {
  it('ends every need where its case left it, whichever of its events came first', async () => {
    const needIds: string[] = [];
    for (let i = 0; i < 40; i += 1) needIds.push(await reportNeed(service));
    const caseOf = new Map(needIds.map((id) => [id, randomUUID()]));
    const sends = needIds.flatMap((needId, i) => {
      const caseId = caseOf.get(needId)!;
      const opening = { contract: socialWork.serviceCaseOpened, data: { caseId, needId, communityCode: COMMUNITY, socialWorkerId: randomUUID(), organizationId: null } };
      const closing = { contract: socialWork.serviceCaseClosed, data: { caseId, needId, communityCode: COMMUNITY, resolved: true, serviceCount: 1, closedAt: '2024-06-01T10:00:00+08:00' } };
      // A third only opened; a third opened then closed; a third closed before it is opened.
      return i % 3 === 0 ? [opening] : i % 3 === 1 ? [opening, closing] : [closing, opening];
    });
    const acks = await Promise.all(
      sends.map(async ({ contract, data }) => ({ contract, ack: await publishRaw(bus, contract, createCloudEvent(contract, data as never, { subject: data.caseId })) })),
    );
    for (const contract of [socialWork.serviceCaseOpened, socialWork.serviceCaseClosed]) {
      const last = Math.max(...acks.filter((a) => a.contract === contract).map((a) => a.ack.seq));
      await waitForConsumer(bus, 'self-governance', contract, last, independentDurableName('self-governance', contract));
    }
    const rows = await service.database.sql<{ id: string; status: string; service_case_id: string; started: boolean }[]>`
      select id, status, service_case_id, service_started_at is not null as started from needs where id in ${service.database.sql(needIds)}`;
    const byId = new Map(rows.map((r) => [r.id, r]));
    needIds.forEach((needId, i) => {
      expect(byId.get(needId)).toEqual({ id: needId, status: i % 3 === 0 ? 'in_service' : 'fulfilled', service_case_id: caseOf.get(needId), started: true });
    });
    const [events] = await service.database.sql<{ started: number; fulfilled: number }[]>`
      select count(*) filter (where type = ${contracts.needServiceStarted.type})::int as started, count(*) filter (where type = ${contracts.needFulfilled.type})::int as fulfilled
      from outbox where envelope->>'subject' in ${service.database.sql(needIds)}`;
    expect(events).toEqual({ started: 40, fulfilled: needIds.filter((_, i) => i % 3 !== 0).length });
  });
});

