/**
 * Feeds party-building's replicas by publishing the producers' events onto the test bus, as
 * their relays would: regions (self-governance) and organizations' lifecycle (organizations).
 * The tests then exercise the real consumers over real NATS without depending on the producing
 * services' own code.
 */
import { randomUUID } from 'node:crypto';
import { createCloudEvent, organizations as orgEvents, selfGovernance, type CloudEvent, type EventContract } from '@sanshe/events';
import type { AnySubgraph, TestBus } from '@sanshe/testing';
import { publishRaw, waitForConsumer, waitForKnownOrganizations, waitForKnownRegions } from '../../../organizations/test/factories/replicas.ts';

export interface RegionSpec {
  code: string;
  name: string;
  level: 'district' | 'street' | 'township' | 'community' | 'village';
}

/** Qingshan (150204): three streets, five communities — enough for street and district sums. */
export const REGIONS: RegionSpec[] = [
  { code: '150204', name: '青山区', level: 'district' },
  { code: '150204001', name: '先锋道街道', level: 'street' },
  { code: '150204002', name: '幸福路街道', level: 'street' },
  { code: '150204003', name: '万青路街道', level: 'street' },
  { code: '150204001001', name: '先锋道第一社区', level: 'community' },
  { code: '150204001002', name: '先锋道第二社区', level: 'community' },
  { code: '150204002001', name: '幸福路第一社区', level: 'community' },
  { code: '150204002002', name: '幸福路第二社区', level: 'community' },
  { code: '150204003001', name: '万青路第一社区', level: 'community' },
];

/** Publishes one region.registered per region (parents first) and waits for the replica. */
export async function announceRegions(bus: TestBus, service: AnySubgraph, regions: RegionSpec[] = REGIONS): Promise<void> {
  for (const region of regions) {
    const data = {
      code: region.code,
      name: region.name,
      level: region.level,
      parentCode: region.code.length === 6 ? null : region.code.slice(0, region.code.length === 9 ? 6 : 9),
      districtCode: region.code.slice(0, 6),
      streetCode: region.code.length === 12 ? region.code.slice(0, 9) : null,
      population: region.code.length === 12 ? 8000 : null,
      households: null,
    };
    await publishRaw(bus, selfGovernance.regionRegistered, createCloudEvent(selfGovernance.regionRegistered, data, { subject: region.code }));
  }
  await waitForKnownRegions(service, regions.map((r) => r.code));
}

const codesOf = (communityCode: string) => ({
  communityCode,
  streetCode: communityCode.slice(0, 9),
  districtCode: communityCode.slice(0, 6),
});

/** A filed or registered event for a new organization in `communityCode`, stamped `at` (default now). */
export function organizationEvent(communityCode: string, track: 'filed' | 'registered' = 'filed', at?: Date): CloudEvent {
  const organizationId = randomUUID();
  const facts = {
    organizationId,
    name: `社会组织${organizationId.slice(0, 6)}`,
    ...codesOf(communityCode),
    category: 'community_service',
    serviceFields: ['elderly'],
  };
  return track === 'filed'
    ? createCloudEvent(orgEvents.organizationFiled, { ...facts, filingNumber: `青备-${organizationId.slice(0, 8)}` }, { subject: organizationId, time: at })
    : createCloudEvent(orgEvents.organizationRegistered, { ...facts, legalForm: 'social_service_agency', creditCode: '52150204MJ0000001X' }, { subject: organizationId, time: at });
}

/**
 * Announces organizations (alternating filed / registered) in the given communities, stamped `at`
 * (default now); returns their ids in order.
 */
export async function announceOrganizations(bus: TestBus, service: AnySubgraph, communities: string[], at?: Date): Promise<string[]> {
  const ids: string[] = [];
  for (const [i, community] of communities.entries()) {
    const track = i % 2 === 0 ? 'filed' : 'registered';
    const event = organizationEvent(community, track, at);
    await publishRaw(bus, track === 'filed' ? orgEvents.organizationFiled : orgEvents.organizationRegistered, event);
    ids.push((event.data as { organizationId: string }).organizationId);
  }
  await waitForKnownOrganizations(service, ids);
  return ids;
}

type LifecycleContract =
  | typeof orgEvents.organizationSuspended
  | typeof orgEvents.organizationReinstated
  | typeof orgEvents.organizationDeregistered;

/** A lifecycle event (suspended, reinstated, deregistered) for an organization of `communityCode`, stamped `at` (default now). */
export function lifecycleEvent(contract: LifecycleContract, organizationId: string, communityCode: string, at?: Date): CloudEvent {
  const ref = { organizationId, ...codesOf(communityCode) };
  const meta = { subject: organizationId, time: at };
  if (contract === orgEvents.organizationSuspended) {
    return createCloudEvent(contract, { ...ref, reason: '年检不合格', previousState: 'registered' }, meta);
  }
  if (contract === orgEvents.organizationReinstated) {
    return createCloudEvent(contract, { ...ref, state: 'registered' }, meta);
  }
  return createCloudEvent(orgEvents.organizationDeregistered, { ...ref, reason: '自行解散' }, meta);
}

/** Publishes `event` and waits until party-building's organizations consumer has applied (acked) it. */
export async function deliver(bus: TestBus, contract: EventContract, event: CloudEvent, msgId?: string) {
  const ack = await publishRaw(bus, contract, event, msgId);
  await waitForConsumer(bus, 'party-building', contract, ack.seq);
  return ack;
}
