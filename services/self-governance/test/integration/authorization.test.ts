import { beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '@sanshe/service-kit';
import { testOperator, testSubgraphs } from '@sanshe/testing';
import { selfGovernanceSubgraph } from '../../src/app.ts';
import type { Driver } from '../authorization/driver.ts';
import {
  ADMIN_ORGANIZATION,
  at,
  CALLER_NAMES,
  CALLERS,
  IN,
  NEIGHBOUR,
  OTHER_ORGANIZATION,
  OUT,
  PERSONAL_READERS,
  RECORD_READERS,
  type Caller,
  type Target,
} from '../authorization/identities.ts';
import { MUTATION_CASES, type TargetPlace } from '../authorization/mutation-cases.ts';
import { PERSONAL_CASES, seedPersonalFixture, type PersonalFixture } from '../authorization/personal-cases.ts';
import { mutationDocument, mutationFields, personalPaths } from '../authorization/schema.ts';
import type { SelfGovernance } from '../factories/self-governance.ts';

/**
 * The authorization matrix, against the running service: every caller (identities.ts) × the
 * in-scope and the out-of-scope community × every @personal path and every mutation, both lists
 * generated from schema.graphql. Expectations are the hand-written sets of identities.ts and the
 * case tables, never src/authorization.ts itself.
 *
 * Two services on their own databases: `reader` holds a fixed fixture for reads and counts;
 * `writer` is where mutations are tried (their successes would change the counts).
 */

const REGIONS = [
  { code: '150204', name: '青山区', level: 'DISTRICT' },
  { code: '150204004', name: '富强路街道', level: 'STREET' },
  { code: IN, name: '富强路第一社区', level: 'COMMUNITY' },
  { code: NEIGHBOUR, name: '富强路第二社区', level: 'COMMUNITY' },
  { code: '150205', name: '石拐区', level: 'DISTRICT' },
  { code: '150205001', name: '石拐街道', level: 'STREET' },
  { code: OUT, name: '石拐第一社区', level: 'COMMUNITY' },
];
const PLACES: Record<Target, TargetPlace> = { in: { community: IN, street: '150204004' }, out: { community: OUT, street: '150205001' } };
const TARGET_NAMES: Target[] = ['in', 'out'];

const subgraphs = testSubgraphs();
let reader: SelfGovernance;
let writer: SelfGovernance;

function driverFor(service: SelfGovernance): Driver {
  return {
    async ok(query, variables, identity = testOperator) {
      const result = await service.request<any>(query, variables, identity);
      if (result.errors) throw new Error(`${result.errors[0]!.message} ${JSON.stringify(result.errors[0]!.extensions)} in ${query}`);
      return result.data;
    },
    sql: (query, params = []) => service.database.sql.unsafe(query, params as never[]) as unknown as Promise<Record<string, any>[]>,
  };
}

async function start(): Promise<SelfGovernance> {
  const service = await subgraphs.start('self-governance', selfGovernanceSubgraph);
  for (const input of REGIONS) await driverFor(service).ok(`mutation ($input: RegisterRegionInput!) { registerRegion(input: $input) { code } }`, { input });
  return service;
}

const fixtures = {} as Record<Target, PersonalFixture & { withdrawnId: string; publishedId: string; wishNeedId: string }>;

beforeAll(async () => {
  [reader, writer] = await Promise.all([start(), start()]);
  const d = driverFor(reader);
  for (const target of TARGET_NAMES) {
    const community = PLACES[target].community;
    const base = await seedPersonalFixture(d, community);
    const publish = (title: string) =>
      d.ok(`mutation { publishDisclosure(input: { communityCode: "${community}", category: FINANCE, period: "2024", title: "${title}", content: "收支" }) { id } }`);
    const published = await publish('财务公开');
    const withdrawn = await publish('有误的财务公开');
    await d.ok(`mutation { withdrawDisclosure(input: { disclosureId: "${withdrawn.publishDisclosure.id}", reason: "数据有误" }) { id } }`);
    const wish = await d.ok(`{ microWish(id: "${base.wishId}") { need { id } } }`);
    fixtures[target] = { ...base, publishedId: published.publishDisclosure.id, withdrawnId: withdrawn.publishDisclosure.id, wishNeedId: wish.microWish.need.id };
  }
});

const count = async (service: SelfGovernance, query: string, params: unknown[] = []) => {
  const [row] = await service.database.sql.unsafe(query, params as never[]);
  return row!.n as number;
};

describe('the audit log', () => {
  it('refuses UPDATE, DELETE and TRUNCATE, whoever asks', async () => {
    expect(await count(writer, 'select count(*)::int as n from audit_log')).toBeGreaterThan(0);
    for (const statement of ["update audit_log set operation = 'forged'", 'delete from audit_log', 'truncate audit_log']) {
      await expect(writer.database.sql.unsafe(statement), statement).rejects.toThrow(/append-only/);
    }
    expect(await count(writer, `select count(*)::int as n from audit_log where operation = 'forged'`)).toBe(0);
  });
});

describe('personal data: every @personal path × every caller × in/out of scope', () => {
  const audited = (path: string, entityId: string, identity: Identity) =>
    count(
      reader,
      `select count(*)::int as n from audit_log where kind = 'personal_data_read' and operation = $1 and entity = $2 and entity_id = $3 and subject is not distinct from $4`,
      [path, path.split('.')[0], entityId, identity.subject],
    );

  it.each(personalPaths())('%s', async (path) => {
    const c = PERSONAL_CASES[path];
    expect(c, `no case for ${path} in test/authorization/personal-cases.ts`).toBeDefined();
    const seen: string[] = [];
    const expected: string[] = [];
    for (const target of TARGET_NAMES) {
      const f = fixtures[target];
      for (const caller of CALLER_NAMES) {
        const key = at(caller, target);
        const identity = CALLERS[caller];
        const before = await audited(path, c!.entityId(f), identity);
        const result = await reader.request<any>(c!.query(f), {}, identity);
        const after = await audited(path, c!.entityId(f), identity);
        const value = result.errors ? `error ${result.errors[0]!.message}` : c!.pick(result.data);
        seen.push(`${key}: ${String(value)}, audit +${after - before}`);
        const shown = PERSONAL_READERS.includes(key) ? c!.raw : c!.public || RECORD_READERS.includes(key) ? c!.masked : undefined;
        expected.push(`${key}: ${String(shown)}, audit +${shown === c!.raw ? 1 : 0}`);
      }
    }
    expect(seen).toEqual(expected);
  });
});

describe('mutations: every Mutation field × every caller × in/out of scope', () => {
  const d = () => driverFor(writer);
  const totals = async () => {
    const [row] = await writer.database.sql`select (select count(*)::int from outbox) as events, (select count(*)::int from audit_log) as audit`;
    return row as { events: number; audit: number };
  };

  it.each(mutationFields())('%s', async (name) => {
    const c = MUTATION_CASES[name];
    expect(c, `no case for ${name} in test/authorization/mutation-cases.ts`).toBeDefined();
    const document = mutationDocument(name);
    const seen: string[] = [];
    const expected: string[] = [];
    for (const target of TARGET_NAMES) {
      let input = await c!.prepare(d(), PLACES[target]);
      for (const caller of CALLER_NAMES) {
        const key = at(caller, target);
        const identity = CALLERS[caller];
        const before = await totals();
        const result = await writer.request<any>(document, { input }, identity);
        const after = await totals();
        if (result.errors) {
          seen.push(`${key}: ${String(result.errors[0]!.extensions?.code)}, +${after.events - before.events} events, +${after.audit - before.audit} audit`);
        } else {
          const entity = c!.auditEntity ?? (result.data[name].__typename as string);
          const line = await count(writer, `select count(*)::int as n from audit_log where kind = 'mutation' and operation = $1 and entity = $2 and subject = $3`, [
            name,
            entity,
            identity.subject,
          ]);
          seen.push(`${key}: allowed, events ${after.events > before.events}, +${after.audit - before.audit} audit, audit line ${line > 0}`);
          input = await c!.prepare(d(), PLACES[target]); // the target is used up: a fresh one for the next caller
        }
        expected.push(
          c!.allowed.includes(key)
            ? `${key}: allowed, events true, +1 audit, audit line true`
            : `${key}: ${caller === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN'}, +0 events, +0 audit`,
        );
      }
    }
    expect(seen).toEqual(expected);
  });

  it('refuses an org admin claiming for another organization, or fulfilling another’s claim, writing nothing', async () => {
    const driver = d();
    const posted = await driver.ok(`mutation { postMicroWish(input: { communityCode: "${IN}", title: "轮椅", category: DISABILITY, poster: { name: "钱玉珍" } }) { id } }`);
    const wishId = posted.postMicroWish.id as string;
    const before = await totals();
    const claim = (organizationId: string) =>
      writer.request<any>(`mutation { claimMicroWish(input: { microWishId: "${wishId}", claimant: { kind: ORGANIZATION, id: "${organizationId}" } }) { id } }`, {}, CALLERS.orgAdmin);
    expect((await claim(OTHER_ORGANIZATION)).errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'input.claimant.id' });
    const volunteer = await writer.request<any>(
      `mutation { claimMicroWish(input: { microWishId: "${wishId}", claimant: { kind: VOLUNTEER, label: "志愿者" } }) { id } }`,
      {},
      CALLERS.orgAdmin,
    );
    expect(volunteer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await totals()).toEqual(before);
    await driver.ok(`mutation { claimMicroWish(input: { microWishId: "${wishId}", claimant: { kind: ORGANIZATION, id: "${OTHER_ORGANIZATION}" } }) { id } }`);
    const fulfil = await writer.request<any>(`mutation { fulfillMicroWish(input: { microWishId: "${wishId}" }) { id } }`, {}, CALLERS.orgAdmin);
    expect(fulfil.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('non-public records: lists, counts, lookups, _entities and nested fields', () => {
  const ENTITIES = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Need { id } ... on Dispute { id } ... on Disclosure { id } ... on MicroWish { id } } }`;

  it.each(CALLER_NAMES)('as %s', async (caller: Caller) => {
    const identity = CALLERS[caller];
    const reads = { in: RECORD_READERS.includes(at(caller, 'in')), out: RECORD_READERS.includes(at(caller, 'out')) };
    const both = (n: (t: Target) => number) => n('in') + n('out');
    const data = await driverFor(reader).ok(
      `{
        needs { totalCount edges { node { id } } } disputes { totalCount edges { node { id } } }
        disclosures { totalCount edges { node { id } } } withdrawn: disclosures(status: WITHDRAWN) { totalCount }
        microWishes { totalCount } proposals { totalCount }
        outNeeds: needs(within: "150205") { totalCount }
        in: community(code: "${IN}") { needs { totalCount } disputes { totalCount } disclosures { totalCount } microWishes { totalCount } }
        out: community(code: "${OUT}") { needs { totalCount } disputes { totalCount } disclosures { totalCount } microWishes { totalCount } }
        needIn: need(id: "${fixtures.in.needId}") { id } needOut: need(id: "${fixtures.out.needId}") { id }
        disputeIn: dispute(id: "${fixtures.in.disputeId}") { id } disputeOut: dispute(id: "${fixtures.out.disputeId}") { id }
        withdrawnIn: disclosure(id: "${fixtures.in.withdrawnId}") { id } withdrawnOut: disclosure(id: "${fixtures.out.withdrawnId}") { id }
        publishedOut: disclosure(id: "${fixtures.out.publishedId}") { id }
        wishIn: microWish(id: "${fixtures.in.wishId}") { id description need { id microWish { id } } }
        wishOut: microWish(id: "${fixtures.out.wishId}") { id description need { id } }
      }`,
      {},
      identity,
    );
    const id = (visible: boolean, value: string) => (visible ? { id: value } : null);
    expect(data).toEqual({
      needs: { totalCount: both((t) => (reads[t] ? 2 : 0)), edges: expect.any(Array) },
      disputes: { totalCount: both((t) => (reads[t] ? 1 : 0)), edges: expect.any(Array) },
      disclosures: { totalCount: both((t) => (reads[t] ? 2 : 1)), edges: expect.any(Array) },
      withdrawn: { totalCount: both((t) => (reads[t] ? 1 : 0)) },
      microWishes: { totalCount: 2 },
      proposals: { totalCount: 2 },
      outNeeds: { totalCount: reads.out ? 2 : 0 },
      in: { needs: { totalCount: reads.in ? 2 : 0 }, disputes: { totalCount: reads.in ? 1 : 0 }, disclosures: { totalCount: reads.in ? 2 : 1 }, microWishes: { totalCount: 1 } },
      out: { needs: { totalCount: reads.out ? 2 : 0 }, disputes: { totalCount: reads.out ? 1 : 0 }, disclosures: { totalCount: reads.out ? 2 : 1 }, microWishes: { totalCount: 1 } },
      needIn: id(reads.in, fixtures.in.needId),
      needOut: id(reads.out, fixtures.out.needId),
      disputeIn: id(reads.in, fixtures.in.disputeId),
      disputeOut: id(reads.out, fixtures.out.disputeId),
      withdrawnIn: id(reads.in, fixtures.in.withdrawnId),
      withdrawnOut: id(reads.out, fixtures.out.withdrawnId),
      publishedOut: { id: fixtures.out.publishedId },
      wishIn: {
        id: fixtures.in.wishId,
        description: reads.in ? '老伴住院，一个人在家想听广播' : null,
        need: reads.in ? { id: fixtures.in.wishNeedId, microWish: { id: fixtures.in.wishId } } : null,
      },
      wishOut: { id: fixtures.out.wishId, description: reads.out ? '老伴住院，一个人在家想听广播' : null, need: reads.out ? { id: fixtures.out.wishNeedId } : null },
    });
    // A list never shows more than its count says, nor fewer.
    for (const list of [data.needs, data.disputes, data.disclosures]) expect(list.edges).toHaveLength(list.totalCount);

    const reps = (t: Target) => [
      { __typename: 'Need', id: fixtures[t].needId },
      { __typename: 'Dispute', id: fixtures[t].disputeId },
      { __typename: 'Disclosure', id: fixtures[t].withdrawnId },
      { __typename: 'MicroWish', id: fixtures[t].wishId },
    ];
    for (const t of TARGET_NAMES) {
      const entities = await driverFor(reader).ok(ENTITIES, { reps: reps(t) }, identity);
      expect(entities._entities, `_entities ${t}`).toEqual([
        id(reads[t], fixtures[t].needId),
        id(reads[t], fixtures[t].disputeId),
        id(reads[t], fixtures[t].withdrawnId),
        { id: fixtures[t].wishId },
      ]);
    }
  });
});

describe('a resident’s own records', () => {
  it('shows a resident the needs they reported and the details of their wishes — masked — and nobody else’s', async () => {
    const driver = driverFor(writer);
    // A resident of their own (the matrix above has the shared one report needs too).
    const me: Identity = { ...CALLERS.resident, subject: 'resident-own-records' };
    const neighbour: Identity = { ...me, subject: 'resident-next-door' };
    const reported = await driver.ok(
      `mutation { reportNeed(input: { communityCode: "${OUT}", category: HEALTH, urgency: NORMAL, summary: "需要陪诊", reporter: { name: "赵淑芬", phone: "13912345678" } }) { id reporter { name phone } } }`,
      {},
      me,
    );
    expect(reported.reportNeed.reporter).toEqual({ name: '赵**', phone: '139****5678' });
    const posted = await driver.ok(
      `mutation { postMicroWish(input: { communityCode: "${OUT}", title: "想要一副老花镜", description: "看不清药盒上的字", category: ELDERLY_CARE, poster: { name: "赵淑芬" } }) { id } }`,
      {},
      me,
    );
    const query = `{ needs { totalCount edges { node { id } } } need(id: "${reported.reportNeed.id}") { id } microWish(id: "${posted.postMicroWish.id}") { description need { id } } }`;
    const mine = await driver.ok(query, {}, me);
    expect(mine.needs.totalCount).toBe(2); // the need reported, and the one reported with the wish
    expect(mine.need).toEqual({ id: reported.reportNeed.id });
    expect(mine.microWish.description).toBe('看不清药盒上的字');
    expect(mine.microWish.need).not.toBeNull();
    expect(await driver.ok(query, {}, neighbour)).toEqual({ needs: { totalCount: 0, edges: [] }, need: null, microWish: { description: null, need: null } });
  });

  it('shows an organization the details of the wishes it claimed', async () => {
    const driver = driverFor(writer);
    const posted = await driver.ok(
      `mutation { postMicroWish(input: { communityCode: "${OUT}", title: "助浴", description: "行动不便", category: ELDERLY_CARE, poster: { name: "钱玉珍" } }) { id } }`,
    );
    const query = `{ microWish(id: "${posted.postMicroWish.id}") { description need { id } } }`;
    expect((await driver.ok(query, {}, CALLERS.orgAdmin)).microWish.description).toBeNull();
    await driver.ok(
      `mutation { claimMicroWish(input: { microWishId: "${posted.postMicroWish.id}", claimant: { kind: ORGANIZATION, id: "${ADMIN_ORGANIZATION}" } }) { id } }`,
      {},
      CALLERS.orgAdmin,
    );
    // The wish's details, not the need behind it: that stays with staff, social workers and the poster.
    expect((await driver.ok(query, {}, CALLERS.orgAdmin)).microWish).toEqual({ description: '行动不便', need: null });
  });
});
