/**
 * Funding learns regions, organizations and needs from other services' events. These tests
 * publish those events straight onto the file's bus (as the producers' relays would) and wait for
 * funding's consumer, so they do not depend on the other services' code.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { createCloudEvent, organizations, selfGovernance, type EventContract, type EventData } from '@sanshe/events';
import type { AnySubgraph, TestBus } from '@sanshe/testing';
import { publishRaw, waitForConsumer } from '../../../organizations/test/factories/replicas.ts';

export const DISTRICT = '150204';
export const STREET_1 = '150204001';
export const STREET_2 = '150204002';
export const COMMUNITY_1 = '150204001001';
export const COMMUNITY_2 = '150204001002';
export const COMMUNITY_3 = '150204002001';

const regions: EventData<typeof selfGovernance.regionRegistered>[] = [
  { code: DISTRICT, name: '青山区', level: 'district', parentCode: null, districtCode: DISTRICT, streetCode: null, population: null, households: null },
  { code: STREET_1, name: '先锋道街道', level: 'street', parentCode: DISTRICT, districtCode: DISTRICT, streetCode: STREET_1, population: null, households: null },
  { code: STREET_2, name: '幸福路街道', level: 'street', parentCode: DISTRICT, districtCode: DISTRICT, streetCode: STREET_2, population: null, households: null },
  { code: COMMUNITY_1, name: '先锋道第一社区', level: 'community', parentCode: STREET_1, districtCode: DISTRICT, streetCode: STREET_1, population: 8600, households: 3100 },
  { code: COMMUNITY_2, name: '先锋道第二社区', level: 'community', parentCode: STREET_1, districtCode: DISTRICT, streetCode: STREET_1, population: 7200, households: 2600 },
  { code: COMMUNITY_3, name: '幸福路第一社区', level: 'community', parentCode: STREET_2, districtCode: DISTRICT, streetCode: STREET_2, population: 9100, households: 3300 },
];

/** Publishes `data` under `contract` and waits until funding has applied it (or skipped it). */
export async function deliver<C extends EventContract>(bus: TestBus, contract: C, data: EventData<C>, subject: string, times = 1) {
  const event = createCloudEvent(contract, data, { subject });
  let seq = 0;
  for (let i = 0; i < times; i += 1) seq = (await publishRaw(bus, contract, event)).seq;
  await waitForConsumer(bus, 'funding', contract, seq);
  return event;
}

/** Waits for the service's stream and consumers, then registers the sample region tree. */
export async function seedRegions(bus: TestBus, service: AnySubgraph): Promise<void> {
  await service.eventsReady;
  let seq = 0;
  for (const r of regions) seq = (await publishRaw(bus, selfGovernance.regionRegistered, createCloudEvent(selfGovernance.regionRegistered, r, { subject: r.code }))).seq;
  await waitForConsumer(bus, 'funding', selfGovernance.regionRegistered, seq);
}

export interface SeededOrganization {
  id: string;
  name: string;
  communityCode: string;
  streetCode: string;
  districtCode: string;
}

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Files (备案) or registers (登记) an organization in funding's replica, by event. */
export async function seedOrganization(
  bus: TestBus,
  options: { track?: 'filed' | 'registered'; communityCode?: string; name?: string } = {},
): Promise<SeededOrganization> {
  const communityCode = options.communityCode ?? COMMUNITY_1;
  const org = {
    id: randomUUID(),
    name: options.name ?? `先锋道邻里互助会${randomInt(1_000_000)}`,
    communityCode,
    streetCode: communityCode.slice(0, 9),
    districtCode: communityCode.slice(0, 6),
  };
  const facts = { organizationId: org.id, name: org.name, communityCode, streetCode: org.streetCode, districtCode: org.districtCode, category: 'community_service', serviceFields: ['elderly'] };
  if (options.track === 'registered') {
    const creditCode = `52150204${Array.from({ length: 10 }, () => CREDIT_ALPHABET[randomInt(CREDIT_ALPHABET.length)]).join('')}`;
    await deliver(bus, organizations.organizationRegistered, { ...facts, legalForm: 'social_service_agency', creditCode }, org.id);
  } else {
    await deliver(bus, organizations.organizationFiled, { ...facts, filingNumber: `青先备-${randomUUID().slice(0, 8)}` }, org.id);
  }
  return org;
}

const ref = (o: SeededOrganization) => ({ organizationId: o.id, communityCode: o.communityCode, streetCode: o.streetCode, districtCode: o.districtCode });

export const gradeOrganization = (bus: TestBus, o: SeededOrganization, grade: number, validUntil = '2099-12-31') =>
  deliver(bus, organizations.organizationGraded, { ...ref(o), grade, score: grade * 180, validUntil }, o.id);

export const suspendOrganization = (bus: TestBus, o: SeededOrganization, times = 1) =>
  deliver(bus, organizations.organizationSuspended, { ...ref(o), reason: '未按期年检', previousState: 'registered' }, o.id, times);

export const reinstateOrganization = (bus: TestBus, o: SeededOrganization) =>
  deliver(bus, organizations.organizationReinstated, { ...ref(o), state: 'registered' }, o.id);

export const deregisterOrganization = (bus: TestBus, o: SeededOrganization) =>
  deliver(bus, organizations.organizationDeregistered, { ...ref(o), reason: '自行解散' }, o.id);

