import { beforeAll, describe, expect, it } from 'vitest';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { organizations as contracts } from '@sanshe/events';
import { organizationsSubgraph } from '../../src/app.ts';
import { selfGovernanceSubgraph } from '../../../self-governance/src/app.ts';
import { registerRegions } from '../../../self-governance/test/factories/regions.ts';
import {
  FILE_ORGANIZATION,
  REGISTER_ORGANIZATION,
  fileInput,
  fileOrganization,
  registerInput,
  registerOrganization,
  validCreditCode,
  type OrganizationResult,
} from '../factories/organizations.ts';
import { countRows, waitForKnownRegions } from '../factories/replicas.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let selfGovernance: AnySubgraph;
let service: AnySubgraph;

beforeAll(async () => {
  selfGovernance = await subgraphs.start('self-governance', selfGovernanceSubgraph);
  service = await subgraphs.start('organizations', organizationsSubgraph);
  await registerRegions(selfGovernance);
  await selfGovernance.flushOutbox();
  await waitForKnownRegions(service);
});

/** Every organization this file creates, so the event test can match them all. */
const created: OrganizationResult[] = [];

interface Page {
  totalCount: number;
  edges: { cursor: string; node: { id: string; track: string } }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

async function page(code: string, args: { first?: number; after?: string | null; track?: string | null }) {
  const result = await service.request<{ _entities: [{ organizations: Page }] }>(
    `query ($r: [_Any!]!, $first: Int, $after: String, $track: OrganizationTrack) {
      _entities(representations: $r) { ... on Community { organizations(first: $first, after: $after, track: $track) {
        totalCount edges { cursor node { id track } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }
    }`,
    { r: [{ __typename: 'Community', code }], first: args.first, after: args.after ?? null, track: args.track ?? null },
  );
  expect(result.errors).toBeUndefined();
  return result.data!._entities[0].organizations;
}

describe('filing and registering', () => {
  it('files an organization in a known community, placed under its street and district', async () => {
    const input = fileInput({ name: '  先锋道老年协会 ', serviceFields: ['ELDERLY', 'ELDERLY', 'CULTURE_AND_SPORTS'], staffCount: 3 });
    const result = await service.request<{ fileOrganization: OrganizationResult }>(FILE_ORGANIZATION, { input });
    expect(result.errors).toBeUndefined();
    const org = result.data!.fileOrganization;
    created.push(org);
    expect(org).toMatchObject({
      name: '先锋道老年协会',
      track: 'FILED',
      category: 'COMMUNITY_SERVICE',
      serviceFields: ['ELDERLY', 'CULTURE_AND_SPORTS'],
      legalForm: null,
      creditCode: null,
      filingNumber: input.filingNumber,
      community: { code: '150204001001' },
      staffCount: 3,
      memberCount: 0,
    });
    expect(Number.isNaN(Date.parse(org.createdAt))).toBe(false);
    const [row] = await service.database.sql`
      select track, category, service_fields, community_code, street_code, district_code from organizations where id = ${org.id}`;
    expect(row).toEqual({
      track: 'filed',
      category: 'community_service',
      service_fields: ['elderly', 'culture_and_sports'],
      community_code: '150204001001',
      street_code: '150204001',
      district_code: '150204',
    });
  });

  it('registers an organization, normalising its credit code', async () => {
    const code = validCreditCode('2');
    const input = registerInput({ legalForm: 'SOCIAL_SERVICE_AGENCY', creditCode: ` ${code.toLowerCase()} `, communityCode: '150204002001' });
    const result = await service.request<{ registerOrganization: OrganizationResult }>(REGISTER_ORGANIZATION, { input });
    expect(result.errors).toBeUndefined();
    const org = result.data!.registerOrganization;
    created.push(org);
    expect(org).toMatchObject({
      track: 'REGISTERED',
      legalForm: 'SOCIAL_SERVICE_AGENCY',
      creditCode: code,
      filingNumber: null,
      community: { code: '150204002001' },
    });
    const [row] = await service.database.sql`select street_code, credit_code from organizations where id = ${org.id}`;
    expect(row).toEqual({ street_code: '150204002', credit_code: code });
  });

  it('refuses bad input with a typed error naming the field, and writes nothing', async () => {
    const existingFiled = await fileOrganization(service);
    const existingRegistered = await registerOrganization(service, { legalForm: 'FOUNDATION' });
    created.push(existingFiled, existingRegistered);
    const good = validCreditCode('1');
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');

    const before = { organizations: await countRows(service, 'organizations'), outbox: await countRows(service, 'outbox') };
    const cases: [string, Record<string, unknown>, string, string, Record<string, unknown>?][] = [
      [FILE_ORGANIZATION, fileInput({ communityCode: '150204009001' }), 'UNKNOWN_COMMUNITY', 'input.communityCode'],
      [REGISTER_ORGANIZATION, registerInput({ communityCode: '150204009001' }), 'UNKNOWN_COMMUNITY', 'input.communityCode'],
      // A known street is not a community.
      [FILE_ORGANIZATION, fileInput({ communityCode: '150204001' }), 'BAD_USER_INPUT', 'input.communityCode'],
      [REGISTER_ORGANIZATION, registerInput({ legalForm: 'SOCIAL_GROUP', creditCode: wrongCheck }), 'BAD_USER_INPUT', 'input.creditCode', { reason: 'check_character' }],
      [REGISTER_ORGANIZATION, registerInput({ legalForm: 'FOUNDATION', creditCode: good }), 'BAD_USER_INPUT', 'input.creditCode', { reason: 'legal_form_mismatch' }],
      [REGISTER_ORGANIZATION, registerInput({ creditCode: good.slice(0, 17) }), 'BAD_USER_INPUT', 'input.creditCode', { reason: 'length' }],
      [REGISTER_ORGANIZATION, registerInput({ legalForm: 'FOUNDATION', creditCode: existingRegistered.creditCode }), 'CONFLICT', 'input.creditCode'],
      // The same code in other spelling is the same code.
      [REGISTER_ORGANIZATION, registerInput({ legalForm: 'FOUNDATION', creditCode: existingRegistered.creditCode!.toLowerCase() }), 'CONFLICT', 'input.creditCode'],
      [FILE_ORGANIZATION, fileInput({ filingNumber: existingFiled.filingNumber }), 'CONFLICT', 'input.filingNumber'],
      [FILE_ORGANIZATION, fileInput({ filingNumber: ` ${existingFiled.filingNumber} ` }), 'CONFLICT', 'input.filingNumber'],
      [FILE_ORGANIZATION, fileInput({ name: 'x' }), 'BAD_USER_INPUT', 'input.name'],
      [FILE_ORGANIZATION, fileInput({ memberCount: -3 }), 'BAD_USER_INPUT', 'input.memberCount'],
    ];
    for (const [mutation, input, code, field, extra] of cases) {
      const result = await service.request(mutation, { input });
      expect(result.data ?? null, `${code} ${field}`).toBeNull();
      expect(result.errors?.[0]?.extensions, JSON.stringify(input)).toMatchObject({ code, field, ...(extra ?? {}) });
    }
    expect(await countRows(service, 'organizations')).toBe(before.organizations);
    expect(await countRows(service, 'outbox')).toBe(before.outbox);
  });
});

describe('Community.organizations', () => {
  it('pages newest first with cursors and filters by track', async () => {
    const code = '150204001002';
    const mine: OrganizationResult[] = [];
    for (let i = 0; i < 5; i += 1) {
      const org = i % 2 === 0 ? await fileOrganization(service, { communityCode: code }) : await registerOrganization(service, { communityCode: code });
      mine.push(org);
    }
    created.push(...mine);
    const newestFirst = [...mine].reverse().map((o) => o.id);

    const first = await page(code, { first: 2 });
    expect(first.totalCount).toBe(5);
    expect(first.edges.map((e) => e.node.id)).toEqual(newestFirst.slice(0, 2));
    expect(first.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, startCursor: first.edges[0]!.cursor, endCursor: first.edges[1]!.cursor });

    const seen = first.edges.map((e) => e.node.id);
    let after = first.pageInfo.endCursor;
    let hasNext = first.pageInfo.hasNextPage;
    while (hasNext) {
      const next = await page(code, { first: 2, after });
      expect(next.totalCount).toBe(5);
      expect(next.pageInfo.hasPreviousPage).toBe(true);
      seen.push(...next.edges.map((e) => e.node.id));
      after = next.pageInfo.endCursor;
      hasNext = next.pageInfo.hasNextPage;
    }
    expect(seen).toEqual(newestFirst);

    const registered = await page(code, { track: 'REGISTERED' });
    expect(registered.totalCount).toBe(2);
    expect(registered.edges.map((e) => e.node.id)).toEqual(newestFirst.filter((id) => mine.find((o) => o.id === id)!.track === 'REGISTERED'));
    const filedFirst = await page(code, { track: 'FILED', first: 2 });
    expect(filedFirst.totalCount).toBe(3);
    expect(filedFirst.edges.every((e) => e.node.track === 'FILED')).toBe(true);
    const filedRest = await page(code, { track: 'FILED', first: 2, after: filedFirst.pageInfo.endCursor });
    expect([...filedFirst.edges, ...filedRest.edges].map((e) => e.node.id)).toEqual(
      newestFirst.filter((id) => mine.find((o) => o.id === id)!.track === 'FILED'),
    );
    expect(filedRest.pageInfo.hasNextPage).toBe(false);

    const empty = await page('150204009009', {});
    expect(empty).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, startCursor: null, endCursor: null } });
  });

  it('refuses a tampered cursor and a page size out of range', async () => {
    for (const [args, field] of [
      ['first: 101', 'first'],
      ['first: -1', 'first'],
      ['after: "not-a-cursor"', 'after'],
      [`after: "${Buffer.from('[1,2]').toString('base64url')}"`, 'after'],
    ] as const) {
      const result = await service.request(
        `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { organizations(${args}) { totalCount } } } }`,
        { r: [{ __typename: 'Community', code: '150204001002' }] },
      );
      expect(result.errors?.[0]?.extensions, args).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });
});

