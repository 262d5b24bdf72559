import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { socialWork as contracts } from '@sanshe/events';
import { maskIdNumber, maskName } from '@sanshe/service-kit';
import { socialWorkSubgraph } from '../../src/app.ts';
import { selfGovernanceSubgraph } from '../../../self-governance/src/app.ts';
import { organizationsSubgraph } from '../../../organizations/src/app.ts';
import { registerRegions } from '../../../self-governance/test/factories/regions.ts';
import { fileOrganization, registerOrganization, type OrganizationResult } from '../../../organizations/test/factories/organizations.ts';
import { countRows, waitForKnownOrganizations, waitForKnownRegions } from '../../../organizations/test/factories/replicas.ts';
import {
  REGISTER_SOCIAL_WORKER,
  certificate,
  registerSocialWorker,
  socialWorkerInput,
  type SocialWorkerResult,
} from '../factories/social-workers.ts';
import { publicReader } from '../factories/identities.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let selfGovernance: AnySubgraph;
let organizations: AnySubgraph;
let service: AnySubgraph;
let agency: OrganizationResult;
let otherAgency: OrganizationResult;

beforeAll(async () => {
  selfGovernance = await subgraphs.start('self-governance', selfGovernanceSubgraph);
  organizations = await subgraphs.start('organizations', organizationsSubgraph);
  service = await subgraphs.start('social-work', socialWorkSubgraph);
  await registerRegions(selfGovernance);
  await selfGovernance.flushOutbox();
  await waitForKnownRegions(organizations);
  await waitForKnownRegions(service);
  agency = await registerOrganization(organizations, { name: '青山区阳光社会工作服务中心', legalForm: 'SOCIAL_SERVICE_AGENCY' });
  otherAgency = await fileOrganization(organizations, { name: '幸福路社工站', communityCode: '150204002001' });
  await organizations.flushOutbox();
  await waitForKnownOrganizations(service, [agency.id, otherAgency.id]);
});

/** Real names of everyone registered here, to prove none leaves the service unmasked. */
const realNames = new Map<string, string>();
const registered: SocialWorkerResult[] = [];

async function register(overrides: Record<string, unknown>) {
  const worker = await registerSocialWorker(service, overrides);
  realNames.set(worker.id, String(overrides.name ?? socialWorkerInput().name));
  registered.push(worker);
  return worker;
}

function expectMasked(output: unknown) {
  const text = JSON.stringify(output);
  for (const name of realNames.values()) expect(text, `${name} leaked`).not.toContain(name);
}

async function counts() {
  return { socialWorkers: await countRows(service, 'social_workers'), outbox: await countRows(service, 'outbox') };
}

describe('registering social workers', () => {
  it('registers a certified agency worker, storing the name in full and serving it masked to callers without rights', async () => {
    const cert = certificate('INTERMEDIATE', '2021-06-19');
    // The district operator registering the worker may see the name (and the read is audited).
    const worker = await register({ name: '张伟华', ...cert, employment: 'AGENCY', employerOrganizationId: agency.id });
    expect(worker).toMatchObject({
      name: '张伟华',
      certificationLevel: 'INTERMEDIATE',
      certificateNumber: cert.certificateNumber,
      certifiedOn: '2021-06-19',
      employment: 'AGENCY',
      employer: { id: agency.id },
      community: { code: '150204001001' },
    });
    const seen = await service.request(`query ($id: ID!) { socialWorker(id: $id) { name certificateNumber } }`, { id: worker.id }, publicReader);
    expect(seen.data).toEqual({ socialWorker: { name: maskName('张伟华'), certificateNumber: maskIdNumber(cert.certificateNumber) } });
    const [row] = await service.database.sql`select name, certification_level, certified_on::text as certified_on, employer_organization_id from social_workers where id = ${worker.id}`;
    expect(row).toEqual({ name: '张伟华', certification_level: 'intermediate', certified_on: '2021-06-19', employer_organization_id: agency.id });
  });

  it('registers an uncertified worker on a government post', async () => {
    const worker = await register({ name: '欧阳娜娜', employment: 'GOVERNMENT_POST' });
    expect(worker).toMatchObject({
      name: '欧阳娜娜',
      certificationLevel: null,
      certificateNumber: null,
      certifiedOn: null,
      employment: 'GOVERNMENT_POST',
      employer: null,
    });
  });

  it('refuses an unknown employer, an unknown community, a duplicate certificate and inconsistent input, writing nothing', async () => {
    const taken = registered[0]!.certificateNumber!;
    const before = await counts();
    const cases: [Record<string, unknown>, string, string][] = [
      [{ employment: 'AGENCY', employerOrganizationId: randomUUID() }, 'NOT_FOUND', 'input.employerOrganizationId'],
      [{ employment: 'AGENCY', employerOrganizationId: 'sunshine' }, 'BAD_USER_INPUT', 'input.employerOrganizationId'],
      [{ employment: 'AGENCY' }, 'BAD_USER_INPUT', 'input.employerOrganizationId'],
      [{ employment: 'GOVERNMENT_POST', employerOrganizationId: agency.id }, 'BAD_USER_INPUT', 'input.employerOrganizationId'],
      [{ communityCode: '150204009001' }, 'UNKNOWN_COMMUNITY', 'input.communityCode'],
      [{ communityCode: '150204001' }, 'BAD_USER_INPUT', 'input.communityCode'],
      [{ ...certificate('SENIOR'), certificateNumber: taken }, 'CONFLICT', 'input.certificateNumber'],
      [{ ...certificate('SENIOR'), certificateNumber: ` ${taken} ` }, 'CONFLICT', 'input.certificateNumber'],
      [{ certificationLevel: 'ASSISTANT' }, 'BAD_USER_INPUT', 'input.certificateNumber'],
      [{ ...certificate('ASSISTANT', '2999-01-01') }, 'BAD_USER_INPUT', 'input.certifiedOn'],
    ];
    for (const [overrides, code, field] of cases) {
      const result = await service.request(REGISTER_SOCIAL_WORKER, { input: socialWorkerInput({ name: '赵敏', ...overrides }) });
      expect(result.data ?? null).toBeNull();
      expect(result.errors?.[0]?.extensions, JSON.stringify(overrides)).toMatchObject({ code, field });
    }
    expect(await counts()).toEqual(before);
  });

  it('accepts an employer from another community, as long as the organization is known', async () => {
    const worker = await register({ name: '刘洋', communityCode: '150204002001', employment: 'AGENCY', employerOrganizationId: otherAgency.id, ...certificate('ASSISTANT') });
    expect(worker.employer).toEqual({ id: otherAgency.id });
    expect(worker.name).toBe('刘洋');
  });
});

