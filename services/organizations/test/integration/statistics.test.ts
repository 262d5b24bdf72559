/**
 * The organizations' part of RegionStatistics, through `_entities` as the gateway asks for it:
 * stock at the end of the period, flows within it, by community, street and district — and a
 * fixed number of statements however many regions are asked for.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { funding } from '@sanshe/events';
import { statisticsId, districtDate, addDays } from '@sanshe/service-kit';
import { organizationsSubgraph } from '../../src/app.ts';
import { ok } from '../factories/lifecycle.ts';
import { fileOrganization, validCreditCode } from '../factories/organizations.ts';
import { deliverFunding, grantAwarded } from '../factories/funding-events.ts';
import { seedKnownRegions } from '../factories/regions.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;
const today = districtDate();
const thisYear = Number(today.slice(0, 4));
const o: Record<string, string> = {};

const IMPORT = `mutation ($input: ImportOrganizationsInput!) { importOrganizations(input: $input) { ids } }`;
const STEP = (mutation: string) => `mutation ($id: ID!) { r: ${mutation} { id } }`;

let serial = 0;
function record(track: 'FILED' | 'REGISTERED', communityCode: string, at: string, extra: Record<string, unknown> = {}) {
  serial += 1;
  const base = { track, name: `统计样本社会组织${serial}`, communityCode, category: 'COMMUNITY_SERVICE', serviceFields: ['ELDERLY'], at };
  return track === 'FILED'
    ? { ...base, filingNumber: `统计备-${serial}`, ...extra }
    : { ...base, legalForm: 'SOCIAL_GROUP', creditCode: validCreditCode('1'), ...extra };
}

beforeAll(async () => {
  service = await subgraphs.start('organizations', organizationsSubgraph);
  await seedKnownRegions(service);
  // Another district (150203) with one community, and a street of Qingshan with nothing in it.
  for (const [code, level] of [['150203', 'district'], ['150203001', 'street'], ['150203001001', 'community'], ['150204003', 'street']] as const) {
    await service.database.sql`
      insert into known_regions (code, name, level, parent_code, district_code, street_code)
      values (${code}, ${code}, ${level}, ${code.length === 6 ? null : code.slice(0, code.length === 9 ? 6 : 9)}, ${code.slice(0, 6)}, ${code.length >= 9 ? code.slice(0, 9) : null})`;
  }

  // 150204001001: A B G H · 150204001002: C D (J) · 150204002001: E · 150203001001: F
  const letters = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'J'];
  const records = [
    record('FILED', '150204001001', '2019-03-01', { serviceFields: ['ELDERLY', 'VOLUNTEERING'] }),
    record('REGISTERED', '150204001001', '2020-05-10', { category: 'CHARITY', grade: { score: 850, gradedOn: '2020-06-01' } }),
    // The last half hour of 2020, graded only in 2021.
    record('REGISTERED', '150204001002', '2020-12-31T23:30:00+08:00', { category: 'CHARITY', grade: { score: 720, gradedOn: '2021-02-01' } }),
    // The first instant of 2021: outside the 2020 period.
    record('FILED', '150204001002', '2021-01-01T00:00:00+08:00'),
    record('FILED', '150204002001', '2020-02-02', { serviceFields: ['YOUTH'] }),
    // Outside the region (another district).
    record('FILED', '150203001001', '2020-03-03'),
    // Deregistered (today, below) long after 2020.
    record('FILED', '150204001001', '2018-01-01'),
    // Filed in 2019, registered today (below): filed at the end of 2020, and never new again.
    record('FILED', '150204001001', '2019-06-01', { category: 'SCIENCE_AND_TECHNOLOGY' }),
    // Registered a month ago with a grade in force today.
    record('REGISTERED', '150204001002', addDays(today, -30), { grade: { score: 910 } }),
  ];
  const { importOrganizations } = await ok<{ importOrganizations: { ids: string[] } }>(service, IMPORT, { input: { records } });
  letters.forEach((letter, i) => (o[letter] = importOrganizations.ids[i]!));

  await ok(service, STEP(`deregisterOrganization(id: $id, reason: "自行解散，清算完毕")`), { id: o.G });
  await ok(service, STEP(`recommendOrganization(id: $id)`), { id: o.H });
  await ok(service, `mutation ($id: ID!, $c: String!) { r: registerExistingOrganization(id: $id, legalForm: SOCIAL_GROUP, creditCode: $c) { id } }`, {
    id: o.H,
    c: validCreditCode('1'),
  });
  await ok(service, STEP(`suspendOrganization(id: $id, reason: "未按规定报送年度工作报告")`), { id: o.B });
  // Filed today: new this year.
  o.I = (await fileOrganization(service, { communityCode: '150204001002' })).id;

  // Projects: A's in 2020 (its community), E's in 2020 (another street), B's in 2021.
  await deliverFunding(bus, funding.grantAwarded, grantAwarded({ organizationId: o.A!, communityCode: '150204001001' }, new Date('2020-07-01T00:00:00+08:00')));
  await deliverFunding(bus, funding.grantAwarded, grantAwarded({ organizationId: o.E!, communityCode: '150204002001' }, new Date('2020-08-01T00:00:00+08:00')));
  await deliverFunding(bus, funding.grantAwarded, grantAwarded({ organizationId: o.B!, communityCode: '150204001001' }, new Date('2021-03-01T00:00:00+08:00')));
});

const FIGURES = `id organizations newOrganizations projectsStarted
  organizationsByTrack { track count } organizationsByCategory { category count }
  organizationsByGrade { grade label count } organizationsByServiceField { serviceField count }`;

interface Figures {
  id: string;
  organizations: number;
  newOrganizations: number;
  projectsStarted: number;
  organizationsByTrack: { track: string; count: number }[];
  organizationsByCategory: { category: string; count: number }[];
  organizationsByGrade: { grade: number; label: string; count: number }[];
  organizationsByServiceField: { serviceField: string; count: number }[];
  organizationsPer10kResidents?: number | null;
}

async function entities(representations: Record<string, unknown>[], fields = FIGURES) {
  const before = service.database.statementCount();
  const result = await service.request<{ _entities: (Figures | null)[] }>(
    `query ($r: [_Any!]!) { _entities(representations: $r) { ... on RegionStatistics { ${fields} } } }`,
    { r: representations },
  );
  return { result, statements: service.database.statementCount() - before };
}

async function stats(codes: string[], from: string, to: string): Promise<Record<string, Figures>> {
  const { result } = await entities(codes.map((code) => ({ __typename: 'RegionStatistics', id: statisticsId(code, from, to) })));
  expect(result.errors).toBeUndefined();
  return Object.fromEntries(result.data!._entities.map((e, i) => [codes[i], e!]));
}

const count = <K extends string>(list: ({ count: number } & Record<K, unknown>)[], key: K, value: unknown) => list.find((x) => x[key] === value)?.count;

describe('RegionStatistics of 2020', () => {
  const CODES = ['150204001001', '150204001002', '150204001', '150204002', '150204', '150203', '150204003'];

  it('counts what existed at the end of the year, and what started within it, by region', async () => {
    const s = await stats(CODES, '2020-01-01', '2020-12-31');
    // 150204001001: A (filed), B (registered, graded 4A in 2020), G (deregistered only later), H (registered only later).
    expect(s['150204001001']).toMatchObject({ organizations: 4, newOrganizations: 1, projectsStarted: 1 });
    expect(s['150204001001']!.organizationsByTrack).toEqual([{ track: 'FILED', count: 3 }, { track: 'REGISTERED', count: 1 }]);
    // 150204001002: C registered in the last half hour; D filed at the first instant of 2021 is outside.
    expect(s['150204001002']).toMatchObject({ organizations: 1, newOrganizations: 1, projectsStarted: 0 });
    expect(s['150204001']).toMatchObject({ organizations: 5, newOrganizations: 2, projectsStarted: 1 });
    expect(s['150204002']).toMatchObject({ organizations: 1, newOrganizations: 1, projectsStarted: 1 });
    // The district: not F, which is in 150203.
    expect(s['150204']).toMatchObject({ organizations: 6, newOrganizations: 3, projectsStarted: 2 });
    expect(s['150203']).toMatchObject({ organizations: 1, newOrganizations: 1, projectsStarted: 0 });

    const street = s['150204001']!;
    expect(street.organizationsByTrack).toEqual([{ track: 'FILED', count: 3 }, { track: 'REGISTERED', count: 2 }]);
    expect(count(street.organizationsByCategory, 'category', 'CHARITY')).toBe(2);
    expect(count(street.organizationsByCategory, 'category', 'COMMUNITY_SERVICE')).toBe(2);
    expect(count(street.organizationsByCategory, 'category', 'SCIENCE_AND_TECHNOLOGY')).toBe(1);
    expect(count(street.organizationsByCategory, 'category', 'TRADE_ASSOCIATION')).toBe(0);
    // B's 4A (June 2020) is in force at the end of 2020; C's evaluation came in 2021.
    expect(street.organizationsByGrade).toEqual([
      { grade: 5, label: '5A', count: 0 },
      { grade: 4, label: '4A', count: 1 },
      { grade: 3, label: '3A', count: 0 },
      { grade: 2, label: '2A', count: 0 },
      { grade: 1, label: '1A', count: 0 },
    ]);
    expect(count(street.organizationsByServiceField, 'serviceField', 'ELDERLY')).toBe(5);
    expect(count(street.organizationsByServiceField, 'serviceField', 'VOLUNTEERING')).toBe(1);
    expect(count(s['150204']!.organizationsByServiceField, 'serviceField', 'YOUTH')).toBe(1);
    expect(street.organizationsByServiceField).toHaveLength(12);
  });

  it('gives a region without data zeros, with full breakdowns', async () => {
    const s = await stats(['150204003', '150204009001'], '2020-01-01', '2020-12-31');
    for (const figures of Object.values(s)) {
      expect(figures).toMatchObject({ organizations: 0, newOrganizations: 0, projectsStarted: 0 });
      expect(figures.organizationsByTrack).toEqual([{ track: 'FILED', count: 0 }, { track: 'REGISTERED', count: 0 }]);
      expect(figures.organizationsByCategory.every((c) => c.count === 0)).toBe(true);
      expect(figures.organizationsByServiceField).toHaveLength(12);
    }
  });
});

describe('RegionStatistics of a period ending today', () => {
  it('leaves out what was deregistered before the end, keeps the suspended, and counts a step to registration as no new organization', async () => {
    const from = `${thisYear - 1}-01-01`;
    const s = await stats(['150204001', '150204001001', '150204001002'], from, today);
    // A, B (suspended), H (registered today) in 001; C, D, J, I (filed today) in 002; G deregistered today.
    expect(s['150204001001']).toMatchObject({ organizations: 3, newOrganizations: 0 });
    expect(s['150204001001']!.organizationsByTrack).toEqual([{ track: 'FILED', count: 1 }, { track: 'REGISTERED', count: 2 }]);
    expect(s['150204001002']).toMatchObject({ organizations: 4, newOrganizations: 2 });
    expect(s['150204001']).toMatchObject({ organizations: 7, newOrganizations: 2, projectsStarted: 0 });
    // B's and C's grades have expired by now; J's 5A is in force.
    expect(s['150204001']!.organizationsByGrade.filter((g) => g.count > 0)).toEqual([{ grade: 5, label: '5A', count: 1 }]);
  });
});

describe('organizationsPer10kResidents', () => {
  it('divides by the population the gateway sends with the representation (@requires), null without residents', async () => {
    const id = (code: string) => statisticsId(code, '2020-01-01', '2020-12-31');
    const { result } = await entities(
      [
        { __typename: 'RegionStatistics', id: id('150204001'), population: 15_800 },
        { __typename: 'RegionStatistics', id: id('150204002'), population: 9_100 },
        { __typename: 'RegionStatistics', id: id('150204003'), population: 0 },
      ],
      'id organizations organizationsPer10kResidents',
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([
      { id: id('150204001'), organizations: 5, organizationsPer10kResidents: 3.16 }, // 5 / 15,800 × 10,000 = 3.1646…
      { id: id('150204002'), organizations: 1, organizationsPer10kResidents: 1.1 }, // 1.0989…
      { id: id('150204003'), organizations: 0, organizationsPer10kResidents: null },
    ]);
  });
});

describe('cost', () => {
  it('runs the same number of statements for 1 region as for 20', async () => {
    const codes = ['150204', '150204001', '150204002', '150204003', '150203', '150204001001', '150204001002', '150204002001', '150203001001'];
    for (let i = 1; codes.length < 20; i += 1) codes.push(`150204009${String(i).padStart(3, '0')}`);
    const representations = (list: string[]) => list.map((code) => ({ __typename: 'RegionStatistics', id: statisticsId(code, '2020-01-01', '2020-12-31') }));
    // The outbox relay polls on the same pool: the least of a few runs is the request's own cost.
    const least = async (list: string[]) => {
      let fewest = Number.POSITIVE_INFINITY;
      for (let run = 0; run < 3; run += 1) {
        const { result, statements } = await entities(representations(list));
        expect(result.errors).toBeUndefined();
        fewest = Math.min(fewest, statements);
      }
      return fewest;
    };
    const one = await least(codes.slice(0, 1));
    expect(await least(codes)).toBe(one);
    expect(one).toBe(1);
  });

  it('refuses a malformed id alone, answering the others', async () => {
    const { result } = await entities([
      { __typename: 'RegionStatistics', id: statisticsId('150204', '2020-01-01', '2020-12-31') },
      { __typename: 'RegionStatistics', id: '150204@2020-13-01..2020-12-31' },
    ]);
    expect(result.data!._entities[0]).toMatchObject({ organizations: 6 });
    expect(result.data!._entities[1]).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