describe('events', () => {
  it('publishes one contract-valid filed or registered event per organization, with its facts', async () => {
    await service.flushOutbox();
    const [pending] = await service.database.sql`select count(*)::int as n from outbox where published_at is null`;
    expect(pending!.n).toBe(0);
    const filed = created.filter((o) => o.track === 'FILED');
    const registered = created.filter((o) => o.track === 'REGISTERED');
    // Ask for one more than expected: a refused mutation must not have published anything.
    const filedEvents = await bus.events(contracts.organizationFiled, filed.length + 1);
    const registeredEvents = await bus.events(contracts.organizationRegistered, registered.length + 1);
    expect(filedEvents).toHaveLength(filed.length);
    expect(registeredEvents).toHaveLength(registered.length);

    for (const org of filed) {
      const match = filedEvents.find((e) => e.event.data.organizationId === org.id);
      expect(match, org.name).toBeDefined();
      expect(match!.msgId).toBe(match!.event.id);
      expect(match!.event.subject).toBe(org.id);
      expect(match!.event.source).toBe('/sanshe/organizations');
      expect(match!.event.data).toEqual({
        organizationId: org.id,
        name: org.name,
        communityCode: org.community.code,
        streetCode: org.community.code.slice(0, 9),
        districtCode: '150204',
        category: 'community_service',
        serviceFields: org.serviceFields.map((f) => f.toLowerCase()),
        filingNumber: org.filingNumber,
      });
    }
    for (const org of registered) {
      const match = registeredEvents.find((e) => e.event.data.organizationId === org.id);
      expect(match, org.name).toBeDefined();
      expect(match!.event.data).toEqual({
        organizationId: org.id,
        name: org.name,
        communityCode: org.community.code,
        streetCode: org.community.code.slice(0, 9),
        districtCode: '150204',
        category: 'community_service',
        serviceFields: org.serviceFields.map((f) => f.toLowerCase()),
        legalForm: org.legalForm!.toLowerCase(),
        creditCode: org.creditCode,
      });
    }
  });
});

