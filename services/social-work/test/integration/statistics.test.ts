/**
 * The social-work part of RegionStatistics on a fixture across two streets of Qingshan (150204)
 * and a community of another district (150206): stock figures at the end of the period, flow
 * figures inside it, records outside the period or the region not counted, a region without data
 * all zeros — and one statement per period however many regions are asked for. The statistics
 * rollup is checked against the rows it sums (by the migration's own backfill statement).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { funding } from '@sanshe/events';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { socialWorkSubgraph } from '../../src/app.ts';
import { caseOfNeed, reportNeed } from '../factories/cases.ts';
import { grantAwarded, grantSuspended } from '../factories/funding-events.ts';
import { entities, ok, refused } from '../factories/graphql.ts';
import { publicReader } from '../factories/identities.ts';
import { importRecords, importVolunteers } from '../factories/imports.ts';
import { announceOrganization, announceRegions, deliver, REGIONS, type RegionSpec } from '../factories/replica-events.ts';
import { certificate, registerSocialWorker } from '../factories/social-workers.ts';
import { recordService } from '../factories/volunteers.ts';
import { districtDate } from '@sanshe/service-kit';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;
const TODAY = districtDate(new Date());
const P2024 = '2024-01-01..2024-12-31';
const SINCE_2025 = `2025-01-01..${TODAY}`;

const ELSEWHERE: RegionSpec[] = [
  { code: '150206', name: '白云鄂博矿区', level: 'district' },
  { code: '150206001', name: '矿山路街道', level: 'street' },
  { code: '150206001001', name: '矿山路第一社区', level: 'community' },
];

const OPEN_STATION = `mutation ($input: OpenSocialWorkStationInput!) { openSocialWorkStation(input: $input) { id } }`;
const CLOSE = `mutation ($input: CloseServiceCaseInput!) { closeServiceCase(input: $input) { id } }`;

beforeAll(async () => {
  service = await subgraphs.start('social-work', socialWorkSubgraph);
  await announceRegions(bus, service, [...REGIONS, ...ELSEWHERE]);
  const agency = await announceOrganization(bus, service, { communityCode: '150204001001' });
  const agencyElsewhere = await announceOrganization(bus, service, { communityCode: '150206001001' });

  // Social workers. The register has no historical registration, so the fixture dates them by hand.
  const workers = [
    await registerSocialWorker(service, { communityCode: '150204001001', employment: 'AGENCY', employerOrganizationId: agency, socialWorkGraduate: true, ...certificate('INTERMEDIATE', '2021-06-19') }),
    await registerSocialWorker(service, { communityCode: '150204001001', ...certificate('ASSISTANT', '2024-05-01') }),
    await registerSocialWorker(service, { communityCode: '150204001002', employment: 'AGENCY', employerOrganizationId: agency, socialWorkGraduate: true }),
    // A graduate on a government post is not in an organization.
    await registerSocialWorker(service, { communityCode: '150204002001', socialWorkGraduate: true, ...certificate('SENIOR', '2025-02-01') }),
    await registerSocialWorker(service, { communityCode: '150206001001', employment: 'AGENCY', employerOrganizationId: agencyElsewhere, socialWorkGraduate: true, ...certificate('ASSISTANT', '2020-01-01') }),
  ];
  const late = await registerSocialWorker(service, { communityCode: '150204002001' });
  await service.database.sql`update social_workers set registered_at = '2023-06-01T00:00:00+08:00' where id = any(${workers.map((w) => w.id)}::uuid[])`;
  await service.database.sql`update social_workers set registered_at = '2025-03-01T00:00:00+08:00' where id = ${late.id}`;

  for (const [name, kind, communityCode, openedOn] of [
    ['筑梦', 'STATION', '150204001001', '2020-05-01'],
    ['启航', 'CENTRE', '150204002001', '2024-06-01'],
    ['初心', 'STATION', '150204002002', '2025-01-10'],
    ['心悦', 'STATION', '150206001001', '2023-01-01'],
  ] as const) {
    await ok(service, OPEN_STATION, { input: { name, kind, communityCode, openedOn } });
  }

  const [v1, v2, v3, , v5] = await importVolunteers(service, [
    { communityCode: '150204001001', registeredAt: '2023-03-01T10:00:00+08:00' },
    { communityCode: '150204001002', registeredAt: '2024-07-01T10:00:00+08:00' },
    // The period's last minute and the next one's first, district time.
    { communityCode: '150204002001', registeredAt: '2024-12-31T23:59:00+08:00' },
    { communityCode: '150204002001', registeredAt: '2025-01-01T00:01:00+08:00' },
    { communityCode: '150206001001', registeredAt: '2023-01-01T10:00:00+08:00' },
  ]);
  await importRecords(service, [
    { volunteerId: v1, organizationId: agency, serviceDate: '2024-03-10', minutes: 60 },
    { volunteerId: v1, organizationId: agency, serviceDate: '2023-12-31', minutes: 30 },
    { volunteerId: v2, organizationId: agency, startsAt: '2024-07-15T09:00:00+08:00', endsAt: '2024-07-15T11:30:00+08:00' },
    { volunteerId: v3, organizationId: agency, serviceDate: '2025-01-01', minutes: 20 },
    { volunteerId: v5, organizationId: agencyElsewhere, serviceDate: '2024-03-10', minutes: 500 },
  ]);
  // Live: one recorded and verified on the period's last day, one recorded and never verified.
  await recordService(service, v1!, agency, { serviceDate: '2024-12-31', minutes: 45 });
  await recordService(service, v1!, agency, { serviceDate: '2024-05-05', minutes: 100 }, false);

  const award = (communityCode: string, socialWorkPosts: number, time: string) => grantAwarded({ communityCode, socialWorkPosts, time: new Date(time) });
  const suspended = award('150204002001', 2, '2024-03-01T00:00:00Z');
  for (const event of [
    award('150204001001', 3, '2024-02-01T00:00:00Z'),
    suspended,
    award('150204002002', 4, '2025-02-01T00:00:00Z'),
    award('150206001001', 7, '2024-01-01T00:00:00Z'),
  ]) {
    await deliver(bus, funding.grantAwarded, event);
  }
  await deliver(bus, funding.grantSuspended, grantSuspended(suspended.data.grantId, suspended.data.organizationId!, new Date('2024-10-01T00:00:00Z')));

  // Cases open (and one closes) now: in the period since 2025, not in 2024.
  const needs = [await reportNeed(bus, { communityCode: '150204001001' }), await reportNeed(bus, { communityCode: '150204001001' }), await reportNeed(bus, { communityCode: '150206001001' })];
  const first = await caseOfNeed(service, needs[0]!.data.needId);
  await ok(service, CLOSE, { input: { caseId: first.id, resolved: false, reason: 'WITHDRAWN' } });
}, 60_000);

const FIGURES = `id socialWorkers certifiedSocialWorkers certifiedSocialWorkersByLevel { level count } professionalSocialWorkersInOrganizations
  socialWorkStationsByKind { kind count } volunteers volunteerMinutes volunteerRecords serviceCasesOpened serviceCasesClosed fundedSocialWorkPosts`;

async function statistics(ids: string[], identity = publicReader) {
  return entities<Record<string, unknown>>(service, ids.map((id) => ({ __typename: 'RegionStatistics', id })), `... on RegionStatistics { ${FIGURES} }`, identity);
}

/** The figures as numbers: [workers, certified, [assistant, intermediate, senior], professionals, [stations, centres], volunteers, minutes, records, opened, closed, posts]. */
function figures(
  id: string,
  [socialWorkers, certifiedSocialWorkers, [assistant, intermediate, senior], professional, [stations, centres], volunteers, volunteerMinutes, volunteerRecords, opened, closed, posts]: [
    number, number, [number, number, number], number, [number, number], number, number, number, number, number, number,
  ],
) {
  return {
    id,
    socialWorkers,
    certifiedSocialWorkers,
    certifiedSocialWorkersByLevel: [
      { level: 'ASSISTANT', count: assistant },
      { level: 'INTERMEDIATE', count: intermediate },
      { level: 'SENIOR', count: senior },
    ],
    professionalSocialWorkersInOrganizations: professional,
    socialWorkStationsByKind: [
      { kind: 'STATION', count: stations },
      { kind: 'CENTRE', count: centres },
    ],
    volunteers,
    volunteerMinutes,
    volunteerRecords,
    serviceCasesOpened: opened,
    serviceCasesClosed: closed,
    fundedSocialWorkPosts: posts,
  };
}

