/**
 * Open data: the organizations subgraph's HSDS 3 API, read through the gateway's HTTP server at
 * /open-data/hsds/… as the public reads it, and validated against the HSDS 3 JSON schemas.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES, serviceEnvKey } from '@sanshe/infra/services';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { loadGatewayEnvironment } from '../../../../gateway/src/environment.ts';
import { openDataRoutes } from '../../../../gateway/src/open-data/proxy.ts';
import { startGateway, type RunningGateway } from '../../../../gateway/src/server.ts';
import { organizationsSubgraph } from '../../src/app.ts';
import { serviceId } from '../../src/open-data/hsds-ids.ts';
import { allKeys, assertValid, hsdsValidators } from '../factories/hsds.ts';
import { ok, prepareOrganization, step, STEP } from '../factories/lifecycle.ts';
import { fileOrganization, registerOrganization } from '../factories/organizations.ts';
import { seedKnownRegions } from '../factories/regions.ts';
import { districtDate } from '@sanshe/service-kit';

const subgraphs = testSubgraphs();
let service: AnySubgraph;
const gateways: RunningGateway[] = [];
let base = '';
const validators = hsdsValidators();
const today = districtDate();

/** Words that are on record but must never be published. */
const INTERNAL = ['内部备注-停业整顿', '内部备注-注销原因'];

