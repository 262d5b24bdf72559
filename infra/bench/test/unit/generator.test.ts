import { describe, expect, it } from 'vitest';
import { creditCodeProblem } from '../../../../services/organizations/src/domain/credit-code.ts';
import { isMobileNumber, isValidResidentId } from '../../../../services/social-work/src/domain/resident-id.ts';
import { buildCity, CITY_SCALE, cityFingerprint, recordOwner, scaled } from '../../../src/generator/city.ts';
import { splitBySize } from '../../../src/generator/load.ts';
import { apportion, derive, mulberry32 } from '../../../src/generator/prng.ts';
import { renderBar } from '../../../src/generator/progress.ts';
import { formatSummary } from '../../../src/generator/main.ts';
import { partyPlan, RESIDENTS_PER_STATION } from '../../../src/generator/party.ts';
import { datasetPeriod, disputeRecord, needRecord, organizationRecord, serviceRecord, volunteerRecord } from '../../../src/generator/records.ts';

// 1 % of the records, the full region tree: the same code paths as the city, quick to build.
const small = scaled(CITY_SCALE, 0.01);

describe('the city', () => {
  const city = buildCity(small);

  it('is the same for the same seed and different for another', () => {
    expect(cityFingerprint(buildCity(small))).toBe(cityFingerprint(city));
    expect(cityFingerprint(buildCity({ ...small, seed: small.seed + 1 }))).not.toBe(cityFingerprint(city));
    expect(organizationRecord(buildCity(small), 17)).toEqual(organizationRecord(city, 17));
  });

  it('has exactly the configured numbers', () => {
    const sum = (f: (c: (typeof city.communities)[number]) => number) => city.communities.reduce((s, c) => s + f(c), 0);
    expect(city.districtCodes).toHaveLength(10);
    expect(city.communities).toHaveLength(500);
    expect(sum((c) => c.organizations.count)).toBe(small.organizations);
    expect(sum((c) => c.volunteers.count)).toBe(small.volunteers);
    expect(sum((c) => c.needs.count)).toBe(small.needs);
    expect(sum((c) => c.disputes.count)).toBe(small.disputes);
    expect(city.recordStart[small.volunteers]).toBe(small.volunteerRecords);
  });

  it('lists regions parents first, with codes that nest by prefix and never repeat', () => {
    const seen = new Set<string>();
    for (const region of city.regions) {
      const length = { DISTRICT: 6, STREET: 9, TOWNSHIP: 9, COMMUNITY: 12, VILLAGE: 12 }[region.level];
      expect(region.code).toHaveLength(length);
      if (length > 6) expect(seen.has(region.code.slice(0, length - 3))).toBe(true);
      expect(seen.has(region.code)).toBe(false);
      seen.add(region.code);
    }
  });

  it('spreads records unevenly: the busiest community has several times the median', () => {
    const counts = city.communities.map((c) => c.volunteers.count).sort((a, b) => a - b);
    expect(counts.at(-1)!).toBeGreaterThan(3 * counts[counts.length >> 1]!);
  });

  it('finds the owner of every record index', () => {
    for (const record of [0, 1, 999, small.volunteerRecords - 1]) {
      const { volunteer, nth } = recordOwner(city, record);
      expect(nth).toBeGreaterThanOrEqual(0);
      expect(nth).toBeLessThan(city.recordsPerVolunteer[volunteer]!);
      expect(city.recordStart[volunteer]! + nth).toBe(record);
    }
  });
});

describe('records', () => {
  const city = buildCity(small);
  const today = new Date('2026-11-01T00:00:00Z');

  it('carry valid resident IDs, mobile numbers and credit codes, unique per index', () => {
    const ids = new Set<string>();
    for (let i = 0; i < small.volunteers; i += 1) {
      const v = volunteerRecord(city, i) as { idNumber: string; phone: string };
      expect(isValidResidentId(v.idNumber, today)).toBe(true);
      expect(isMobileNumber(v.phone)).toBe(true);
      ids.add(v.idNumber);
    }
    expect(ids.size).toBe(small.volunteers);
    const codes = new Set<string>();
    for (let i = 0; i < small.organizations; i += 1) {
      const o = organizationRecord(city, i) as { track: string; creditCode?: string; legalForm?: string; filingNumber?: string };
      if (o.track === 'REGISTERED') {
        expect(creditCodeProblem(o.creditCode!, o.legalForm!.toLowerCase() as 'social_group')).toBeNull();
        codes.add(o.creditCode!);
      } else {
        expect(o.filingNumber!.length).toBeLessThanOrEqual(40);
      }
    }
    expect(codes.size).toBe([...Array(small.organizations).keys()].filter((i) => organizationRecord(city, i).track === 'REGISTERED').length);
  });

  it('place service records after the volunteer and the organization existed, inside the period', () => {
    const { from, until } = datasetPeriod(city);
    const orgIds = Array.from({ length: small.organizations }, (_, i) => `o${i}`);
    const volIds = Array.from({ length: small.volunteers }, (_, i) => `v${i}`);
    for (let r = 0; r < small.volunteerRecords; r += 97) {
      const { volunteer, nth } = recordOwner(city, r);
      const record = serviceRecord(city, volunteer, nth, orgIds, volIds) as { serviceDate: string; verifiedAt: string; organizationId: string; volunteerId: string };
      expect(record.volunteerId).toBe(`v${volunteer}`);
      expect(record.serviceDate >= from && record.serviceDate < until).toBe(true);
      expect(record.verifiedAt.slice(0, 10) > record.serviceDate).toBe(true);
      const registered = (volunteerRecord(city, volunteer) as { registeredAt: string }).registeredAt.slice(0, 10);
      expect(record.serviceDate > registered).toBe(true);
      const organization = organizationRecord(city, Number(record.organizationId.slice(1))) as { at: string; communityCode: string };
      expect(record.serviceDate > organization.at).toBe(true);
    }
  });

  it('never date needs or disputes after the end of the data, nor resolve before reporting', () => {
    for (let i = 0; i < small.disputes; i += 1) {
      const d = disputeRecord(city, i, i % 500) as { reportedAt: string; resolvedAt?: string };
      expect(d.reportedAt.slice(0, 10) <= small.until).toBe(true);
      if (d.resolvedAt) expect(d.resolvedAt > d.reportedAt).toBe(true);
    }
    const n = needRecord(city, 3, 7) as { reportedAt: string; communityCode: string };
    expect(n.communityCode).toBe(city.communities[7]!.code);
  });
});

