/**
 * End to end: the five subgraphs and the gateway as separate processes, each service on its own
 * database, events over real NATS JetStream. Every assertion below that mentions another domain
 * is only true if an event crossed NATS and was applied by the consuming service.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES } from '@sanshe/infra/services';
import type { RunningPlatform } from '@sanshe/infra/stack';
import type { DevIssuer } from '@sanshe/auth';
import { eventually } from '@sanshe/testing';
import { metricsUrlOf, scrapeMetrics, SECRET_HEADER } from '@sanshe/service-kit';
import { gatewayQuery, startE2ePlatform, type E2ePlatform } from './support/platform.ts';

/** The subgraphs that add figures to self-governance's RegionStatistics entity. */
const FIGURE_SUBGRAPHS = ['organizations', 'party-building', 'social-work', 'funding'] as const;

let e2e: E2ePlatform;
let platform: RunningPlatform;
let issuer: DevIssuer;
/** District-office staff of Qingshan: writes go through the subgraphs' authorization. */
let token = '';

async function gql<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) {
  return gatewayQuery<T>(platform.gatewayUrl, query, variables, token);
}

beforeAll(async () => {
  e2e = await startE2ePlatform();
  ({ platform, issuer } = e2e);
  token = await issuer.mint('e2e-district-office', { roles: ['district_office'], scope_codes: ['150204'] });
});

afterAll(async () => {
  await e2e?.stop();
});

