import { describe, expect, it } from 'vitest';
import { QINGSHAN } from '../../src/datasets/qingshan-figures.ts';
import * as qingshan from '../../src/datasets/qingshan-plan.ts';
import { NANGUAN, nanguanOrganizations, nanguanRegions } from '../../src/datasets/nanguan-plan.ts';
import { creditCode, residentId, spread } from '../../src/datasets/identifiers.ts';

// The same check algorithms the services apply, so a generated identifier is never refused.
import { creditCodeProblem } from '../../../services/organizations/src/domain/credit-code.ts';
import { isValidResidentId } from '../../../services/social-work/src/domain/resident-id.ts';

const count = <T>(items: T[], pick: (item: T) => boolean) => items.filter(pick).length;

describe('Qingshan dataset plan (seed 000)', () => {
  it('has the region tree the article gives', () => {
    const regions = qingshan.regions();
    expect(count(regions, (r) => r.level === 'STREET')).toBe(QINGSHAN.streets);
    expect(count(regions, (r) => r.level === 'COMMUNITY')).toBe(QINGSHAN.communities);
    expect(count(regions, (r) => r.level === 'TOWNSHIP')).toBe(QINGSHAN.towns);
    expect(count(regions, (r) => r.level === 'VILLAGE')).toBe(QINGSHAN.villages);
  });

  it('plans 769 organizations, 43 of them elderly services, with unique names and valid credit codes', () => {
    const orgs = qingshan.organizations();
    expect(orgs).toHaveLength(769);
    expect(count(orgs, (o) => (o.serviceFields as string[]).includes('ELDERLY'))).toBe(43);
    expect(count(orgs, (o) => o.role === 'agency')).toBe(53);
    expect(count(orgs, (o) => o.track === 'REGISTERED')).toBe(QINGSHAN.registeredOrganizations);
    expect(new Set(orgs.map((o) => `${o.communityCode}/${o.name as string}`)).size).toBe(769);
    for (const o of orgs.filter((x) => x.track === 'REGISTERED')) {
      expect(creditCodeProblem(o.creditCode as string, (o.legalForm as string).toLowerCase() as never)).toBeNull();
    }
    expect(new Set(orgs.filter((o) => o.creditCode).map((o) => o.creditCode)).size).toBe(QINGSHAN.registeredOrganizations);
  });

  it('plans the stations, platforms, workers, volunteers, disputes, micro-projects and micro-wishes the article counts', () => {
    expect(qingshan.partyStations()).toHaveLength(471);
    expect(qingshan.deliberationPlatforms()).toHaveLength(424);
    const workers = qingshan.certifiedSocialWorkers(() => 'agency');
    expect(workers).toHaveLength(553);
    expect(new Set(workers.map((w) => w.certificateNumber)).size).toBe(553);
    expect(qingshan.socialWorkGraduates(() => 'agency')).toHaveLength(87);
    const volunteers = qingshan.volunteers();
    expect(volunteers).toHaveLength(25_000);
    expect(new Set(volunteers.map((v) => v.idNumber)).size).toBe(25_000);
    expect(volunteers.every((v) => isValidResidentId(v.idNumber as string))).toBe(true);
    expect(qingshan.resolvedDisputes()).toHaveLength(8363);
    const projects = qingshan.microProjects();
    expect(projects).toHaveLength(1742);
    expect(new Set(projects.map((p) => p.category)).size).toBe(13);
    const wishes = qingshan.microWishes();
    expect(wishes).toHaveLength(5316);
    // Every pledge together fits the street's 300,000-yuan micro-fund.
    expect(wishes.reduce((sum, w) => sum + w.amountFen, 0)).toBeLessThanOrEqual(QINGSHAN.microFundFen);
    expect(projects.every((p) => (p.communityCode as string).startsWith(QINGSHAN.microFundStreet))).toBe(true);
  });
});

describe('Nanguan dataset plan (seed 003)', () => {
  it('has 59 communities and 鸿城 with five communities and a village', () => {
    const regions = nanguanRegions();
    expect(count(regions, (r) => r.level === 'COMMUNITY')).toBe(59);
    expect(count(regions, (r) => r.level === 'COMMUNITY' && r.code.startsWith(NANGUAN.hongcheng.code))).toBe(5);
    expect(count(regions, (r) => r.level === 'VILLAGE' && r.code.startsWith(NANGUAN.hongcheng.code))).toBe(1);
  });

  it('plans 667 organizations with the streets’ splits', () => {
    const orgs = nanguanOrganizations();
    expect(orgs).toHaveLength(667);
    const inStreet = (code: string, track: string) => count(orgs, (o) => o.streetCode === code && o.record.track === track);
    expect([inStreet(NANGUAN.minkang.code, 'REGISTERED'), inStreet(NANGUAN.minkang.code, 'FILED')]).toEqual([23, 35]);
    expect([inStreet(NANGUAN.shuguang.code, 'REGISTERED'), inStreet(NANGUAN.shuguang.code, 'FILED')]).toEqual([6, 65]);
    expect([inStreet(NANGUAN.hongcheng.code, 'REGISTERED'), inStreet(NANGUAN.hongcheng.code, 'FILED')]).toEqual([14, 0]);
    expect(count(orgs, (o) => o.record.track === 'REGISTERED')).toBeGreaterThanOrEqual(NANGUAN.ventureOrganizations);
  });
});

describe('identifiers', () => {
  it('spreads a total into near-equal whole parts', () => {
    expect(spread(10, 3)).toEqual([4, 3, 3]);
    expect(spread(471, 53).reduce((a, b) => a + b, 0)).toBe(471);
  });
  it('makes resident IDs and credit codes that pass the services’ checks', () => {
    expect(isValidResidentId(residentId('150204', '1980-02-29', 7))).toBe(true);
    expect(creditCodeProblem(creditCode('FOUNDATION', '220102', 123_456), 'foundation')).toBeNull();
  });
});