function gatewayEnv(organizationsUrl: string, organizationsSecret: string, timeoutMs = 5_000) {
  const source: Record<string, string> = { GATEWAY_PORT: '0', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', SUBGRAPH_TIMEOUT_MS: String(timeoutMs) };
  for (const name of SERVICES) source[`${serviceEnvKey(name)}_SECRET`] = `${name}-secret-0123456789`;
  source.ORGANIZATIONS_URL = organizationsUrl;
  source.ORGANIZATIONS_SECRET = organizationsSecret;
  return loadGatewayEnvironment(source, { exitOnError: false });
}

async function gatewayFor(organizationsUrl: string, organizationsSecret: string, timeoutMs?: number): Promise<string> {
  const env = gatewayEnv(organizationsUrl, organizationsSecret, timeoutMs);
  const gateway = await startGateway(env, { routes: openDataRoutes(env) });
  gateways.push(gateway);
  return gateway.url.replace(/\/graphql$/, '/open-data/hsds');
}

const ids: Record<string, string> = {};

beforeAll(async () => {
  service = await subgraphs.start('organizations', organizationsSubgraph);
  await seedKnownRegions(service);
  base = await gatewayFor(service.url, service.secret);

  ids.filed = (
    await fileOrganization(service, {
      name: '先锋道夕阳红老年协会',
      serviceFields: ['ELDERLY', 'CULTURE_AND_SPORTS'],
      description: '组织社区老年人开展文体活动，提供助餐和陪伴服务。',
      email: 'xiyanghong@example.org',
      phone: '0472-2123456',
      website: 'https://xiyanghong.example.org',
      staffCount: 3,
      memberCount: 120,
    })
  ).id;
  ids.registered = (await registerOrganization(service, { name: '幸福路青少年成长中心', communityCode: '150204002001', serviceFields: ['YOUTH'] })).id;
  ids.preparing = (await prepareOrganization(service, { name: '筹备中的环保志愿队', serviceFields: ['ENVIRONMENT'] })).id;
  ids.suspended = (await registerOrganization(service, { name: '先锋道法律援助服务社', serviceFields: ['LEGAL_AID', 'PSYCHOLOGICAL_HELP'] })).id;
  await step(service, STEP.suspend(ids.suspended, INTERNAL[0]));
  ids.deregistered = (await fileOrganization(service, { name: '已注销的家政互助会', serviceFields: ['HOUSEKEEPING'] })).id;
  await step(service, STEP.deregister(ids.deregistered, INTERNAL[1]));
});

afterAll(async () => {
  for (const gateway of gateways) await gateway.stop();
});

async function get(path: string, root = base) {
  const response = await fetch(`${root}${path}`);
  const text = await response.text();
  for (const word of INTERNAL) expect(text, `${path} leaks internal notes`).not.toContain(word);
  return { status: response.status, headers: response.headers, body: JSON.parse(text) as Record<string, any> };
}

const PUBLISHED = ['filed', 'registered', 'suspended', 'deregistered'];
const SUMMARY_KEYS = ['id', 'name', 'description', 'email', 'website', 'legal_status', 'year_incorporated'];

describe('HSDS /organizations', () => {
  it('lists published organizations (never those still preparing), valid against organization_list', async () => {
    const { status, headers, body } = await get('/organizations');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^application\/json/);
    assertValid(validators.organizationList, body, '/organizations');
    expect(body).toMatchObject({ total_items: 4, total_pages: 1, page_number: 1, size: 4, first_page: true, last_page: true, empty: false });
    expect(body.contents.map((o: { id: string }) => o.id)).toEqual(PUBLISHED.map((k) => ids[k]));
    for (const organization of body.contents) {
      assertValid(validators.organization, organization, 'an organization of the list');
      expect(Object.keys(organization).every((k) => SUMMARY_KEYS.includes(k)), Object.keys(organization).join()).toBe(true);
    }
    expect(body.contents[0]).toEqual({
      id: ids.filed,
      name: '先锋道夕阳红老年协会',
      description: '组织社区老年人开展文体活动，提供助餐和陪伴服务。',
      email: 'xiyanghong@example.org',
      website: 'https://xiyanghong.example.org',
      legal_status: '社区社会组织，街道备案',
      year_incorporated: Number(today.slice(0, 4)),
    });
    expect(body.contents[2].legal_status).toBe('社会服务机构（民办非企业单位），民政部门登记（暂停活动）');
    // Without a description of its own, one is written from public facts.
    expect(body.contents[1].description).toBe('城乡社区服务类社会组织，服务幸福路第一社区，服务领域：青少年服务。');
  });

  it('pages with page and per_page', async () => {
    const pages = await Promise.all([1, 2, 3].map((page) => get(`/organizations?per_page=3&page=${page}`)));
    for (const { body } of pages) assertValid(validators.organizationList, body, 'a page');
    expect(pages.map((p) => [p.body.size, p.body.first_page, p.body.last_page, p.body.empty, p.body.total_items, p.body.total_pages])).toEqual([
      [3, true, false, false, 4, 2],
      [1, false, true, false, 4, 2],
      [0, false, true, true, 4, 2],
    ]);
    expect(pages.flatMap((p) => p.body.contents.map((o: { id: string }) => o.id))).toEqual(PUBLISHED.map((k) => ids[k]));
    const searched = await get(`/organizations?search=${encodeURIComponent('先锋道')}`);
    expect(searched.body.contents.map((o: { id: string }) => o.id)).toEqual([ids.filed, ids.suspended]);
  });

  it('serves one organization with identifiers, phone and services, valid against organization', async () => {
    for (const key of PUBLISHED) {
      const { status, body } = await get(`/organizations/${ids[key]}`);
      expect(status, key).toBe(200);
      assertValid(validators.organization, body, `/organizations/${key}`);
    }
    const registered = await ok(service, `query ($id: ID!) { organization(id: $id) { creditCode } }`, { id: ids.registered });
    const { body: reg } = await get(`/organizations/${ids.registered}`);
    expect(reg.organization_identifiers).toEqual([
      { id: expect.any(String), organization_id: ids.registered, identifier_scheme: 'CN-USCC', identifier_type: '统一社会信用代码', identifier: registered.organization.creditCode },
    ]);
    expect(reg.services).toEqual([expect.objectContaining({ id: serviceId(ids.registered!, 'youth'), organization_id: ids.registered, status: 'active' })]);
    const { body: filed } = await get(`/organizations/${ids.filed!.toUpperCase()}`);
    expect(filed.phones).toEqual([{ id: expect.any(String), organization_id: ids.filed, number: '0472-2123456' }]);
    expect(filed.organization_identifiers.map((i: { identifier_type: string }) => i.identifier_type)).toEqual(['社区社会组织备案编号']);
    expect(filed.services.map((s: { name: string }) => s.name)).toEqual(['先锋道夕阳红老年协会养老服务', '先锋道夕阳红老年协会文体活动']);
    // Derived ids are stable between requests.
    expect((await get(`/organizations/${ids.filed}`)).body).toEqual(filed);
  });

  it('answers 404 for unknown, malformed and unpublished ids', async () => {
    for (const id of [ids.preparing, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const { status, body } = await get(`/organizations/${id}`);
      expect(status, id).toBe(404);
      expect(body.error.code).toBe('NOT_FOUND');
    }
    expect((await get('/organizations/a/b')).status).toBe(404);
    expect((await get('/taxonomies')).status).toBe(404);
  });
});

describe('HSDS /services', () => {
  it('lists one service per service field of each published organization, valid against service_list', async () => {
    const { status, body } = await get('/services');
    expect(status).toBe(200);
    assertValid(validators.serviceList, body, '/services');
    expect(body.total_items).toBe(6);
    expect(body.contents.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual([
      [serviceId(ids.filed!, 'elderly'), 'active'],
      [serviceId(ids.filed!, 'culture_and_sports'), 'active'],
      [serviceId(ids.registered!, 'youth'), 'active'],
      [serviceId(ids.suspended!, 'legal_aid'), 'inactive'],
      [serviceId(ids.suspended!, 'psychological_help'), 'inactive'],
      [serviceId(ids.deregistered!, 'housekeeping'), 'defunct'],
    ]);
    for (const item of body.contents) assertValid(validators.service, item, 'a service of the list');
  });

  it('pages, filters by organization and searches names and fields', async () => {
    const first = await get('/services?per_page=4');
    const second = await get('/services?per_page=4&page=2');
    expect([first.body.size, second.body.size, first.body.total_pages, second.body.last_page]).toEqual([4, 2, 2, true]);
    expect([...first.body.contents, ...second.body.contents]).toEqual((await get('/services')).body.contents);
    const mine = await get(`/services?organization_id=${ids.suspended}`);
    assertValid(validators.serviceList, mine.body, '/services?organization_id');
    expect(mine.body.total_items).toBe(2);
    expect((await get(`/services?organization_id=${ids.preparing}`)).body.total_items).toBe(0);
    expect((await get(`/services?search=${encodeURIComponent('养老')}`)).body.contents.map((s: { id: string }) => s.id)).toEqual([serviceId(ids.filed!, 'elderly')]);
    expect((await get(`/services?search=${encodeURIComponent('幸福路')}`)).body.total_items).toBe(1);
    // One character (no bigram to narrow by) still matches; `%` is a character, not a wildcard.
    expect((await get(`/services?search=${encodeURIComponent('幸')}`)).body.total_items).toBe(1);
    expect((await get(`/services?search=${encodeURIComponent('%')}`)).body.total_items).toBe(0);
  });

  it('serves one service with its organization, valid against service; 404 otherwise', async () => {
    const { body: list } = await get('/services');
    for (const item of list.contents) {
      const { status, body } = await get(`/services/${item.id}`);
      expect(status).toBe(200);
      assertValid(validators.service, body, `/services/${item.id}`);
      expect(body.organization.id).toBe(item.organization_id);
      expect(body).toMatchObject(item);
    }
    const elderly = await get(`/services/${serviceId(ids.filed!, 'elderly')}`);
    expect(elderly.body).toMatchObject({
      name: '先锋道夕阳红老年协会养老服务',
      description: '先锋道夕阳红老年协会在先锋道第一社区提供的养老服务。',
      email: 'xiyanghong@example.org',
      url: 'https://xiyanghong.example.org',
      phones: [{ number: '0472-2123456' }],
    });
    for (const id of [serviceId(ids.preparing!, 'environment'), serviceId(ids.filed!, 'youth'), ids.filed, 'nope']) {
      expect((await get(`/services/${id}`)).status, id).toBe(404);
    }
  });
});

describe('HSDS: public fields only', () => {
  it('never publishes personal data, internal notes or internal state', async () => {
    const bodies = [
      (await get('/organizations')).body,
      (await get('/services')).body,
      ...(await Promise.all(PUBLISHED.map(async (k) => (await get(`/organizations/${ids[k]}`)).body))),
    ];
    const keys = allKeys(bodies);
    for (const forbidden of ['reason', 'state', 'staffCount', 'staff_count', 'memberCount', 'member_count', 'contacts', 'suspendedFrom', 'history']) {
      expect(keys.has(forbidden), forbidden).toBe(false);
    }
  });
});

describe('HSDS through the gateway: refusals and failures', () => {
  it('refuses bad paging and filters with 400 naming the parameter', async () => {
    for (const [query, field] of [
      ['per_page=0', 'per_page'],
      ['per_page=101', 'per_page'],
      ['page=abc', 'page'],
      ['page=-1', 'page'],
      ['organization_id=xyz', 'organization_id'],
      ['search=%E5%85%BB%00%E8%80%81', 'search'],
    ] as const) {
      const { status, body } = await get(`/services?${query}`);
      expect(status, query).toBe(400);
      expect(body.error).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  it('is read-only, and the subgraph answers only the gateway', async () => {
    const post = await fetch(`${base}/organizations`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    const direct = await fetch(service.url.replace(/\/graphql$/, '/hsds/organizations'));
    expect(direct.status).toBe(401);
    const meta = await get('');
    expect(meta.status).toBe(200);
    assertValid(validators.meta, meta.body, '/');
  });

  it('maps a wrong secret, an unreachable and a hanging subgraph to 502 and 504', async () => {
    const wrongSecret = await gatewayFor(service.url, 'not-the-secret-0123456789');
    expect(await get('/organizations', wrongSecret)).toMatchObject({ status: 502, body: { error: { code: 'SUBGRAPH_ERROR' } } });

    const closed = createServer();
    const port = await new Promise<number>((resolve) => closed.listen(0, '127.0.0.1', () => resolve((closed.address() as AddressInfo).port)));
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = await gatewayFor(`http://127.0.0.1:${port}/graphql`, service.secret);
    expect(await get('/organizations', unreachable)).toMatchObject({ status: 502, body: { error: { code: 'SUBGRAPH_UNAVAILABLE' } } });

    const hanging: Server = createServer(() => {});
    const hangingPort = await new Promise<number>((resolve) => hanging.listen(0, '127.0.0.1', () => resolve((hanging.address() as AddressInfo).port)));
    try {
      const slow = await gatewayFor(`http://127.0.0.1:${hangingPort}/graphql`, service.secret, 300);
      expect(await get('/organizations', slow)).toMatchObject({ status: 504, body: { error: { code: 'SUBGRAPH_TIMEOUT' } } });
    } finally {
      hanging.closeAllConnections();
      await new Promise<void>((resolve) => hanging.close(() => resolve()));
    }
  });
});