describe('linkage across the federation', () => {
  const community = '150204004001';
  let organizationIds: string[] = [];

  it('registers the region tree in self-governance', async () => {
    for (const input of [
      { code: '150204', name: '青山区', level: 'DISTRICT' },
      { code: '150204004', name: '先锋道街道', level: 'STREET' },
      { code: community, name: '先锋道第1社区', level: 'COMMUNITY', population: 8600, households: 3300 },
    ]) {
      const result = await gql(`mutation ($input: RegisterRegionInput!) { registerRegion(input: $input) { code } }`, { input });
      expect(result.errors).toBeUndefined();
    }
  });

  it('organizations accepts the community only after its event crossed NATS', async () => {
    const file = (name: string, filingNumber: string) =>
      gql<{ fileOrganization: { id: string } }>(
        `mutation ($input: FileOrganizationInput!) { fileOrganization(input: $input) { id } }`,
        { input: { name, communityCode: community, category: 'COMMUNITY_SERVICE', serviceFields: ['ELDERLY'], filingNumber } },
      );
    const first = await eventually(async () => {
      const result = await file('先锋道夕阳红志愿服务队', 'E2E-001');
      if (result.errors?.[0]?.extensions?.code === 'UNKNOWN_COMMUNITY') return undefined;
      expect(result.errors).toBeUndefined();
      return result.data!.fileOrganization.id;
    });
    const second = await file('先锋道邻里调解协会', 'E2E-002');
    expect(second.errors).toBeUndefined();
    organizationIds = [first, second.data!.fileOrganization.id];
  });

  it('names an organization’s community from the region event organizations applied', async () => {
    // The plan asks organizations alone (Organization.community @provides the name): the name
    // is the one self-governance published, carried by NATS into organizations' region copy.
    const result = await gql<{ organizations: { edges: { node: { community: { code: string; name: string } } }[] } }>(
      `{ organizations(filter: { name: "先锋道" }, first: 5) { edges { node { community { code name } } } } }`,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.organizations.edges.map((e) => e.node.community)).toEqual([
      { code: community, name: '先锋道第1社区' },
      { code: community, name: '先锋道第1社区' },
    ]);
  });

  it('party-building founds a joint branch over organizations it learned by event; funding pays the subsidy by event', async () => {
    const result = await eventually(async () => {
      const r = await gql<{ foundPartyOrganization: { id: string } }>(
        `mutation ($input: FoundPartyOrganizationInput!) { foundPartyOrganization(input: $input) { id } }`,
        {
          input: {
            name: '先锋道社会组织联合党支部',
            kind: 'JOINT_BRANCH',
            regionCode: community,
            fullMembers: 5,
            organizationIds,
          },
        },
      );
      const code = r.errors?.[0]?.extensions?.code;
      if (code === 'UNKNOWN_COMMUNITY' || code === 'NOT_FOUND') return undefined;
      expect(r.errors).toBeUndefined();
      return r.data!.foundPartyOrganization.id;
    });
    expect(result).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('one gateway query for the community touches all five subgraphs', async () => {
    const data = await eventually(async () => {
      const r = await gql<{
        community: {
          name: string;
          street: { code: string };
          organizations: { totalCount: number; edges: { node: { id: string; partyOrganization: { kind: string } | null } }[] };
          partyOrganizations: { totalCount: number };
          certifiedSocialWorkerCount: number;
          funding: { subsidiesPaidFen: number; awardedFen: number };
        };
      }>(`{
        community(code: "${community}") {
          name
          street { code }
          organizations { totalCount edges { node { id partyOrganization { kind } } } }
          partyOrganizations { totalCount }
          certifiedSocialWorkerCount
          funding { subsidiesPaidFen awardedFen }
        }
      }`);
      expect(r.errors).toBeUndefined();
      // The subsidy is paid by funding after party-building's event; wait for it.
      return r.data!.community.funding.subsidiesPaidFen > 0 ? r.data! : undefined;
    });
    expect(data.community.name).toBe('先锋道第1社区');
    expect(data.community.street.code).toBe('150204004');
    expect(data.community.organizations.totalCount).toBe(2);
    expect(data.community.organizations.edges.every((e) => e.node.partyOrganization?.kind === 'JOINT_BRANCH')).toBe(true);
    expect(data.community.partyOrganizations.totalCount).toBe(1);
    expect(data.community.certifiedSocialWorkerCount).toBe(0);
    // Seed 000: 3,000 yuan, once.
    expect(data.community.funding.subsidiesPaidFen).toBe(300_000);
    expect(data.community.funding.awardedFen).toBe(0);
  });

  it('social work and funding accept the community and organization they learned by event', async () => {
    const worker = await gql(
      `mutation ($input: RegisterSocialWorkerInput!) { registerSocialWorker(input: $input) { id name } }`,
      {
        input: {
          name: '王晓燕',
          communityCode: community,
          certificationLevel: 'INTERMEDIATE',
          certificateNumber: 'E2E-S-001',
          certifiedOn: '2016-11-20',
          employment: 'AGENCY',
          employerOrganizationId: organizationIds[0],
        },
      },
    );
    expect(worker.errors).toBeUndefined();
    const programme = await gql<{ createProgramme: { id: string } }>(
      `mutation { createProgramme(input: { name: "先锋道社区微基金", kind: MICRO_FUND, budgetFen: 30000000 }) { id } }`,
    );
    const grant = await gql(`mutation ($input: AwardGrantInput!) { awardGrant(input: $input) { id amountFen } }`, {
      input: { programmeId: programme.data!.createProgramme.id, title: '楼道微改造', communityCode: community, organizationId: organizationIds[1], amountFen: 500_000 },
    });
    expect(grant.errors).toBeUndefined();
    const after = await gql<{ community: { certifiedSocialWorkerCount: number; funding: { awardedFen: number } } }>(
      `{ community(code: "${community}") { certifiedSocialWorkerCount funding { awardedFen } } }`,
    );
    expect(after.data!.community).toEqual({ certifiedSocialWorkerCount: 1, funding: { awardedFen: 500_000 } });
  });

  it('every process reports ready, and subgraphs refuse callers other than the gateway', async () => {
    const ready = await fetch(platform.gatewayUrl.replace('/graphql', '/readyz'));
    expect(ready.status).toBe(200);
    for (const service of SERVICES) {
      const direct = await fetch(platform.serviceUrls[service], {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(direct.status).toBe(401);
    }
  });

  it('a micro-wish posted in self-governance becomes a social-work case; closing it fulfils the wish (社区发现需求 → 社工服务 → 心愿达成)', async () => {
    const worker = await gql<{ registerSocialWorker: { id: string } }>(
      `mutation ($input: RegisterSocialWorkerInput!) { registerSocialWorker(input: $input) { id } }`,
      { input: { name: '李志强', communityCode: community, employment: 'GOVERNMENT_POST', certificationLevel: 'ASSISTANT', certificateNumber: 'E2E-A-002', certifiedOn: '2018-12-01' } },
    );
    expect(worker.errors).toBeUndefined();
    const posted = await gql<{ postMicroWish: { id: string; need: { id: string } | null } }>(
      `mutation ($input: PostMicroWishInput!) { postMicroWish(input: $input) { id status } }`,
      { input: { communityCode: community, title: '独居老人家中换灯泡', category: 'ELDERLY_CARE', urgency: 'NORMAL', poster: { name: '张桂兰', phone: '13904721234' } } },
    );
    expect(posted.errors).toBeUndefined();
    const wishId = posted.data!.postMicroWish.id;
    const wish = await gql<{ microWish: { needId?: string; need?: { id: string } } }>(`{ microWish(id: "${wishId}") { need { id } } }`);
    const needId = wish.data!.microWish.need!.id;

    // The need crosses NATS to social work, which opens a case and matches it.
    const caseId = await eventually(async () => {
      const r = await gql<{ serviceCaseByNeed: { id: string; status: string; socialWorker: { id: string } | null } | null }>(
        `{ serviceCaseByNeed(needId: "${needId}") { id status socialWorker { id } } }`,
      );
      return r.data?.serviceCaseByNeed?.id;
    });
    // …and the case-opened event crosses back: the need is in service.
    await eventually(async () => {
      const r = await gql<{ need: { status: string } }>(`{ need(id: "${needId}") { status } }`);
      return r.data?.need.status === 'IN_SERVICE';
    });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const served = await gql(`mutation ($input: RecordCaseServiceInput!) { recordCaseService(input: $input) { id } }`, {
      input: { caseId, socialWorkerId: worker.data!.registerSocialWorker.id, serviceDate: today, minutes: 45 },
    });
    expect(served.errors).toBeUndefined();
    const closed = await gql(`mutation { closeServiceCase(input: { caseId: "${caseId}", resolved: true }) { status } }`);
    expect(closed.errors).toBeUndefined();

    const fulfilled = await eventually(async () => {
      const r = await gql<{ microWish: { status: string }; need: { status: string } }>(
        `{ microWish(id: "${wishId}") { status } need(id: "${needId}") { status } }`,
      );
      return r.data?.microWish.status === 'FULFILLED' ? r.data : undefined;
    });
    expect(fulfilled.need.status).toBe('FULFILLED');

    // Who may see it: the need is not public. Anonymous callers neither read nor write.
    const anonymous = async (query: string) => {
      const response = await fetch(platform.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
      return (await response.json()) as { data?: Record<string, unknown> | null; errors?: { extensions?: { code?: string } }[] };
    };
    expect((await anonymous(`{ need(id: "${needId}") { status } }`)).data).toEqual({ need: null });
    const write = await anonymous(`mutation { registerRegion(input: { code: "150204004009", name: "x", level: COMMUNITY }) { code } }`);
    expect(write.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const expired = await fetch(platform.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await issuer.mint('e2e', { roles: ['district_office'], scope_codes: ['150204'] }, { expiresIn: '-5m' })}` },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(expired.status).toBe(401);
  });

  it('publishes open data through the gateway: HSDS organizations and the 360Giving grants package', async () => {
    const base = platform.gatewayUrl.replace('/graphql', '');
    const hsds = await fetch(`${base}/open-data/hsds/organizations`);
    expect(hsds.status).toBe(200);
    const organizations = (await hsds.json()) as { total_items: number; contents: { name: string }[] };
    expect(organizations.total_items).toBe(2);
    expect(organizations.contents.map((o) => o.name).sort()).toEqual(['先锋道夕阳红志愿服务队', '先锋道邻里调解协会']);
    const giving = await fetch(`${base}/open-data/360giving/grants.json`);
    expect(giving.status).toBe(200);
    const pkg = (await giving.json()) as { grants: { title: string; amountAwarded: number; currency: string }[] };
    expect(pkg.grants).toHaveLength(1);
    expect(pkg.grants[0]).toMatchObject({ title: '楼道微改造', amountAwarded: 5000, currency: 'CNY' });
  });
  it('exports the district view as CSV and JSON, the same figures the graph gives, refusing bad input by field', async () => {
    const base = platform.gatewayUrl.replace('/graphql', '');
    const from = '2020-01-01';
    const to = '2030-12-31';
    const graph = await gql<{ regionStatistics: { regionCode: string; name: string; organizations: number; partyOrganizations: number; children: { regionCode: string }[] }[] }>(
      `query ($codes: [ID!]!, $from: String!, $to: String!) {
        regionStatistics(codes: $codes, from: $from, to: $to) { regionCode name organizations partyOrganizations children { regionCode } }
      }`,
      { codes: ['150204'], from, to },
    );
    expect(graph.errors).toBeUndefined();
    const district = graph.data!.regionStatistics[0]!;
    // Two organizations filed, one joint branch founded earlier in this file.
    expect(district).toMatchObject({ regionCode: '150204', name: '青山区', organizations: 2, partyOrganizations: 1 });

    const json = await fetch(`${base}/exports/region-statistics.json?codes=150204&from=${from}&to=${to}&children=true`, { headers: { authorization: `Bearer ${token}` } });
    expect(json.status).toBe(200);
    expect(json.headers.get('content-disposition')).toBe(`attachment; filename="region-statistics-${from}_${to}.json"`);
    const exported = (await json.json()) as { period: { from: string; to: string }; regions: { regionCode: string; organizations: number; partyOrganizations: number; children: { regionCode: string }[] }[] };
    expect(exported.period).toEqual({ from, to });
    expect(exported.regions).toHaveLength(1);
    expect(exported.regions[0]).toMatchObject({ regionCode: '150204', organizations: 2, partyOrganizations: 1 });
    expect(exported.regions[0]!.children.map((c) => c.regionCode)).toEqual(district.children.map((c) => c.regionCode));

    // Anonymous callers get the same public aggregates; one row per region, the street after its district.
    const csv = await fetch(`${base}/exports/region-statistics.csv?codes=150204&from=${from}&to=${to}&children=1`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    // Read the bytes: Response.text() would swallow the byte-order mark spreadsheets need.
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = new TextDecoder().decode(bytes).trimEnd().split('\r\n');
    const columns = header!.split(',');
    const cell = (row: string, column: string) => row.split(',')[columns.indexOf(column)];
    expect(rows).toHaveLength(2);
    expect(cell(rows[0]!, 'regionCode')).toBe('150204');
    expect(cell(rows[0]!, 'organizations')).toBe('2');
    expect(cell(rows[1]!, 'regionCode')).toBe('150204004');
    expect(cell(rows[1]!, 'partyOrganizations')).toBe('1');

    const missing = await fetch(`${base}/exports/region-statistics.csv?codes=150204&to=${to}`);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: { code: 'BAD_USER_INPUT', field: 'from' } });
    // A period the subgraphs refuse comes back as the same typed error, not a 500.
    const backwards = await fetch(`${base}/exports/region-statistics.json?codes=150204&from=${to}&to=${from}`);
    expect(backwards.status).toBe(400);
    expect(await backwards.json()).toMatchObject({ error: { code: 'BAD_USER_INPUT' } });
  });
  it('a district with its streets costs each figure subgraph no more statements than the district alone (entity fetches merged)', async () => {
    const statements = async (service: (typeof SERVICES)[number]) =>
      (await scrapeMetrics(metricsUrlOf(platform.serviceUrls[service]), { [SECRET_HEADER]: platform.secrets[service] }, { n: 'sanshe_sql_statements_total' })).n;
    const figures = 'organizations partyOrganizations volunteers awardedFen';
    const cost = async (selection: string) => {
      // The fewest of three tries: an outbox relay's occasional poll adds statements of its own.
      const fewest: Record<string, number> = {};
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const before = await Promise.all(FIGURE_SUBGRAPHS.map(statements));
        const result = await gql(`query ($codes: [ID!]!) { regionStatistics(codes: $codes, from: "2020-01-01", to: "2030-12-31") { ${selection} } }`, { codes: ['150204'] });
        expect(result.errors).toBeUndefined();
        const after = await Promise.all(FIGURE_SUBGRAPHS.map(statements));
        FIGURE_SUBGRAPHS.forEach((service, i) => (fewest[service] = Math.min(fewest[service] ?? Infinity, after[i]! - before[i]!)));
      }
      return fewest;
    };
    const alone = await cost(figures);
    const withStreets = await cost(`${figures} children { regionCode ${figures} }`);
    for (const service of FIGURE_SUBGRAPHS) expect(alone[service]).toBeGreaterThan(0);
    // The plan fetches the district's and the streets' figures in parallel; the gateway sends
    // them to each subgraph as one operation, whose DataLoader answers both in one statement.
    expect(withStreets).toEqual(alone);
  });
});

