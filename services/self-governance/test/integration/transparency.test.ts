import { beforeAll, describe, expect, it } from 'vitest';
import { testSubgraphs } from '@sanshe/testing';
import { selfGovernance as contracts } from '@sanshe/events';
import { COMMUNITY, OTHER_COMMUNITY, OTHER_STREET_COMMUNITY, countRows, ok, outboxCount, refused, startSelfGovernance, type SelfGovernance } from '../factories/self-governance.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: SelfGovernance;

beforeAll(async () => {
  service = await startSelfGovernance(subgraphs);
});

const PUBLISH = `mutation ($input: PublishDisclosureInput!) { publishDisclosure(input: $input) { id category period title status community { code } } }`;
const WITHDRAW = `mutation ($input: WithdrawDisclosureInput!) { withdrawDisclosure(input: $input) { id status withdrawalReason withdrawnAt } }`;
const RECORD = `mutation ($input: RecordEvaluationInput!) { recordEvaluation(input: $input) {
  id kind period responses satisfied basicallySatisfied dissatisfied satisfactionRate score street { code level } committee { name } community { code } } }`;

const disclose = (category: string, period = '2024-Q2', communityCode = COMMUNITY) =>
  ok(service, PUBLISH, { input: { communityCode, category, period, title: `${period} ${category} 公开`, content: '详见公开栏。' } });

describe('阳光五务 disclosures', () => {
  it('publishes per community, category and period, and reports which of the five are missing', async () => {
    const party = await disclose('PARTY_AFFAIRS');
    expect(party.publishDisclosure).toMatchObject({ category: 'PARTY_AFFAIRS', period: '2024-Q2', status: 'PUBLISHED', community: { code: COMMUNITY } });
    await disclose('FINANCE');
    await disclose('FINANCE', '2024-q1');
    await disclose('SERVICES', '2024-Q2', OTHER_COMMUNITY);
    const coverage = await ok(
      service,
      `{ community(code: "${COMMUNITY}") { disclosureCoverage(period: "2024-Q2") { period disclosed missing complete } } }`,
    );
    expect(coverage.community.disclosureCoverage).toEqual({
      period: '2024-Q2',
      disclosed: ['PARTY_AFFAIRS', 'FINANCE'],
      missing: ['PUBLIC_AFFAIRS', 'RESIDENT_AFFAIRS', 'SERVICES'],
      complete: false,
    });
    for (const category of ['PUBLIC_AFFAIRS', 'RESIDENT_AFFAIRS', 'SERVICES']) await disclose(category);
    const full = await ok(
      service,
      `{ communities(within: "150204001") { edges { node { code disclosureCoverage(period: "2024-Q2") { complete missing } } } } }`,
    );
    expect(full.communities.edges.map((e: any) => [e.node.code, e.node.disclosureCoverage.complete, e.node.disclosureCoverage.missing.length])).toEqual([
      [COMMUNITY, true, 0],
      [OTHER_COMMUNITY, false, 4],
    ]);
  });

  it('withdraws a disclosure once, and counts only published ones', async () => {
    const { rows } = { rows: await service.database.sql`select id from disclosures where category = 'finance' and period = '2024-Q2'` };
    const withdrawn = await ok(service, WITHDRAW, { input: { disclosureId: rows[0]!.id, reason: '数据有误，更正后重新公开' } });
    expect(withdrawn.withdrawDisclosure).toMatchObject({ status: 'WITHDRAWN', withdrawalReason: '数据有误，更正后重新公开' });
    expect(await refused(service, WITHDRAW, { input: { disclosureId: rows[0]!.id, reason: '再撤' } })).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      currentStatus: 'WITHDRAWN',
    });
    const coverage = await ok(service, `{ community(code: "${COMMUNITY}") { disclosureCoverage(period: "2024-Q2") { missing } } }`);
    expect(coverage.community.disclosureCoverage.missing).toEqual(['FINANCE']);
  });

  it('lists disclosures by category, period and status, and refuses bad periods', async () => {
    const data = await ok(
      service,
      `{ community(code: "${COMMUNITY}") { disclosures { totalCount } finance: disclosures(category: FINANCE) { totalCount }
           q1: disclosures(period: "2024-Q1") { edges { node { category } } } published: disclosures(period: "2024-Q2", status: PUBLISHED) { totalCount } }
         disclosures(within: "150204001", category: SERVICES) { totalCount } }`,
    );
    expect(data).toEqual({
      community: { disclosures: { totalCount: 6 }, finance: { totalCount: 2 }, q1: { edges: [{ node: { category: 'FINANCE' } }] }, published: { totalCount: 4 } },
      disclosures: { totalCount: 2 },
    });
    expect(await refused(service, PUBLISH, { input: { communityCode: COMMUNITY, category: 'FINANCE', period: '2024-Q5', title: '错误期', content: 'x' } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.period',
    });
    expect(await refused(service, `{ community(code: "${COMMUNITY}") { disclosureCoverage(period: "soon") { complete } } }`)).toMatchObject({ field: 'period' });
    expect(await outboxCount(service, contracts.disclosurePublished.type)).toBe(7);
    expect(await outboxCount(service, contracts.disclosureWithdrawn.type)).toBe(1);
  });
});

