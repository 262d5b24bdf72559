import { beforeAll, describe, expect, it } from 'vitest';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { PgDialect } from 'drizzle-orm/pg-core';
import { and } from 'drizzle-orm';
import { organizationsSubgraph } from '../../src/app.ts';
import { nameConditions } from '../../src/domain/organization-search.ts';
import { ok, prepareOrganization, refused, step, STEP } from '../factories/lifecycle.ts';
import { fileOrganization, registerOrganization } from '../factories/organizations.ts';
import { seedKnownRegions } from '../factories/regions.ts';
import { publishRaw, waitForConsumer } from '../factories/replicas.ts';
import { createCloudEvent, selfGovernance } from '@sanshe/events';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;

/** The organizations of this file by role, created oldest first. */
const orgs: Record<string, string> = {};

beforeAll(async () => {
  service = await subgraphs.start('organizations', organizationsSubgraph);
  await seedKnownRegions(service);
  orgs.elderlyFiled = (await fileOrganization(service, { name: '先锋道夕阳红老年协会', serviceFields: ['ELDERLY', 'CULTURE_AND_SPORTS'] })).id;
  orgs.youthRegistered = (
    await registerOrganization(service, { name: '幸福路青少年成长中心', communityCode: '150204002001', category: 'CHARITY', serviceFields: ['YOUTH'] })
  ).id;
  orgs.legalRegistered = (
    await registerOrganization(service, { name: 'Qingshan Legal Aid 法律援助中心', communityCode: '150204001002', serviceFields: ['LEGAL_AID'] })
  ).id;
  orgs.preparing = (await prepareOrganization(service, { name: '筹备中的环保志愿队', serviceFields: ['ENVIRONMENT', 'VOLUNTEERING'] })).id;
  orgs.deregistered = (await fileOrganization(service, { name: '已注销的100%_互助会', serviceFields: ['HOUSEKEEPING'] })).id;
  await step(service, STEP.deregister(orgs.deregistered));
  orgs.suspended = (await registerOrganization(service, { name: '先锋道心理疏导服务社', category: 'SCIENCE_AND_TECHNOLOGY', serviceFields: ['PSYCHOLOGICAL_HELP'] })).id;
  await step(service, STEP.suspend(orgs.suspended));
  orgs.expiredGrade = (await registerOrganization(service, { name: '先锋道旧评估社工站', serviceFields: ['ELDERLY'] })).id;
  await step(service, STEP.grade(orgs.expiredGrade, 910, '2015-06-01'));
  await step(service, STEP.grade(orgs.youthRegistered, 905));
  await step(service, STEP.grade(orgs.legalRegistered, 720));
  await ok(service, `mutation ($id: ID!) { designateHub(id: $id, kind: FEDERATION) { id } }`, { id: orgs.youthRegistered });
});

