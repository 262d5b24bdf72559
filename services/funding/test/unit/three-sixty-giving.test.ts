import { describe, expect, it } from 'vitest';
import { grantPackage, grantRecord, type PublishedGrant } from '../../src/open-data/three-sixty-giving.ts';
import { threeSixtyGivingValidators } from '../factories/three-sixty-giving-schema.ts';

const { validatePackage, validateGrant } = threeSixtyGivingValidators();

const grant = (over: Partial<PublishedGrant> = {}): PublishedGrant => ({
  id: '0b8f1c52-5f43-4d8e-9a3c-3f6a1d2e4b10',
  title: '社区居家养老服务',
  description: null,
  amountFen: 15_000_000,
  paidFen: 5_000_050,
  awardedAt: new Date('2017-03-31T16:30:00Z'),
  updatedAt: new Date('2017-04-01T00:00:00Z'),
  lastBookedAt: new Date('2017-05-01T00:00:00Z'),
  roundId: null,
  organization: { id: 'f1d6c2a4-7d8b-4a3e-9f21-6c5b4a3d2e10', name: '青山区乐龄养老服务中心' },
  community: { code: '150204004001', name: '先锋道第1社区' },
  funder: { code: '150204', name: '青山区' },
  programme: { id: 'c3a9e8d7-1b2c-4d5e-8f9a-0b1c2d3e4f50', name: '青山区2017年政府购买服务' },
  ...over,
});

describe('360Giving mapping', () => {
  it('maps a grant to the standard, yuan exact from fen, award date in district time', () => {
    const record = grantRecord(grant());
    expect(record).toEqual({
      id: '360G-sanshe-0b8f1c52-5f43-4d8e-9a3c-3f6a1d2e4b10',
      title: '社区居家养老服务',
      description: '青山区2017年政府购买服务：社区居家养老服务',
      currency: 'CNY',
      amountAwarded: 150_000,
      amountDisbursed: 50_000.5,
      awardDate: '2017-04-01',
      recipientOrganization: [{ id: '360G-sanshe-org-f1d6c2a4-7d8b-4a3e-9f21-6c5b4a3d2e10', name: '青山区乐龄养老服务中心' }],
      fundingOrganization: [{ id: '360G-sanshe-region-150204', name: '青山区' }],
      grantProgramme: [{ code: '360G-sanshe-programme-c3a9e8d7-1b2c-4d5e-8f9a-0b1c2d3e4f50', title: '青山区2017年政府购买服务' }],
      beneficiaryLocation: [{ id: '150204004001', name: '先锋道第1社区', countryCode: 'CN', geoCode: '150204004001' }],
      fromOpenCall: 'No',
      dateModified: '2017-05-01T00:00:00.000Z',
    });
    expect(validateGrant(record)).toBe(true);
  });

  it('grants to a community go to its residents’ committee; names fall back to codes', () => {
    const record = grantRecord(grant({ organization: null, community: { code: '150204004001', name: null }, funder: { code: '150204', name: null }, roundId: 'r', lastBookedAt: null }));
    expect(record.recipientOrganization).toEqual([{ id: '360G-sanshe-community-150204004001', name: '150204004001居民委员会' }]);
    expect(record.fundingOrganization).toEqual([{ id: '360G-sanshe-region-150204', name: '150204' }]);
    expect(record.fromOpenCall).toBe('Yes');
    expect(record.dateModified).toBe('2017-04-01T00:00:00.000Z');
    expect(validateGrant(record)).toBe(true);
  });

  it('builds a package that validates against the package schema', () => {
    const pkg = grantPackage([grant(), grant({ id: 'a5c3e1f7-0000-4000-8000-000000000001', amountFen: 1, paidFen: 0 })], new Date('2024-01-01T00:00:00Z'));
    expect(validatePackage(pkg), JSON.stringify(validatePackage.errors)).toBe(true);
    expect(pkg.grants[1]!.amountAwarded).toBe(0.01);
    expect(pkg).toMatchObject({ version: '1.4', modified: '2024-01-01T00:00:00.000Z' });
  });
});