describe('the party plan', () => {
  const city = buildCity(small);
  const plan = partyPlan(city);
  const foundings = plan.flatMap((s) => s.foundings);

  it('is the same for the same city', () => {
    expect(partyPlan(buildCity(small))).toEqual(plan);
  });

  it('has a working committee per street, a committee per community, and stations by population', () => {
    const streets = city.regions.filter((r) => r.level === 'STREET' || r.level === 'TOWNSHIP');
    expect(plan.map((s) => s.streetCode).sort()).toEqual(streets.map((r) => r.code).sort());
    expect(foundings.filter((f) => f.kind === 'STREET_WORKING_COMMITTEE')).toHaveLength(streets.length);
    expect(foundings.filter((f) => f.kind === 'COMMUNITY_COMMITTEE').map((f) => f.regionCode).sort()).toEqual(city.communities.map((c) => c.code).sort());
    const stations = plan.flatMap((s) => s.stations);
    const expected = city.communities.reduce((n, c) => n + Math.max(1, Math.round(c.population / RESIDENTS_PER_STATION)), 0);
    expect(stations).toHaveLength(expected);
  });

  it('founds parents before children, with names unique in the street, and covers an organization once, in its own community', () => {
    const covered = new Set<number>();
    for (const street of plan) {
      const founded = new Map<string, (typeof foundings)[number]>();
      for (const f of street.foundings) {
        expect(founded.has(f.name), f.name).toBe(false);
        if (f.parentName !== null) expect(founded.has(f.parentName), f.name).toBe(true);
        expect(f.kind === 'STREET_WORKING_COMMITTEE' ? f.parentName === null : f.parentName !== null).toBe(true);
        expect(f.fullMembers).toBeGreaterThanOrEqual(3);
        if (f.kind === 'JOINT_BRANCH') expect(f.organizations.length).toBeGreaterThanOrEqual(2);
        if (f.kind === 'BRANCH') expect(f.organizations).toHaveLength(1);
        for (const o of f.organizations) {
          expect(covered.has(o)).toBe(false);
          covered.add(o);
          expect((organizationRecord(city, o) as { communityCode: string }).communityCode).toBe(f.regionCode);
        }
        founded.set(f.name, f);
      }
      const stationNames = new Set(street.stations.map((s) => `${s.communityCode}/${s.name}`));
      expect(stationNames.size).toBe(street.stations.length);
      for (const s of street.stations) expect(founded.get(s.hostName)?.regionCode).toBe(s.communityCode);
    }
  });

  it('has committees convene joint meetings in the period, after their founding, at most one a day each', () => {
    const { from, until } = datasetPeriod(city);
    let meetings = 0;
    for (const street of plan) {
      const hosts = new Map(street.foundings.map((f) => [f.name, f]));
      const seen = new Set<string>();
      for (const m of street.meetings) {
        const host = hosts.get(m.hostName)!;
        expect(['STREET_WORKING_COMMITTEE', 'COMMUNITY_COMMITTEE']).toContain(host.kind);
        expect(m.heldOn >= from && m.heldOn <= until && m.heldOn >= host.foundedOn).toBe(true);
        expect(seen.has(`${m.hostName}/${m.heldOn}`)).toBe(false);
        seen.add(`${m.hostName}/${m.heldOn}`);
        expect(new Set(m.participatingUnits).size).toBe(m.participatingUnits.length);
        expect(new Set(m.topics).size).toBe(m.topics.length);
        expect(m.participatingUnits.length * m.topics.length).toBeGreaterThan(0);
        meetings += 1;
      }
    }
    // 553 committees, twelve quarters, most of them met: thousands of meetings.
    expect(meetings).toBeGreaterThan(553 * 12 * 0.6);
  });

  it('covers about two fifths of the organizations of the full city: a quarter in branches, a sixth in joint branches', () => {
    // At 1 % most communities have one organization or none, too few for a joint branch.
    const full = partyPlan(buildCity(CITY_SCALE)).flatMap((s) => s.foundings);
    const share = (kind: string) => full.filter((f) => f.kind === kind).reduce((n, f) => n + f.organizations.length, 0) / CITY_SCALE.organizations;
    expect(share('BRANCH')).toBeGreaterThan(0.23);
    expect(share('BRANCH')).toBeLessThan(0.27);
    expect(share('JOINT_BRANCH')).toBeGreaterThan(0.13);
    expect(share('JOINT_BRANCH')).toBeLessThan(0.17);
  });

  it('founds a branch after its organizations and its committee existed, and nothing after the end of the data', () => {
    const { until } = datasetPeriod(city);
    for (const street of plan) {
      const day = new Map(street.foundings.map((f) => [f.name, f.foundedOn]));
      for (const f of street.foundings) {
        expect(f.foundedOn <= until && f.foundedOn >= '1949-10-01').toBe(true);
        if (f.parentName !== null) expect(f.foundedOn >= day.get(f.parentName)!).toBe(true);
        for (const o of f.organizations) expect(f.foundedOn > (organizationRecord(city, o) as { at: string }).at.slice(0, 10)).toBe(true);
      }
      for (const s of street.stations) expect(s.openedOn >= day.get(s.hostName)! && s.openedOn <= until).toBe(true);
    }
  });
});