describe('RegionStatistics (social work)', () => {
  it('counts 2024 in the district, its streets and communities: nothing from before, after or elsewhere', async () => {
    const ids = ['150204', '150204001', '150204002', '150204001001', '150204001002', '150204002001', '150204002002', '150206'].map((code) => `${code}@${P2024}`);
    expect(await statistics(ids)).toEqual([
      // 4 workers (not the one registered in 2025); certified by the end of 2024: the assistant
      // and the intermediate (the senior's certificate is from 2025); 2 graduates at agencies;
      // volunteers registered up to 2024-12-31 23:59; 60 + 150 + 45 verified minutes served in
      // 2024 (not 2023's 30, not the unverified 100, not 2025's 20); cases all opened in 2025+;
      // posts: 3 (the 2 were suspended in October, the 4 awarded in 2025).
      figures(ids[0]!, [4, 2, [1, 1, 0], 2, [1, 1], 3, 255, 3, 0, 0, 3]),
      figures(ids[1]!, [3, 2, [1, 1, 0], 2, [1, 0], 2, 255, 3, 0, 0, 3]),
      figures(ids[2]!, [1, 0, [0, 0, 0], 0, [0, 1], 1, 0, 0, 0, 0, 0]),
      figures(ids[3]!, [2, 2, [1, 1, 0], 1, [1, 0], 1, 105, 2, 0, 0, 3]),
      figures(ids[4]!, [1, 0, [0, 0, 0], 1, [0, 0], 1, 150, 1, 0, 0, 0]),
      figures(ids[5]!, [1, 0, [0, 0, 0], 0, [0, 1], 1, 0, 0, 0, 0, 0]),
      // A region without data: zeros, breakdowns listed in full.
      figures(ids[6]!, [0, 0, [0, 0, 0], 0, [0, 0], 0, 0, 0, 0, 0, 0]),
      figures(ids[7]!, [1, 1, [1, 0, 0], 1, [1, 0], 1, 500, 1, 0, 0, 7]),
    ]);
  });

  it('counts since 2025: later registrations, certificates and awards; cases opened and closed now', async () => {
    const ids = ['150204', '150204001001', '150204002', '150206'].map((code) => `${code}@${SINCE_2025}`);
    expect(await statistics(ids)).toEqual([
      figures(ids[0]!, [5, 3, [1, 1, 1], 2, [2, 1], 4, 20, 1, 2, 1, 7]),
      figures(ids[1]!, [2, 2, [1, 1, 0], 1, [1, 0], 1, 0, 0, 2, 1, 3]),
      figures(ids[2]!, [2, 1, [0, 0, 1], 0, [1, 1], 2, 20, 1, 0, 0, 4]),
      figures(ids[3]!, [1, 1, [1, 0, 0], 1, [1, 0], 1, 0, 0, 1, 0, 7]),
    ]);
  });

  it('sums ragged periods from days and whole months from months', async () => {
    // 5 March to 20 July 2024: April–June from month rows, the edges from day rows.
    const [district, community] = await statistics([`150204@2024-03-05..2024-07-20`, `150204001002@2024-07-15..2024-07-15`]);
    expect([district!.volunteerMinutes, district!.volunteerRecords]).toEqual([210, 2]);
    expect([community!.volunteerMinutes, community!.volunteerRecords]).toEqual([150, 1]);
    const [inside, before] = await statistics([`150204001001@2024-03-10..2024-03-10`, `150204001001@2024-03-01..2024-03-09`]);
    expect([inside!.volunteerMinutes, before!.volunteerMinutes]).toEqual([60, 0]);
  });

  it('is the same for every caller (public aggregates) and refuses an id that is not a statistics key', async () => {
    const id = `150204@${P2024}`;
    const asOperator = await entities(service, [{ __typename: 'RegionStatistics', id }], `... on RegionStatistics { ${FIGURES} }`);
    expect(await statistics([id])).toEqual(asOperator);
    expect(await refused(service, `query ($r: [_Any!]!) { _entities(representations: $r) { ... on RegionStatistics { volunteers } } }`, {
      r: [{ __typename: 'RegionStatistics', id: '150204@2024-13-01..2024-12-31' }],
    })).toEqual({ code: 'BAD_USER_INPUT', field: 'from' });
  });

  it('runs the same number of statements for 1 region as for 20, one per period', async () => {
    const codes = ['150204', '150204001', '150204002', '150206', '150206001', ...REGIONS.map((r) => r.code), ...ELSEWHERE.map((r) => r.code), '150204003', '150204003001', '150204009001', '150205', '150207'];
    expect(codes).toHaveLength(20);
    const count = async (ids: string[]) => {
      const before = service.database.statementCount();
      await statistics(ids);
      return service.database.statementCount() - before;
    };
    const one = await count([`150204@${P2024}`]);
    expect(one).toBe(1);
    expect(await count(codes.map((code) => `${code}@${P2024}`))).toBe(one);
    expect(await count([...codes.map((code) => `${code}@${P2024}`), ...codes.map((code) => `${code}@${SINCE_2025}`)])).toBe(one + 1);
  });

  it('keeps the rollup equal to the rows it sums (the migration backfill recomputes it)', async () => {
    const migration = readFileSync(new URL('../../drizzle/0006_funded_posts_statistics_rollup.sql', import.meta.url), 'utf8');
    const backfill = migration.split('--> statement-breakpoint').find((s) => s.includes('INSERT INTO "statistics_rollup"'))!;
    const sql = service.database.sql;
    await sql.begin(async (tx) => {
      await tx`create temporary table recomputed (like statistics_rollup including defaults) on commit drop`;
      await tx.unsafe(backfill.replace('INSERT INTO "statistics_rollup"', 'INSERT INTO recomputed'));
      const differences = await tx`
        (select * from statistics_rollup except select * from recomputed)
        union all
        (select * from recomputed except select * from statistics_rollup)`;
      expect(differences).toEqual([]);
      const [{ n }] = (await tx`select count(*)::int as n from recomputed`) as unknown as [{ n: number }];
      expect(n).toBeGreaterThan(20);
    });
  });
});