interface Page {
  totalCount: number;
  edges: { cursor: string; node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
}

async function search(filter: Record<string, unknown> | null, first?: number, after?: string | null): Promise<Page> {
  const data = await ok<{ organizations: Page }>(
    service,
    `query ($filter: OrganizationFilter, $first: Int, $after: String) {
      organizations(filter: $filter, first: $first, after: $after) { totalCount edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage endCursor } }
    }`,
    { filter, first, after },
  );
  return data.organizations;
}

const ids = (page: Page) => page.edges.map((e) => e.node.id);
const newestFirst = (...roles: string[]) => roles.map((r) => orgs[r]!).reverse();

describe('Query.organizations', () => {
  it('lists every organization newest first and pages through them with cursors', async () => {
    const all = await search(null);
    const created = Object.values(orgs);
    expect(all.totalCount).toBe(created.length);
    expect(ids(all)).toEqual([...created].reverse());

    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; ; pages += 1) {
      const page: Page = await search({}, 3, after);
      expect(page.totalCount).toBe(created.length);
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      seen.push(...ids(page));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
      expect(pages).toBeLessThan(5);
    }
    expect(seen).toEqual([...created].reverse());
  });

  it.each([
    [{ name: '先锋道' }, ['elderlyFiled', 'suspended', 'expiredGrade']],
    [{ name: 'legal aid' }, ['legalRegistered']],
    // Two characters (the bigram index), any case, across scripts; one character (no index).
    [{ name: '心理' }, ['suspended']],
    [{ name: 'LeGaL' }, ['legalRegistered']],
    [{ name: 'd 法律' }, ['legalRegistered']],
    [{ name: '夕' }, ['elderlyFiled']],
    [{ name: '_互' }, ['deregistered']],
    // % and _ are literal characters, not wildcards.
    [{ name: '100%_' }, ['deregistered']],
    [{ name: '%' }, ['deregistered']],
    [{ communityCode: '150204002001' }, ['youthRegistered']],
    [{ streetCode: '150204001' }, ['elderlyFiled', 'legalRegistered', 'preparing', 'deregistered', 'suspended', 'expiredGrade']],
    [{ track: 'FILED' }, ['elderlyFiled', 'deregistered']],
    [{ category: 'CHARITY' }, ['youthRegistered']],
    [{ serviceField: 'ELDERLY' }, ['elderlyFiled', 'expiredGrade']],
    [{ serviceField: 'VOLUNTEERING' }, ['preparing']],
    [{ state: 'PREPARING' }, ['preparing']],
    [{ state: 'SUSPENDED' }, ['suspended']],
    [{ state: 'DEREGISTERED' }, ['deregistered']],
    [{ state: 'REGISTERED' }, ['youthRegistered', 'legalRegistered', 'expiredGrade']],
    // The grade in force: an expired 5A no longer counts.
    [{ grade: 5 }, ['youthRegistered']],
    [{ grade: 3 }, ['legalRegistered']],
    [{ grade: 1 }, []],
    [{ hubKind: 'FEDERATION' }, ['youthRegistered']],
    [{ streetCode: '150204001', serviceField: 'ELDERLY', state: 'REGISTERED' }, ['expiredGrade']],
  ])('filters by %j', async (filter, roles) => {
    const page = await search(filter);
    expect(ids(page)).toEqual(newestFirst(...roles));
    expect(page.totalCount).toBe(roles.length);
  });

  it('can find two-character names through the bigram index instead of reading every name', async () => {
    // This file's handful of rows would be read whole anyway; without sequential scans the plan
    // shows whether the condition can use the index at all (at city scale the planner picks it).
    const { sql: text, params } = new PgDialect().sqlToQuery(and(...nameConditions('敬老'))!);
    const plan = await service.database.sql.begin(async (tx) => {
      await tx.unsafe('set local enable_seqscan = off');
      return tx.unsafe(`explain select id from organizations where ${text}`, params as never[]);
    });
    expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('organizations_name_bigrams_idx');
  });

  it('pages within a filter', async () => {
    const first = await search({ streetCode: '150204001' }, 4);
    expect(first.totalCount).toBe(6);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = await search({ streetCode: '150204001' }, 4, first.pageInfo.endCursor);
    expect([...ids(first), ...ids(rest)]).toEqual(newestFirst('elderlyFiled', 'legalRegistered', 'preparing', 'deregistered', 'suspended', 'expiredGrade'));
    expect(rest.pageInfo.hasNextPage).toBe(false);
  });

  it.each([
    [{ communityCode: '15020400100' }, 'filter.communityCode'],
    [{ streetCode: '150204' }, 'filter.streetCode'],
    [{ grade: 6 }, 'filter.grade'],
    [{ grade: 0 }, 'filter.grade'],
    [{ name: '  ' }, 'filter.name'],
    [{ name: 'x'.repeat(101) }, 'filter.name'],
  ])('refuses the filter %j naming the field', async (filter, field) => {
    const refusal = await refused(
      service,
      `query ($filter: OrganizationFilter) { organizations(filter: $filter) { totalCount } }`,
      { filter },
    );
    expect(refusal).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('refuses tampered cursors and page sizes out of range', async () => {
    for (const [args, field] of [
      ['first: 101', 'first'],
      ['after: "nope"', 'after'],
    ] as const) {
      expect(await refused(service, `{ organizations(${args}) { totalCount } }`), args).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });
});

describe('Community.organizations', () => {
  const COMMUNITY = `query ($state: OrganizationState) { _entities(representations: [{ __typename: "Community", code: "150204001001" }]) {
    ... on Community { organizations(state: $state) { totalCount edges { node { id state } } } } } }`;

  it('lists organizations that exist (not preparing, not deregistered) unless a state is asked for', async () => {
    const existing = await ok<{ _entities: [{ organizations: Page }] }>(service, COMMUNITY, {});
    expect(ids(existing._entities[0].organizations)).toEqual(newestFirst('elderlyFiled', 'suspended', 'expiredGrade'));
    const preparing = await ok<{ _entities: [{ organizations: Page }] }>(service, COMMUNITY, { state: 'PREPARING' });
    expect(ids(preparing._entities[0].organizations)).toEqual([orgs.preparing]);
  });
});

describe('nested fields batch', () => {
  const PAGE = `query ($first: Int) { organizations(first: $first) { edges { node {
    id history { action } inspections { year } grade { grade current } grades { grade current } memberships { id }
    federationMembers { id } venueLoans { id } incubationStints { id } community { code name }
  } } } }`;

  it('costs the same number of statements for 2 organizations as for all of them', async () => {
    // The outbox relay polls on the same pool: the least of a few runs is the request's own cost.
    const count = async (first: number) => {
      let least = Number.POSITIVE_INFINITY;
      for (let run = 0; run < 3; run += 1) {
        const before = service.database.statementCount();
        await ok(service, PAGE, { first });
        least = Math.min(least, service.database.statementCount() - before);
      }
      return least;
    };
    const few = await count(2);
    const many = await count(20);
    expect(many).toBe(few);
    expect(many).toBeLessThanOrEqual(10);
  });

  it('resolves Organization entities by id in one batch, unknown and malformed ones as null', async () => {
    const result = await ok<{ _entities: ({ id: string; state: string; history: { action: string }[] } | null)[] }>(
      service,
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { id state history { action } } } }`,
      {
        r: [
          { __typename: 'Organization', id: orgs.suspended },
          { __typename: 'Organization', id: 'not-a-uuid' },
          { __typename: 'Organization', id: orgs.preparing!.toUpperCase() },
          { __typename: 'Organization', id: '00000000-0000-4000-8000-000000000000' },
        ],
      },
    );
    expect(result._entities).toEqual([
      { id: orgs.suspended, state: 'SUSPENDED', history: [{ action: 'REGISTER' }, { action: 'SUSPEND' }] },
      null,
      { id: orgs.preparing, state: 'PREPARING', history: [{ action: 'PREPARE' }] },
      null,
    ]);
  });
});

describe('Organization.community.name (provided from the region copy)', () => {
  const NAMES = `query ($filter: OrganizationFilter) { organizations(filter: $filter, first: 50) { edges { node { name community { code name } } } } }`;
  type Names = { organizations: { edges: { node: { name: string; community: { code: string; name: string } } }[] } };
  const communityNames = async () =>
    new Map((await ok<Names>(service, NAMES, { filter: { name: '先锋道' } })).organizations.edges.map((e) => [e.node.community.code, e.node.community.name]));

  it('answers each community’s name from known_regions, as self-governance named it', async () => {
    const [copy] = await service.database.sql`select name from known_regions where code = '150204001001'`;
    const names = await communityNames();
    expect(names.size).toBeGreaterThan(0);
    expect(names.get('150204001001')).toBe(copy!.name);
  });

  it('follows a rename once its event is applied', async () => {
    const renamed = createCloudEvent(selfGovernance.regionRenamed, { code: '150204001001', name: '先锋道第一社区（更名）' }, { subject: '150204001001' });
    const { seq } = await publishRaw(bus, selfGovernance.regionRenamed, renamed);
    await waitForConsumer(bus, 'organizations', selfGovernance.regionRenamed, seq);
    expect((await communityNames()).get('150204001001')).toBe('先锋道第一社区（更名）');
  });

  it('fails loudly rather than inventing a name for a community the copy lost', async () => {
    await service.database.sql`delete from known_regions where code = '150204001001'`;
    try {
      const result = await service.request(NAMES, { filter: { name: '先锋道夕阳红' } });
      expect(result.errors?.[0]?.path).toEqual(['organizations', 'edges', 0, 'node', 'community', 'name']);
    } finally {
      await seedKnownRegions(service);
    }
  });
});
