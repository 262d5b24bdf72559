import { beforeAll, describe, expect, it } from 'vitest';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { selfGovernance } from '@sanshe/events';
import { anonymous, encodeIdentity } from '@sanshe/service-kit';
import { selfGovernanceSubgraph } from '../../src/app.ts';
import { qingshanSample, registerRegions } from '../factories/regions.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;

beforeAll(async () => {
  service = await subgraphs.start('self-governance', selfGovernanceSubgraph);
  await registerRegions(service);
});

describe('region tree', () => {
  it('serves a community with its street and district', async () => {
    const result = await service.request(`{
      community(code: "150204001002") { code name level population street { code name level } district { code name } }
    }`);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      community: {
        code: '150204001002',
        name: '先锋道第二社区',
        level: 'COMMUNITY',
        population: 7200,
        street: { code: '150204001', name: '先锋道街道', level: 'STREET' },
        district: { code: '150204', name: '青山区' },
      },
    });
  });

  it('returns null for a street asked for as a community, and for an unknown code', async () => {
    const result = await service.request(`{ a: community(code: "150204001") { code } b: community(code: "999999999999") { code } }`);
    expect(result.data).toEqual({ a: null, b: null });
  });

  it('pages communities within a district and a street', async () => {
    const first = await service.request<{ communities: { totalCount: number; edges: { node: { code: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } }>(
      `{ communities(within: "150204", first: 2) { totalCount edges { cursor node { code } } pageInfo { hasNextPage endCursor } } }`,
    );
    expect(first.data!.communities.totalCount).toBe(3);
    expect(first.data!.communities.edges.map((e) => e.node.code)).toEqual(['150204001001', '150204001002']);
    expect(first.data!.communities.pageInfo.hasNextPage).toBe(true);
    const second = await service.request<{ communities: { edges: { node: { code: string } }[]; pageInfo: { hasNextPage: boolean } } }>(
      `query ($after: String) { communities(within: "150204", first: 2, after: $after) { edges { node { code } } pageInfo { hasNextPage } } }`,
      { after: first.data!.communities.pageInfo.endCursor },
    );
    expect(second.data!.communities.edges.map((e) => e.node.code)).toEqual(['150204002001']);
    expect(second.data!.communities.pageInfo.hasNextPage).toBe(false);

    const street = await service.request<{ communities: { totalCount: number } }>(`{ communities(within: "150204002") { totalCount } }`);
    expect(street.data!.communities.totalCount).toBe(1);
  });

  it('lists a region’s children', async () => {
    const result = await service.request<{ region: { children: { totalCount: number; edges: { node: { code: string; parent: { code: string } } }[] } } }>(
      `{ region(code: "150204") { children { totalCount edges { node { code parent { code } } } } } }`,
    );
    expect(result.data!.region.children.totalCount).toBe(2);
    expect(result.data!.region.children.edges.map((e) => e.node.parent.code)).toEqual(['150204', '150204']);
  });

  it('answers bad input with a typed error and writes nothing', async () => {
    const cases = [
      [{ code: '150204001002', name: 'dup', level: 'COMMUNITY' }, 'CONFLICT', 'input.code'],
      [{ code: '150204009001', name: 'orphan', level: 'COMMUNITY' }, 'NOT_FOUND', 'input.code'],
      [{ code: '150204001', name: 'x', level: 'COMMUNITY' }, 'BAD_USER_INPUT', 'input.level'],
    ] as const;
    for (const [input, code, field] of cases) {
      const result = await service.request(`mutation ($input: RegisterRegionInput!) { registerRegion(input: $input) { code } }`, { input });
      expect(result.errors?.[0]?.extensions).toMatchObject({ code, field });
    }
    const bad = await service.request(`{ communities(within: "15") { totalCount } }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'within' });
    const cursor = await service.request(`{ communities(after: "garbage!") { totalCount } }`);
    expect(cursor.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const [count] = await service.database.sql`select count(*)::int as n from regions`;
    expect(count!.n).toBe(qingshanSample.length);
  });

  it('publishes one contract-valid event per registered region, in order', async () => {
    await service.flushOutbox();
    const [pending] = await service.database.sql`select count(*)::int as n from outbox where published_at is null`;
    expect(pending!.n).toBe(0);
    const received = await bus.events(selfGovernance.regionRegistered, qingshanSample.length);
    const codes = received.map(({ event, msgId }) => {
      expect(event.subject).toBe(event.data.code);
      expect(msgId).toBe(event.id);
      return event.data.code;
    });
    expect(codes).toEqual(qingshanSample.map((r) => r.code));
  });

  it('resolves Region and Community entities by reference', async () => {
    const result = await service.request<{ _entities: ({ code: string; name: string } | null)[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { code name } ... on Region { code name } } }`,
      {
        r: [
          { __typename: 'Community', code: '150204002001' },
          { __typename: 'Region', code: '150204001' },
          { __typename: 'Community', code: '150204001' },
        ],
      },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([
      { code: '150204002001', name: '幸福路第一社区' },
      { code: '150204001', name: '先锋道街道' },
      null,
    ]);
  });

  it('answers only the gateway', async () => {
    const response = await fetch(service.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sanshe-subgraph-secret': 'wrong-secret-wrong-secret' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(401);
    const missing = await fetch(service.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
    expect(missing.status).toBe(401);
    // The right secret with an identity the gateway did not sign (or none) is refused too.
    const forged = encodeIdentity({ ...anonymous, subject: 'mallory', roles: ['district_office'], scope: ['150204'] }, 'not-the-subgraph-secret');
    for (const identity of [forged, undefined]) {
      const response = await fetch(service.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-sanshe-subgraph-secret': service.secret, ...(identity ? { 'x-sanshe-identity': identity } : {}) },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      expect(response.status).toBe(401);
    }
    const health = await fetch(service.url.replace('/graphql', '/healthz'));
    expect(health.status).toBe(200);
    const ready = await fetch(service.url.replace('/graphql', '/readyz'));
    expect(await ready.json()).toMatchObject({ checks: { database: true, nats: true } });
  });
});
