/**
 * Awarded grants as open data: the funding subgraph serves a 360Giving Data Standard package at
 * /open-data/360giving/grants.json (behind the subgraph secret; the gateway publishes it at
 * http://localhost:4000/open-data/360giving/grants.json), validated here against the standard's
 * JSON schemas with ajv (draft 2020-12).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SECRET_HEADER } from '@sanshe/service-kit';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { createFundingSubgraph, fundingSubgraph, THREE_SIXTY_GIVING_PATH } from '../../src/app.ts';
import { COMMUNITY_1, COMMUNITY_2, STREET_1, gradeOrganization, seedOrganization, seedRegions, type SeededOrganization } from '../factories/events.ts';
import { PAY_TRANCHE, REPORT_MILESTONE, award, createFund, createProgrammeOn, must } from '../factories/graphql.ts';
import { threeSixtyGivingValidators } from '../factories/three-sixty-giving-schema.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;
let secret: string | undefined;
let org: SeededOrganization;
const { validatePackage, validateGrant } = threeSixtyGivingValidators();

beforeAll(async () => {
  // The route reads the secret through this getter, set once the test subgraph has chosen it.
  service = await subgraphs.start('funding', createFundingSubgraph({ subgraphSecret: () => secret }));
  secret = service.secret;
  await seedRegions(bus, service);
  org = await seedOrganization(bus, { track: 'registered', name: '青山区乐龄养老服务中心' });
});

const url = () => `${new URL(service.url).origin}${THREE_SIXTY_GIVING_PATH}`;
const get = (headers: Record<string, string> = { [SECRET_HEADER]: secret! }, method = 'GET') => fetch(url(), { method, headers });

describe('the 360Giving package', () => {
  it('answers only the gateway, only GET, and 404 before any grant', async () => {
    expect((await get({})).status).toBe(401);
    expect((await get({ [SECRET_HEADER]: 'not-the-secret-at-all' })).status).toBe(401);
    expect((await get(undefined, 'POST')).status).toBe(405);
    const empty = await get();
    expect(empty.status).toBe(404);
    expect(THREE_SIXTY_GIVING_PATH).toBe('/open-data/360giving/grants.json');
  });

  it('publishes every awarded grant with public fields only, valid against the 360Giving schema', async () => {
    const fund = await createFund(service, { name: '青山区政府购买服务资金', initialDepositFen: 10_000_000 });
    const purchase = await createProgrammeOn(service, fund.id, { name: '2017年政府购买服务', kind: 'PURCHASE_OF_SERVICES', budgetFen: 5_000_000, ownerRegionCode: STREET_1 });
    const toOrg = await award(service, {
      programmeId: purchase.id,
      title: '社区居家养老服务',
      organizationId: org.id,
      amountFen: 123_456,
      tranches: [
        { amountFen: 23_456, milestone: '项目启动' },
        { amountFen: 100_000, milestone: '项目结项' },
      ],
    });
    await must(service, REPORT_MILESTONE, { id: toOrg.tranches[0]!.id });
    await must(service, PAY_TRANCHE, { id: toOrg.tranches[0]!.id });
    // A grant to a community's residents' committee, of ten fen.
    const toCommunity = await award(service, { programmeId: purchase.id, title: '楼道微改造', communityCode: COMMUNITY_2, amountFen: 10 });

    // A venture-philanthropy grant from an open call (programme without an owner: the district funds it).
    const vp = await createProgrammeOn(service, fund.id, { name: '公益创投', budgetFen: 1_000_000 });
    const graded = await seedOrganization(bus, { track: 'registered', name: '阳光社工服务中心' });
    await gradeOrganization(bus, graded, 4);
    const round = await must<{ openFundingRound: { id: string } }>(service, `mutation ($input: OpenFundingRoundInput!) { openFundingRound(input: $input) { id } }`, {
      input: { programmeId: vp.id, title: '第一届公益创投', budgetFen: 500_000, eligibility: [{ kind: 'MIN_GRADE', minGrade: 3 }], minReviewers: 1 },
    });
    const application = await must<{ submitApplication: { id: string } }>(service, `mutation ($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }`, {
      input: { roundId: round.openFundingRound.id, organizationId: graded.id, title: '青少年成长支持', summary: '课后陪伴与心理辅导', requestedFen: 200_000 },
    });
    await must(service, `mutation ($id: ID!) { closeFundingRoundCall(roundId: $id) { id } }`, { id: round.openFundingRound.id });
    const reviewer = await must<{ registerReviewer: { id: string } }>(service, `mutation { registerReviewer(input: { name: "评审专家张三" }) { id } }`);
    await must(service, `mutation ($input: ReviewApplicationInput!) { reviewApplication(input: $input) { id } }`, {
      input: { applicationId: application.submitApplication.id, reviewerId: reviewer.registerReviewer.id, score: 88, comment: '保密评语' },
    });
    const fromCall = await must<{ awardApplication: { id: string } }>(service, `mutation ($input: AwardApplicationInput!) { awardApplication(input: $input) { id } }`, {
      input: { applicationId: application.submitApplication.id, amountFen: 200_000 },
    });

    const response = await get();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
    const pkg = (await response.json()) as { grants: Record<string, any>[]; version: string };
    const valid = validatePackage(pkg);
    expect(validatePackage.errors ?? [], JSON.stringify(validatePackage.errors)).toEqual([]);
    expect(valid).toBe(true);
    for (const grant of pkg.grants) expect(validateGrant(grant), JSON.stringify(validateGrant.errors)).toBe(true);
    expect(pkg.version).toBe('1.4');
    expect(pkg.grants).toHaveLength(3);

    const byId = Object.fromEntries(pkg.grants.map((g) => [g.id, g]));
    expect(byId[`360G-sanshe-${toOrg.id}`]).toMatchObject({
      title: '社区居家养老服务',
      currency: 'CNY',
      amountAwarded: 1234.56,
      amountDisbursed: 234.56,
      awardDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      recipientOrganization: [{ id: `360G-sanshe-org-${org.id}`, name: '青山区乐龄养老服务中心' }],
      fundingOrganization: [{ id: `360G-sanshe-region-${STREET_1}`, name: '先锋道街道' }],
      grantProgramme: [{ code: `360G-sanshe-programme-${purchase.id}`, title: '2017年政府购买服务' }],
      beneficiaryLocation: [{ id: COMMUNITY_1, name: '先锋道第一社区', countryCode: 'CN', geoCode: COMMUNITY_1 }],
      fromOpenCall: 'No',
    });
    expect(byId[`360G-sanshe-${toCommunity.id}`]).toMatchObject({
      amountAwarded: 0.1,
      amountDisbursed: 0,
      recipientOrganization: [{ id: `360G-sanshe-community-${COMMUNITY_2}`, name: '先锋道第二社区居民委员会' }],
    });
    expect(byId[`360G-sanshe-${fromCall.awardApplication.id}`]).toMatchObject({
      amountAwarded: 2000,
      fromOpenCall: 'Yes',
      fundingOrganization: [{ id: '360G-sanshe-region-150204', name: '青山区' }],
      recipientOrganization: [{ name: '阳光社工服务中心' }],
    });
    // Public fields only: no reviewers, scores, comments, suspensions or ledger internals.
    const text = JSON.stringify(pkg);
    for (const secretWord of ['评审专家张三', '保密评语', 'score', 'payable', 'suspen', 'ledger', 'reviewer']) expect(text).not.toContain(secretWord);
  });

  it('without its own check (in-process use) the route is still behind the service-kit secret guard', async () => {
    const plain = await subgraphs.start('funding', fundingSubgraph);
    try {
      const at = `${new URL(plain.url).origin}${THREE_SIXTY_GIVING_PATH}`;
      expect((await fetch(at)).status).toBe(401);
      expect((await fetch(at, { headers: { [SECRET_HEADER]: plain.secret } })).status).toBe(404);
    } finally {
      await plain.close();
    }
  });

  it('the validator is not vacuous: a broken record fails it', () => {
    expect(validatePackage({ grants: [] })).toBe(false);
    expect(validateGrant({ id: 'x', title: 't', description: 'd', currency: 'CNY', amountAwarded: '12.00', awardDate: '2020-01-01', recipientOrganization: [{ id: 'a', name: 'b' }], fundingOrganization: [{ id: 'c', name: 'd' }] })).toBe(false);
    expect(validateGrant({ id: 'x', title: 't', description: 'd', currency: 'CNY', amountAwarded: 12, awardDate: '2020-13-01', recipientOrganization: [{ id: 'a', name: 'b' }], fundingOrganization: [{ id: 'c', name: 'd' }] })).toBe(false);
  });
});
