/**
 * Feeds social work's replicas by publishing the producers' events onto the test bus, as their
 * relays would: regions (self-governance) and organizations with their service fields and
 * lifecycle (organizations). The real consumers apply them over real NATS.
 */
import { randomUUID } from 'node:crypto';
import { createCloudEvent, organizations as orgEvents, selfGovernance, type CloudEvent, type EventContract } from '@sanshe/events';
import { eventually, type AnySubgraph, type TestBus } from '@sanshe/testing';
import { publishRaw, waitForConsumer, waitForKnownRegions } from '../../../organizations/test/factories/replicas.ts';

/** Qingshan (150204): two streets, three communities (one without social workers in the tests). */
export const REGIONS = [
  { code: '150204', name: '青山区', level: 'district' },
  { code: '150204001', name: '先锋道街道', level: 'street' },
  { code: '150204002', name: '幸福路街道', level: 'street' },
  { code: '150204001001', name: '先锋道第一社区', level: 'community' },
  { code: '150204001002', name: '先锋道第二社区', level: 'community' },
  { code: '150204002001', name: '幸福路第一社区', level: 'community' },
  { code: '150204002002', name: '幸福路第二社区', level: 'community' },
] as const;

export interface RegionSpec {
  code: string;
  name: string;
  level: 'district' | 'street' | 'township' | 'community' | 'village';
}

/** Waits for the service's stream and consumers, then announces the regions (Qingshan's sample unless given). */
export async function announceRegions(bus: TestBus, service: AnySubgraph, regions: readonly RegionSpec[] = REGIONS): Promise<void> {
  await service.eventsReady;
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

const codesOf = (communityCode: string) => ({ communityCode, streetCode: communityCode.slice(0, 9), districtCode: communityCode.slice(0, 6) });

export interface OrganizationSpec {
  communityCode?: string;
  serviceFields?: string[];
  track?: 'filed' | 'registered';
  name?: string;
}

/** A filed or registered event for a new organization. */
export function organizationEvent(spec: OrganizationSpec = {}): CloudEvent<{ organizationId: string }> {
  const organizationId = randomUUID();
  const facts = {
    organizationId,
    name: spec.name ?? `社会组织${organizationId.slice(0, 6)}`,
    ...codesOf(spec.communityCode ?? '150204001001'),
    category: 'community_service',
    serviceFields: spec.serviceFields ?? ['elderly'],
  };
  return spec.track === 'registered'
    ? createCloudEvent(orgEvents.organizationRegistered, { ...facts, legalForm: 'social_service_agency', creditCode: '52150204MJ0000001X' }, { subject: organizationId })
    : createCloudEvent(orgEvents.organizationFiled, { ...facts, filingNumber: `青备-${organizationId.slice(0, 8)}` }, { subject: organizationId });
}

/** Publishes `event` and waits until social work's consumer of its producer has applied (acked) it. */
export async function deliver(bus: TestBus, contract: EventContract, event: CloudEvent, msgId?: string) {
  const ack = await publishRaw(bus, contract, event, msgId);
  await waitForConsumer(bus, 'social-work', contract, ack.seq);
  return ack;
}

/** Announces an organization and waits until social work knows it, with its service fields. */
export async function announceOrganization(bus: TestBus, service: AnySubgraph, spec: OrganizationSpec = {}): Promise<string> {
  const event = organizationEvent(spec);
  await publishRaw(bus, spec.track === 'registered' ? orgEvents.organizationRegistered : orgEvents.organizationFiled, event);
  const id = event.data.organizationId;
  await eventually(async () => {
    const rows = await service.database.sql`select 1 from organization_service_fields f join known_organizations k on k.id = f.organization_id where k.id = ${id}`;
    return rows.length === 1;
  });
  return id;
}

/** Suspends (or deregisters) an organization by its lifecycle event and waits for the replica. */
export async function suspendOrganization(bus: TestBus, organizationId: string, communityCode: string, deregister = false) {
  const ref = { organizationId, ...codesOf(communityCode) };
  if (deregister) {
    return deliver(bus, orgEvents.organizationDeregistered, createCloudEvent(orgEvents.organizationDeregistered, { ...ref, reason: '自行解散' }, { subject: organizationId }));
  }
  const event = createCloudEvent(orgEvents.organizationSuspended, { ...ref, reason: '年检不合格', previousState: 'filed' }, { subject: organizationId });
  return deliver(bus, orgEvents.organizationSuspended, event);
}