describe('helpers', () => {
  it('apportion adds up exactly and follows the weights', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(100, [3, 1])).toEqual([75, 25]);
    expect(apportion(5, [0, 0])).toEqual([3, 2]);
    expect(apportion(7, []).length).toBe(0);
  });

  it('derived streams are reproducible and independent', () => {
    expect(derive(1, 2, 3)()).toBe(derive(1, 2, 3)());
    expect(derive(1, 2, 3)()).not.toBe(derive(1, 3, 2)());
    const random = mulberry32(42);
    const first = [random(), random()];
    const again = mulberry32(42);
    expect([again(), again()]).toEqual(first);
  });

  it('splits a batch until each part fits the body limit', () => {
    const records = Array.from({ length: 100 }, (_, i) => ({ i, pad: 'x'.repeat(100) }));
    const parts = splitBySize(records, 3_000);
    expect(parts.flat()).toEqual(records);
    for (const part of parts) expect(JSON.stringify(part).length).toBeLessThanOrEqual(3_000);
  });

  it('renders the progress bar with rate and ETA', () => {
    expect(renderBar('organizations', 2500, 10_000, 5_000, 'records', 0, 8)).toBe('organizations      [##------]  25% 2,500/10,000 records  500/s  ETA 0:15');
    expect(renderBar('needs', 10, 10, 2_000, 'records', 0, 4)).toContain('[####] 100% 10/10 records  5/s  0:02');
  });
});

describe('a volunteer day', () => {
  it('never holds more than 20 hours of the generated service', () => {
    const city = buildCity(small);
    const orgIds = Array.from({ length: small.organizations }, (_, i) => `o${i}`);
    const volIds = Array.from({ length: small.volunteers }, (_, i) => `v${i}`);
    // The busiest volunteers are where a day fills up.
    const busiest = [...city.recordsPerVolunteer.keys()].sort((a, b) => city.recordsPerVolunteer[b]! - city.recordsPerVolunteer[a]!).slice(0, 20);
    for (const v of busiest) {
      const perDay = new Map<string, number>();
      for (let nth = 0; nth < city.recordsPerVolunteer[v]!; nth += 1) {
        const r = serviceRecord(city, v, nth, orgIds, volIds) as { serviceDate: string; minutes: number };
        perDay.set(r.serviceDate, (perDay.get(r.serviceDate) ?? 0) + r.minutes);
      }
      expect(Math.max(...perDay.values())).toBeLessThanOrEqual(1200);
    }
  });
});

describe('the load summary', () => {
  const summary = {
    fingerprint: 'b8d10dfd',
    seconds: 784,
    stages: [{ stage: 'needs' as const, records: 100_000, calls: 100, skipped: 0, seconds: 28 }],
  };

  it('says how long the services took to apply each other’s events after the last call', () => {
    const text = formatSummary({ ...summary, eventsAppliedSeconds: 723 });
    expect(text).toContain('dataset b8d10dfd loaded in 13:04');
    expect(text).toContain('needs');
    expect(text).toMatch(/events applied\s+12:03 after the last call/);
  });

  it('says so when they had not caught up, and says nothing of events for a load it could not watch', () => {
    expect(formatSummary({ ...summary, eventsAppliedSeconds: null })).toContain('not all applied when the wait gave up');
    expect(formatSummary(summary)).not.toContain('events');
  });
});
