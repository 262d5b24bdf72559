import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EventContractError, allContracts, createCloudEvent, selfGovernance } from '@sanshe/events';
import { catalog, eventTypes, parsePartnerEvent, UnknownEventTypeError, type PartnerEvent } from '../../src/index.ts';

const region = createCloudEvent(
  selfGovernance.regionRegistered,
  { code: '150204004001', name: '先锋道第1社区', level: 'community', parentCode: '150204004', districtCode: '150204', streetCode: '150204004', population: 8600, households: 3300 },
  { subject: '150204004001' },
);

/** Compile-time: `event.type` narrows `event.data` (typecheck fails if it does not). */
function describeEvent(event: PartnerEvent): string {
  switch (event.type) {
    case 'cn.sanshe.self-governance.region.registered.v1':
      return `${event.data.code} ${event.data.level}`;
    case 'cn.sanshe.funding.subsidy.paid.v1':
      return `${event.data.amountFen} fen`;
    default:
      return event.type;
  }
}

describe('typed events', () => {
  it('knows every contract, by its CloudEvents type', () => {
    expect([...eventTypes].sort()).toEqual(allContracts.map((c) => c.type).sort());
    for (const type of eventTypes) expect(catalog[type].type).toBe(type);
  });

  it('parses an event into its typed form', () => {
    const event = parsePartnerEvent(JSON.parse(JSON.stringify(region)));
    expect(describeEvent(event)).toBe('150204004001 community');
  });

  it('refuses an event that breaks its contract, and a type it does not know', () => {
    expect(() => parsePartnerEvent({ ...region, data: { ...region.data, code: '12' } })).toThrow(EventContractError);
    expect(() => parsePartnerEvent({ ...region, id: 'not-a-uuid' })).toThrow(EventContractError);
    expect(() => parsePartnerEvent({ ...region, id: randomUUID(), type: 'cn.sanshe.self-governance.region.registered.v9' })).toThrow(UnknownEventTypeError);
  });
});
