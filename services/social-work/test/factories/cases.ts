import { randomUUID } from 'node:crypto';
import { createCloudEvent, selfGovernance, type CloudEvent, type EventData } from '@sanshe/events';
import { eventually, type AnySubgraph, type TestBus } from '@sanshe/testing';
import { deliver } from './replica-events.ts';

export type NeedData = EventData<typeof selfGovernance.needReported>;

/** A self-governance need.reported event, as its relay would publish it. */
export function needEvent(overrides: Partial<NeedData> = {}): CloudEvent<NeedData> {
  const data: NeedData = {
    needId: randomUUID(),
    communityCode: '150204001001',
    gridCode: '150204001001-03',
    category: 'elderly_care',
    urgency: 'normal',
    summary: '独居老人需要每周上门探访',
    microWishId: null,
    ...overrides,
  };
  return createCloudEvent(selfGovernance.needReported, data, { subject: data.needId });
}

/** Publishes a need and waits until social work has applied it. */
export async function reportNeed(bus: TestBus, overrides: Partial<NeedData> = {}) {
  const event = needEvent(overrides);
  await deliver(bus, selfGovernance.needReported, event);
  return event;
}

export const CASE_FIELDS = `id needId microWishId community { code } gridCode category urgency summary status
  socialWorker { id } organization { id } matchedBy openedAt closedAt resolved closeReason serviceCount serviceTime { minutes }`;

export interface CaseResult {
  id: string;
  needId: string;
  microWishId: string | null;
  status: 'OPEN' | 'CLOSED';
  socialWorker: { id: string } | null;
  organization: { id: string } | null;
  matchedBy: 'AUTOMATIC' | 'MANUAL' | null;
  resolved: boolean | null;
  closeReason: string | null;
  serviceCount: number;
  serviceTime: { minutes: number };
  [key: string]: unknown;
}

/** The case of a need, read through the API once the consumer opened it. */
export async function caseOfNeed(service: AnySubgraph, needId: string): Promise<CaseResult> {
  return eventually(async () => {
    const result = await service.request<{ serviceCaseByNeed: CaseResult | null }>(`query ($n: ID!) { serviceCaseByNeed(needId: $n) { ${CASE_FIELDS} } }`, { n: needId });
    return result.data?.serviceCaseByNeed ?? null;
  });
}