describe('reading', () => {
  it('pages Community.socialWorkers in registration order, names masked to the public', async () => {
    const code = '150204001002';
    const mine: SocialWorkerResult[] = [];
    const names = ['陈建国', '林小雨', '司马相如', '黄蓉', '郭靖'];
    for (const [i, name] of names.entries()) {
      mine.push(await register({ name, communityCode: code, ...(i % 2 === 0 ? certificate('ASSISTANT') : {}) }));
    }
    type Conn = { totalCount: number; edges: { node: { id: string; name: string } }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null } };
    const read = async (after: string | null) => {
      const result = await service.request<{ _entities: [{ socialWorkers: Conn }] }>(
        `query ($r: [_Any!]!, $after: String) { _entities(representations: $r) { ... on Community {
          socialWorkers(first: 2, after: $after) { totalCount edges { node { id name } } pageInfo { hasNextPage hasPreviousPage endCursor } } } } }`,
        { r: [{ __typename: 'Community', code }], after },
        publicReader,
      );
      expect(result.errors).toBeUndefined();
      expectMasked(result.data);
      return result.data!._entities[0].socialWorkers;
    };
    const seen: { id: string; name: string }[] = [];
    let after: string | null = null;
    for (let pageNo = 0; ; pageNo += 1) {
      const conn: Conn = await read(after);
      expect(conn.totalCount).toBe(5);
      expect(conn.edges.length).toBe(pageNo < 2 ? 2 : 1);
      expect(conn.pageInfo.hasPreviousPage).toBe(pageNo > 0);
      seen.push(...conn.edges.map((e) => e.node));
      if (!conn.pageInfo.hasNextPage) break;
      after = conn.pageInfo.endCursor;
    }
    expect(seen).toEqual(mine.map((w, i) => ({ id: w.id, name: maskName(names[i]!) })));
    expect(seen.map((w) => w.name)).toEqual(['陈**', '林**', '司***', '黄*', '郭*']);

    const bad = await service.request(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { socialWorkers(after: "junk") { totalCount } } } }`, {
      r: [{ __typename: 'Community', code }],
    });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('counts certified social workers per community', async () => {
    const result = await service.request<{ _entities: { code: string; certifiedSocialWorkerCount: number; socialWorkers: { totalCount: number } }[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { code certifiedSocialWorkerCount socialWorkers { totalCount } } } }`,
      {
        r: ['150204001001', '150204001002', '150204002001', '150204009001'].map((code) => ({ __typename: 'Community', code })),
      },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([
      // 张伟华 certified, 欧阳娜娜 not.
      { code: '150204001001', certifiedSocialWorkerCount: 1, socialWorkers: { totalCount: 2 } },
      // Three of the five certified.
      { code: '150204001002', certifiedSocialWorkerCount: 3, socialWorkers: { totalCount: 5 } },
      { code: '150204002001', certifiedSocialWorkerCount: 1, socialWorkers: { totalCount: 1 } },
      { code: '150204009001', certifiedSocialWorkerCount: 0, socialWorkers: { totalCount: 0 } },
    ]);
  });

  it('resolves SocialWorker and Community entities, names masked to the public', async () => {
    const worker = registered[0]!;
    const result = await service.request<{ _entities: unknown[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) {
        ... on SocialWorker { id name certificationLevel employer { id } community { code } }
        ... on Community { code certifiedSocialWorkerCount } } }`,
      {
        r: [
          { __typename: 'SocialWorker', id: worker.id },
          { __typename: 'SocialWorker', id: randomUUID() },
          { __typename: 'SocialWorker', id: 'not-a-uuid' },
          { __typename: 'Community', code: '150204001001' },
        ],
      },
      publicReader,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!._entities).toEqual([
      { id: worker.id, name: '张**', certificationLevel: 'INTERMEDIATE', employer: { id: agency.id }, community: { code: '150204001001' } },
      null,
      null,
      { code: '150204001001', certifiedSocialWorkerCount: 1 },
    ]);
    const query = await service.request<{ socialWorker: { name: string } }>(`query ($id: ID!) { socialWorker(id: $id) { name } }`, { id: registered[1]!.id }, publicReader);
    expect(query.data).toEqual({ socialWorker: { name: '欧***' } });
    expectMasked([result.data, query.data]);
  });
});

describe('platform accounts', () => {
  const LINK = `mutation ($input: LinkSocialWorkerAccountInput!) { linkSocialWorkerAccount(input: $input) { id name } }`;
  const accountOf = async (id: string) =>
    ((await service.database.sql`select account_subject from social_workers where id = ${id}`)[0]!.account_subject as string | null);

  it('links one account per worker (CONFLICT naming the field), unlinks with null, and never serves the subject', async () => {
    const linked = await register({ name: '周晓梅', accountSubject: 'account-zhou' });
    expect(await accountOf(linked.id)).toBe('account-zhou');
    const other = await register({ name: '吴建军' });
    expect(await accountOf(other.id)).toBeNull();

    const taken = await service.request(LINK, { input: { socialWorkerId: other.id, accountSubject: 'account-zhou' } });
    expect(taken.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.accountSubject' });
    const takenAtRegistration = await service.request(REGISTER_SOCIAL_WORKER, { input: socialWorkerInput({ name: '郑强', accountSubject: 'account-zhou' }) });
    expect(takenAtRegistration.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.accountSubject' });
    expect(await service.request(LINK, { input: { socialWorkerId: 'nope', accountSubject: 'x' } })).toMatchObject({
      errors: [{ extensions: { code: 'NOT_FOUND', field: 'input.socialWorkerId' } }],
    });

    await service.request(LINK, { input: { socialWorkerId: linked.id, accountSubject: null } });
    expect(await accountOf(linked.id)).toBeNull();
    const relinked = await service.request(LINK, { input: { socialWorkerId: other.id, accountSubject: 'account-zhou' } });
    expect(relinked.errors).toBeUndefined();
    expect(await accountOf(other.id)).toBe('account-zhou');
    const audited = await service.database.sql`select entity_id from audit_log where kind = 'mutation' and operation = 'linkSocialWorkerAccount' order by at, id`;
    expect(audited.map((r) => r.entity_id)).toEqual([linked.id, other.id]);

    // Signed in with that account, the worker sees their own record although it is outside their token's scope.
    const self = { subject: 'account-zhou', roles: ['social_worker'], scope: ['150204002001'], organizationId: null, partnerId: null };
    const own = await service.request(`query ($id: ID!) { socialWorker(id: $id) { name } }`, { id: other.id }, self);
    expect(own.data).toEqual({ socialWorker: { name: '吴建军' } });
    const colleague = await service.request(`query ($id: ID!) { socialWorker(id: $id) { name } }`, { id: linked.id }, self);
    expect(colleague.data).toEqual({ socialWorker: { name: '周**' } });
    expect(JSON.stringify(await service.request(`{ socialWorkers(first: 100) { edges { node { id name certificateNumber employer { id } } } } }`))).not.toContain('account-zhou');
  });
});

describe('events', () => {
  it('publishes one social-worker.registered event per worker, without personal data', async () => {
    await service.flushOutbox();
    const received = await bus.events(contracts.socialWorkerRegistered, registered.length + 1);
    expect(received).toHaveLength(registered.length);
    for (const worker of registered) {
      const match = received.find((e) => e.event.data.socialWorkerId === worker.id);
      expect(match).toBeDefined();
      expect(match!.msgId).toBe(match!.event.id);
      expect(match!.event.subject).toBe(worker.id);
      expect(match!.event.data).toEqual({
        socialWorkerId: worker.id,
        communityCode: worker.community.code,
        certificationLevel: worker.certificationLevel?.toLowerCase() ?? null,
      });
    }
    expectMasked(received);
    for (const worker of registered) if (worker.certificateNumber) expect(JSON.stringify(received)).not.toContain(worker.certificateNumber);
  });
});
