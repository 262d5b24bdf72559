import { describe, expect, it } from 'vitest';
import { allContracts, createCloudEvent, EventContractError, parseCloudEvent, selfGovernance } from '../../src/index.ts';

describe('event contracts', () => {
  it('name subjects and types by one scheme, each unique', () => {
    const subjects = new Set<string>();
    for (const contract of allContracts) {
      expect(contract.subject).toBe(`${contract.name}.v${contract.version}`);
      expect(contract.type).toBe(`cn.sanshe.${contract.subject}`);
      expect(contract.name.startsWith(`${contract.producer}.`)).toBe(true);
      expect(subjects.has(contract.subject)).toBe(false);
      subjects.add(contract.subject);
    }
    expect(allContracts.length).toBeGreaterThanOrEqual(8);
  });

  const valid = {
    code: '150204001001',
    name: '先锋道第1社区',
    level: 'community' as const,
    parentCode: '150204001',
    districtCode: '150204',
    streetCode: '150204001',
    population: 8600,
    households: 3300,
  };

  it('builds a CloudEvents 1.0 envelope and reads it back', () => {
    const event = createCloudEvent(selfGovernance.regionRegistered, valid, { subject: valid.code });
    expect(event).toMatchObject({
      specversion: '1.0',
      source: '/sanshe/self-governance',
      type: 'cn.sanshe.self-governance.region.registered.v1',
      subject: '150204001001',
      datacontenttype: 'application/json',
    });
    expect(parseCloudEvent(selfGovernance.regionRegistered, JSON.parse(JSON.stringify(event)))).toEqual(event);
  });

  it('refuses data that breaks the contract when sent and when received', () => {
    expect(() => createCloudEvent(selfGovernance.regionRegistered, { ...valid, code: '15' }, { subject: 'x' })).toThrow(EventContractError);
    const event = createCloudEvent(selfGovernance.regionRegistered, valid, { subject: valid.code });
    expect(() => parseCloudEvent(selfGovernance.regionRegistered, { ...event, data: { ...valid, districtCode: 12 } })).toThrow(EventContractError);
    expect(() => parseCloudEvent(selfGovernance.regionRenamed, event)).toThrow(/expected cn.sanshe.self-governance.region.renamed.v1/);
    expect(() => parseCloudEvent(selfGovernance.regionRegistered, { ...event, specversion: '0.3' })).toThrow(EventContractError);
  });
});