describe('两评 and satisfaction', () => {
  it('records representatives rating the committee, committee members rating the street office, and a survey', async () => {
    const ratings = { satisfied: 40, basicallySatisfied: 7, dissatisfied: 3 };
    expect(await refused(service, RECORD, { input: { kind: 'REPRESENTATIVES_RATE_COMMITTEE', communityCode: COMMUNITY, period: '2024', ...ratings } })).toMatchObject({
      code: 'RULE_VIOLATION',
      field: 'input.communityCode',
    });
    await ok(service, `mutation { establishResidentsCommittee(input: { communityCode: "${COMMUNITY}", name: "先锋道第一社区居民委员会" }) { id } }`);
    const committee = await ok(service, RECORD, {
      input: { kind: 'REPRESENTATIVES_RATE_COMMITTEE', communityCode: COMMUNITY, period: '2024', eligibleRaters: 55, ...ratings, comments: '服务及时' },
    });
    expect(committee.recordEvaluation).toMatchObject({
      kind: 'REPRESENTATIVES_RATE_COMMITTEE',
      responses: 50,
      satisfactionRate: 94,
      score: 88.4,
      committee: { name: '先锋道第一社区居民委员会' },
      street: { code: '150204001', level: 'STREET' },
    });
    const street = await ok(service, RECORD, {
      input: { kind: 'COMMITTEE_RATES_STREET_OFFICE', communityCode: COMMUNITY, period: '2024', satisfied: 6, basicallySatisfied: 2, dissatisfied: 1 },
    });
    expect(street.recordEvaluation).toMatchObject({ committee: null, street: { code: '150204001' }, satisfactionRate: 88.9, score: 80 });
    await ok(service, RECORD, { input: { kind: 'RESIDENT_SATISFACTION', communityCode: OTHER_STREET_COMMUNITY, period: '2024-H1', satisfied: 300, basicallySatisfied: 80, dissatisfied: 20 } });
    const cases = [
      [{ kind: 'COMMITTEE_RATES_STREET_OFFICE', communityCode: COMMUNITY, period: '2024', ...ratings }, 'CONFLICT', 'input.period'],
      [{ kind: 'RESIDENT_SATISFACTION', communityCode: COMMUNITY, period: '2024', satisfied: 0, basicallySatisfied: 0, dissatisfied: 0 }, 'BAD_USER_INPUT', 'input.satisfied'],
      [{ kind: 'RESIDENT_SATISFACTION', communityCode: COMMUNITY, period: '2024', eligibleRaters: 10, ...ratings }, 'BAD_USER_INPUT', 'input.eligibleRaters'],
      [{ kind: 'RESIDENT_SATISFACTION', communityCode: COMMUNITY, period: '2024', satisfied: -1, basicallySatisfied: 0, dissatisfied: 0 }, 'BAD_USER_INPUT', 'input.satisfied'],
      [{ kind: 'RESIDENT_SATISFACTION', communityCode: '150204001', period: '2024', ...ratings }, 'UNKNOWN_COMMUNITY', 'input.communityCode'],
    ] as const;
    for (const [input, code, field] of cases) expect(await refused(service, RECORD, { input })).toMatchObject({ code, field });
    expect(await countRows(service, 'evaluations')).toBe(3);
  });

  it('lists evaluations by kind, period and place; resolves them and disclosures by reference', async () => {
    const data = await ok(
      service,
      `{ community(code: "${COMMUNITY}") { evaluations { totalCount } street: evaluations(kind: COMMITTEE_RATES_STREET_OFFICE) { edges { node { id score } } } }
         all: communityEvaluations(within: "150204", period: "2024") { totalCount } h1: communityEvaluations(within: "150204002", period: "2024-h1") { totalCount }
         surveys: communityEvaluations(kind: RESIDENT_SATISFACTION) { edges { node { satisfactionRate } } } }`,
    );
    expect(data.community.evaluations.totalCount).toBe(2);
    expect(data.all.totalCount).toBe(2);
    expect(data.h1.totalCount).toBe(1);
    expect(data.surveys.edges).toEqual([{ node: { satisfactionRate: 95 } }]);
    const evaluationId = data.community.street.edges[0].node.id;
    const [disclosure] = await service.database.sql`select id from disclosures limit 1`;
    const entities = await ok<{ _entities: unknown[] }>(
      service,
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on CommunityEvaluation { id kind } ... on Disclosure { id status } } }`,
      {
        r: [
          { __typename: 'CommunityEvaluation', id: evaluationId },
          { __typename: 'Disclosure', id: disclosure!.id },
          { __typename: 'Disclosure', id: 'x' },
        ],
      },
    );
    expect(entities._entities).toEqual([{ id: evaluationId, kind: 'COMMITTEE_RATES_STREET_OFFICE' }, { id: disclosure!.id, status: expect.any(String) }, null]);
    await service.flushOutbox();
    const recorded = await bus.events(contracts.evaluationRecorded, 3);
    expect(recorded.map((e) => e.event.data.kind)).toEqual(['representatives_rate_committee', 'committee_rates_street_office', 'resident_satisfaction']);
  });
});