describe('entities', () => {
  it('resolves Organization by id: known, unknown and malformed ids', async () => {
    const known = created[0]!;
    const result = await service.request<{ _entities: ({ id: string; name: string; track: string; community: { code: string } } | null)[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { id name track community { code } } } }`,
      {
        r: [
          { __typename: 'Organization', id: known.id },
          { __typename: 'Organization', id: '00000000-0000-4000-8000-000000000000' },
          { __typename: 'Organization', id: 'not-a-uuid' },
          { __typename: 'Organization', id: created[1]!.id },
        ],
      },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([
      { id: known.id, name: known.name, track: known.track, community: known.community },
      null,
      null,
      { id: created[1]!.id, name: created[1]!.name, track: 'REGISTERED', community: created[1]!.community },
    ]);
    const query = await service.request<{ a: { id: string } | null; b: null }>(
      `query ($id: ID!) { a: organization(id: $id) { id } b: organization(id: "12345") { id } }`,
      { id: known.id },
    );
    expect(query.errors).toBeUndefined();
    expect(query.data).toEqual({ a: { id: known.id }, b: null });
  });

  it('resolves Community by code with its organizations', async () => {
    const result = await service.request<{ _entities: { code: string; organizations: { totalCount: number } }[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { code organizations { totalCount } } } }`,
      { r: [{ __typename: 'Community', code: '150204001002' }, { __typename: 'Community', code: '150204002001' }] },
    );
    expect(result.errors).toBeUndefined();
    const [n1002] = await service.database.sql`select count(*)::int as n from organizations where community_code = '150204001002'`;
    const [n2001] = await service.database.sql`select count(*)::int as n from organizations where community_code = '150204002001'`;
    expect(n1002!.n).toBe(5);
    expect(result.data!._entities).toEqual([
      { code: '150204001002', organizations: { totalCount: 5 } },
      { code: '150204002001', organizations: { totalCount: n2001!.n } },
    ]);
  });
});
