/**
 * Funding's grant events, published onto the test bus as funding's relay would, and delivered to
 * the organizations service's real consumer over NATS.
 */
import { randomUUID } from 'node:crypto';
import { createCloudEvent, funding, type CloudEvent, type EventContract, type EventData } from '@sanshe/events';
import type { TestBus } from '@sanshe/testing';
import { publishRaw, waitForConsumer } from './replicas.ts';

export type GrantAwarded = EventData<typeof funding.grantAwarded>;

export function grantAwarded(overrides: Partial<GrantAwarded> & { organizationId: string | null }, time?: Date): CloudEvent<GrantAwarded> {
  const grantId = overrides.grantId ?? randomUUID();
  const data: GrantAwarded = {
    grantId,
    programmeId: randomUUID(),
    communityCode: '150204001001',
    amountFen: 12_000_000,
    title: '先锋道社区居家养老服务项目',
    programmeKind: 'venture_philanthropy',
    fundingRoundId: randomUUID(),
    applicationId: randomUUID(),
    socialWorkPosts: null,
    ...overrides,
  };
  return createCloudEvent(funding.grantAwarded, data, { subject: grantId, time });
}

/** An event of one of funding's grant contracts about `grantId`. */
export function grantEvent<C extends EventContract>(contract: C, data: EventData<C>, time?: Date): CloudEvent<EventData<C>> {
  return createCloudEvent(contract, data, { subject: (data as { grantId: string }).grantId, time });
}

/** Publishes `event` (a fresh Nats-Msg-Id unless given) and waits until the organizations service's funding consumer acked it. */
export async function deliverFunding(bus: TestBus, contract: EventContract, event: CloudEvent, msgId?: string) {
  const ack = await publishRaw(bus, contract, event, msgId);
  await waitForConsumer(bus, 'organizations', contract, ack.seq);
  return ack;
}
