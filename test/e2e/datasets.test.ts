/**
 * The seed-true datasets end to end: Qingshan (seed 000) and Nanguan (seed 003) loaded through
 * the services' own mutations into five separate services, then the district data office's view
 * asked of the gateway in one query. The view only shows the articles' figures if every event the
 * load caused crossed NATS and was applied (funded posts, micro-fund spending, party coverage…).
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '@sanshe/infra/services';
import { eventually } from '@sanshe/testing';
import { loadDataset } from '@sanshe/infra/datasets';
import { QINGSHAN, QINGSHAN_PERIOD_FROM } from '../../infra/src/datasets/qingshan-figures.ts';
import { NANGUAN } from '../../infra/src/datasets/nanguan-plan.ts';
import { microWishes } from '../../infra/src/datasets/qingshan-plan.ts';
import { gatewayQuery, startE2ePlatform, type E2ePlatform } from './support/platform.ts';

let e2e: E2ePlatform;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

type Breakdown = { count: number } & Record<string, unknown>;
type Stats = Record<string, number | string | null | Breakdown[] | Stats[]>;

const VIEW = `query ($codes: [ID!]!, $from: String!, $to: String!) {
  regionStatistics(codes: $codes, from: $from, to: $to) {
    regionCode communities villages population
    deliberationPlatforms disputesResolved microWishesFulfilled microProjects microProjectCategories
    organizations organizationsPer10kResidents
    organizationsByTrack { track count } organizationsByServiceField { serviceField count }
    partyServiceStations partyOrganizationsByKind { kind count }
    certifiedSocialWorkers professionalSocialWorkersInOrganizations socialWorkStationsByKind { kind count }
    volunteers fundedSocialWorkPosts
    grantsAwarded awardedFen microFundSpentFen
  }
}`;

async function view(codes: string[]): Promise<Stats[]> {
  const result = await gatewayQuery<{ regionStatistics: Stats[] }>(e2e.platform.gatewayUrl, VIEW, { codes, from: QINGSHAN_PERIOD_FROM, to: today });
  expect(result.errors).toBeUndefined();
  return result.data!.regionStatistics;
}

const countOf = (list: unknown, key: string, value: string) => (list as Breakdown[]).find((b) => b[key] === value)?.count ?? 0;

beforeAll(async () => {
  e2e = await startE2ePlatform();
  // Step timings go beside the processes' logs: the load is the slow part of this suite.
  const logFile = join(repoRoot, '.local', 'logs', 'datasets-e2e.log');
  const log = (line: string) => appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`);
  await loadDataset(e2e.platform, 'qingshan', log);
  await loadDataset(e2e.platform, 'nanguan', log);
});

afterAll(async () => {
  await e2e?.stop();
});

describe('Qingshan district view reproduces seed 000', () => {
  it('counts regions, organizations, stations, platforms, workers, volunteers and disputes as the article does', async () => {
    const [district] = await eventually(async () => {
      const stats = await view([QINGSHAN.districtCode]);
      // Settled once the last linked effect (the micro-fund booking of the last wish) has arrived.
      const spent = stats[0]!.microFundSpentFen as number;
      return spent > 0 && (stats[0]!.fundedSocialWorkPosts as number) === 530 && spent === expectedMicroFundSpend() ? stats : null;
    }, 120_000);
    expect(district).toMatchObject({
      communities: QINGSHAN.communities,
      villages: QINGSHAN.villages,
      organizations: QINGSHAN.organizations,
      partyServiceStations: QINGSHAN.partyServiceStations,
      deliberationPlatforms: QINGSHAN.deliberationPlatforms,
      disputesResolved: QINGSHAN.disputesResolved,
      certifiedSocialWorkers: QINGSHAN.certifiedSocialWorkers,
      professionalSocialWorkersInOrganizations: QINGSHAN.socialWorkGraduatesInOrganizations,
      volunteers: QINGSHAN.volunteers,
      microWishesFulfilled: QINGSHAN.microWishesFulfilled,
      microProjects: QINGSHAN.microProjects,
      microProjectCategories: QINGSHAN.microProjectCategories,
      fundedSocialWorkPosts: QINGSHAN.communities * QINGSHAN.socialWorkPostsPerCommunity,
    });
    expect(countOf(district!.organizationsByServiceField, 'serviceField', 'ELDERLY')).toBe(QINGSHAN.elderlyServiceOrganizations);
    expect(countOf(district!.socialWorkStationsByKind, 'kind', 'STATION')).toBe(QINGSHAN.communitySocialWorkAgencies);
    expect(district!.awardedFen).toBe(QINGSHAN.socialWorkPostsFen + QINGSHAN.purchaseOfServicesFen + QINGSHAN.communityActivityFundFen * QINGSHAN.communities);
  });

  it('puts the micro-fund’s 1,742 projects and 5,316 wishes under 先锋道 street', async () => {
    const [street] = await view([QINGSHAN.microFundStreet]);
    expect(street).toMatchObject({ microProjects: 1742, microProjectCategories: 13, microWishesFulfilled: 5316, microFundSpentFen: expectedMicroFundSpend() });
  });

  it('exports the district and its streets as CSV with the same figures', async () => {
    const base = e2e.platform.gatewayUrl.replace('/graphql', '');
    const response = await fetch(`${base}/exports/region-statistics.csv?codes=${QINGSHAN.districtCode}&from=${QINGSHAN_PERIOD_FROM}&to=${today}&children=true`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    const [header, district, ...children] = (await response.text()).slice(1).trim().split('\r\n').map((line) => line.split(','));
    const column = (name: string) => header!.indexOf(name);
    expect(district![column('organizations')]).toBe('769');
    expect(district![column('disputesResolved')]).toBe('8363');
    expect(district![column('organizationsByServiceField.ELDERLY')]).toBe('43');
    // Eight streets and two towns.
    expect(children).toHaveLength(10);
    expect(children.reduce((sum, row) => sum + Number(row[column('organizations')]), 0)).toBe(769);

    const json = await fetch(`${base}/exports/region-statistics.json?codes=${QINGSHAN.districtCode}&from=${QINGSHAN_PERIOD_FROM}&to=${today}`);
    const body = (await json.json()) as { regions: Stats[] };
    expect(body.regions[0]).toMatchObject({ regionCode: QINGSHAN.districtCode, volunteers: 25_000 });
  });

  it('refuses a bad export with the field named', async () => {
    const base = e2e.platform.gatewayUrl.replace('/graphql', '');
    const response = await fetch(`${base}/exports/region-statistics.csv?codes=${QINGSHAN.districtCode}&from=2017-13-01&to=${today}`);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'BAD_USER_INPUT', field: 'from' } });
  });
});

describe('Nanguan district view reproduces seed 003', () => {
  it('counts 667 community social organizations and the streets’ figures', async () => {
    const [district, minkang, shuguang, hongcheng] = await eventually(async () => {
      const stats = await view([NANGUAN.districtCode, NANGUAN.minkang.code, NANGUAN.shuguang.code, NANGUAN.hongcheng.code]);
      return countOf(stats[2]!.partyOrganizationsByKind, 'kind', 'BRANCH') === NANGUAN.shuguang.partyOrganizations ? stats : null;
    }, 60_000);
    expect(district).toMatchObject({ organizations: 667, communities: 59, grantsAwarded: NANGUAN.ventureGrants, awardedFen: NANGUAN.ventureFen });
    expect([countOf(minkang!.organizationsByTrack, 'track', 'REGISTERED'), countOf(minkang!.organizationsByTrack, 'track', 'FILED')]).toEqual([23, 35]);
    expect(countOf(minkang!.socialWorkStationsByKind, 'kind', 'CENTRE')).toBe(4);
    expect([countOf(shuguang!.organizationsByTrack, 'track', 'REGISTERED'), countOf(shuguang!.organizationsByTrack, 'track', 'FILED')]).toEqual([6, 65]);
    expect(hongcheng).toMatchObject({ communities: 5, villages: 1, organizations: 14 });
  });
});

/** What the plan pledged for the wishes: all of it is spent once every fulfilment is booked. */
function expectedMicroFundSpend(): number {
  return microWishes().reduce((sum, wish) => sum + wish.amountFen, 0);
}
