/**
 * 公益创投 end to end inside funding: a round with eligibility rules → applications → reviews with
 * conflict-of-interest exclusion → award within the round's budget → tranches gated by milestones
 * → final evaluation → completion, or a failed evaluation returning the money to the fund.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { funding as contracts } from '@sanshe/events';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { fundingSubgraph } from '../../src/app.ts';
import { COMMUNITY_2, COMMUNITY_3, STREET_1, gradeOrganization, seedOrganization, seedRegions, type SeededOrganization } from '../factories/events.ts';
import { PAY_TRANCHE, REPORT_MILESTONE, attempt, createFund, createProgrammeOn, fundState, grantState, must, refusalOf } from '../factories/graphql.ts';
import { ledgerViolations } from '../factories/ledger-invariants.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;
const org: Record<'graded4' | 'filedStreet1' | 'graded2' | 'filedStreet2' | 'ungraded' | 'late', SeededOrganization> = {} as never;
let fundId: string;
let programmeId: string;
let roundId: string;

const OPEN_ROUND = /* GraphQL */ `
  mutation ($input: OpenFundingRoundInput!) {
    openFundingRound(input: $input) { id status budgetFen minReviewers passingScore eligibilityMode eligibility { kind minGrade streetCode } }
  }
`;
const SUBMIT = /* GraphQL */ `mutation ($input: SubmitApplicationInput!) { submitApplication(input: $input) { id status requestedFen community { code } } }`;
const REVIEW = /* GraphQL */ `
  mutation ($input: ReviewApplicationInput!) {
    reviewApplication(input: $input) { id score { countedReviews excludedReviews meetsMinimum finalScore passes } reviews { score exclusion reviewer { id } } }
  }
`;
const REGISTER_REVIEWER = /* GraphQL */ `mutation ($input: RegisterReviewerInput!) { registerReviewer(input: $input) { id name linkedOrganizations { id } } }`;
const AWARD_APPLICATION = /* GraphQL */ `
  mutation ($input: AwardApplicationInput!) { awardApplication(input: $input) { id amountFen status round { id committedFen } tranches { id seq amountFen status } } }
`;
const EVALUATE = /* GraphQL */ `mutation ($input: EvaluateGrantInput!) { evaluateGrant(input: $input) { id status evaluation { score rating } payableFen paidFen } }`;

beforeAll(async () => {
  service = await subgraphs.start('funding', fundingSubgraph);
  await seedRegions(bus, service);
  org.graded4 = await seedOrganization(bus, { track: 'registered', name: '青山区阳光社工服务中心' });
  org.filedStreet1 = await seedOrganization(bus, { track: 'filed', communityCode: COMMUNITY_2, name: '先锋道夕阳红志愿服务队' });
  org.graded2 = await seedOrganization(bus, { track: 'registered' });
  org.filedStreet2 = await seedOrganization(bus, { track: 'filed', communityCode: COMMUNITY_3 });
  org.ungraded = await seedOrganization(bus, { track: 'registered' });
  org.late = await seedOrganization(bus, { track: 'filed', communityCode: COMMUNITY_2 });
  await gradeOrganization(bus, org.graded4, 4);
  await gradeOrganization(bus, org.graded2, 2);
  const fund = await createFund(service, { name: '南关区公益创投资金', initialDepositFen: 2_000_000 });
  fundId = fund.id;
  programmeId = (await createProgrammeOn(service, fundId, { name: '2020年公益微创投', budgetFen: 1_000_000, ownerRegionCode: '150204' })).id;
});

const applications: Record<string, string> = {};
const reviewers: Record<string, string> = {};
const apply = (o: SeededOrganization, requestedFen: number, extra: Record<string, unknown> = {}) =>
  attempt<{ submitApplication: { id: string; status: string } }>(service, SUBMIT, {
    input: { roundId, organizationId: o.id, title: '社区老人助餐服务', summary: '为独居老人提供每日助餐与探访', requestedFen, ...extra },
  });

describe('a round and its call', () => {
  it('opens a round with eligibility rules within the programme budget', async () => {
    const { openFundingRound } = await must<{ openFundingRound: Record<string, unknown> & { id: string } }>(service, OPEN_ROUND, {
      input: {
        programmeId,
        title: '第三届公益创投',
        budgetFen: 600_000,
        eligibility: [{ kind: 'MIN_GRADE', minGrade: 3 }, { kind: 'FILED_IN_STREET', streetCode: STREET_1 }],
        eligibilityMode: 'ANY',
        passingScore: 70,
      },
    });
    roundId = openFundingRound.id;
    expect(openFundingRound).toMatchObject({
      status: 'OPEN',
      budgetFen: 600_000,
      minReviewers: 3,
      passingScore: 70,
      eligibilityMode: 'ANY',
      eligibility: [
        { kind: 'MIN_GRADE', minGrade: 3, streetCode: null },
        { kind: 'FILED_IN_STREET', minGrade: null, streetCode: STREET_1 },
      ],
    });
  });

  it('refuses rounds past the programme budget, in other kinds of programmes, or with bad rules', async () => {
    const over = await attempt(service, OPEN_ROUND, { input: { programmeId, title: '第四届', budgetFen: 400_001, eligibility: [] } });
    expect(refusalOf(over)).toMatchObject({ code: 'INSUFFICIENT_FUNDS', field: 'input.budgetFen', availableFen: 400_000 });
    const purchase = await createProgrammeOn(service, fundId, { kind: 'PURCHASE_OF_SERVICES', budgetFen: 100 });
    expect(refusalOf(await attempt(service, OPEN_ROUND, { input: { programmeId: purchase.id, title: '错配', budgetFen: 1, eligibility: [] } }))).toMatchObject({
      code: 'RULE_VIOLATION',
      field: 'input.programmeId',
    });
    const cases: [Record<string, unknown>, string, string][] = [
      [{ eligibility: [{ kind: 'MIN_GRADE', minGrade: 6 }] }, 'BAD_USER_INPUT', 'input.eligibility.0.minGrade'],
      [{ eligibility: [{ kind: 'FILED_IN_STREET', streetCode: '150204' }] }, 'BAD_USER_INPUT', 'input.eligibility.0.streetCode'],
      [{ eligibility: [{ kind: 'FILED_IN_STREET', streetCode: '150204009' }] }, 'NOT_FOUND', 'input.eligibility.0.streetCode'],
      [{ minReviewers: 0 }, 'BAD_USER_INPUT', 'input.minReviewers'],
      [{ passingScore: 101 }, 'BAD_USER_INPUT', 'input.passingScore'],
      [{ closesOn: '2024-02-30' }, 'BAD_USER_INPUT', 'input.closesOn'],
      [{ programmeId: 'nope' }, 'NOT_FOUND', 'input.programmeId'],
    ];
    for (const [override, code, field] of cases) {
      const result = await attempt(service, OPEN_ROUND, { input: { programmeId, title: '第四届', budgetFen: 1, eligibility: [], ...override } });
      expect(refusalOf(result), JSON.stringify(override)).toMatchObject({ code, field });
    }
  });

  it('takes applications from eligible organizations only, once each', async () => {
    const a = await apply(org.graded4, 350_000);
    const b = await apply(org.filedStreet1, 350_000);
    const late = await apply(org.late, 50_000);
    expect([a.errors, b.errors, late.errors]).toEqual([undefined, undefined, undefined]);
    applications.graded4 = a.data!.submitApplication.id;
    applications.filedStreet1 = b.data!.submitApplication.id;
    applications.late = late.data!.submitApplication.id;

    // 2A is below 3A, a filed organization of another street is not of this street, no grade is no grade.
    for (const o of [org.graded2, org.filedStreet2, org.ungraded]) {
      const refused = refusalOf(await apply(o, 100_000));
      expect(refused).toMatchObject({ code: 'RULE_VIOLATION', field: 'input.organizationId' });
      expect((refused.unmet as string[]).length).toBe(2);
    }
    expect(refusalOf(await apply(org.graded4, 1))).toMatchObject({ code: 'CONFLICT', field: 'input.organizationId' });
    expect(refusalOf(await apply({ ...org.graded4, id: '6b9e1b38-0c6b-4a47-8a31-2f1f0c4a2b11' }, 1))).toMatchObject({ code: 'NOT_FOUND', field: 'input.organizationId' });
    // Checked before the duplicate: more than the whole round, a community nobody knows.
    expect(refusalOf(await apply(org.graded4, 600_001))).toMatchObject({ code: 'RULE_VIOLATION', field: 'input.requestedFen', budgetFen: 600_000 });
    expect(refusalOf(await apply(org.graded4, 1, { communityCode: '150204009001' }))).toMatchObject({ code: 'UNKNOWN_COMMUNITY', field: 'input.communityCode' });
    expect(refusalOf(await apply(org.graded4, 0))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.requestedFen' });
  });

  it('reviews only after the call closed; then takes no more applications', async () => {
    const reviewer = await must<{ registerReviewer: { id: string } }>(service, REGISTER_REVIEWER, { input: { name: '王教授' } });
    expect(refusalOf(await attempt(service, REVIEW, { input: { applicationId: applications.graded4, reviewerId: reviewer.registerReviewer.id, score: 80 } }))).toMatchObject({
      code: 'RULE_VIOLATION',
      field: 'input.applicationId',
    });
    const closed = await must<{ closeFundingRoundCall: { status: string } }>(service, `mutation ($id: ID!) { closeFundingRoundCall(roundId: $id) { status } }`, { id: roundId });
    expect(closed.closeFundingRoundCall.status).toBe('REVIEWING');
    expect(refusalOf(await attempt(service, `mutation ($id: ID!) { closeFundingRoundCall(roundId: $id) { status } }`, { id: roundId }))).toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    expect(refusalOf(await apply(org.ungraded, 1))).toMatchObject({ code: 'RULE_VIOLATION', field: 'input.roundId' });
  });
});

describe('review with conflict-of-interest exclusion', () => {
  it('registers reviewers, one linked to an applicant', async () => {
    for (const [key, linked] of [['linked', [org.graded4.id]], ['r2', []], ['r3', []], ['r4', []]] as const) {
      reviewers[key] = (await must<{ registerReviewer: { id: string } }>(service, REGISTER_REVIEWER, { input: { name: `评审专家${key}`, linkedOrganizationIds: linked } })).registerReviewer.id;
    }
    const unknown = await attempt(service, REGISTER_REVIEWER, { input: { name: '李老师', linkedOrganizationIds: [org.graded4.id, 'not-an-id'] } });
    expect(refusalOf(unknown)).toMatchObject({ code: 'NOT_FOUND', field: 'input.linkedOrganizationIds.1' });
  });

  it('excludes the linked reviewer and averages the others exactly', async () => {
    const review = (app: string, who: string, score: number, extra: Record<string, unknown> = {}) =>
      attempt<{ reviewApplication: { score: Record<string, unknown>; reviews: { score: number; exclusion: string | null }[] } }>(service, REVIEW, {
        input: { applicationId: applications[app], reviewerId: reviewers[who], score, ...extra },
      });
    await review('graded4', 'linked', 100);
    await review('graded4', 'r2', 80);
    const third = await review('graded4', 'r3', 70);
    // Only two reviews count yet: below the round's minimum of three.
    expect(third.data!.reviewApplication.score).toMatchObject({ countedReviews: 2, excludedReviews: 1, meetsMinimum: false, finalScore: null, passes: false });
    const fourth = await review('graded4', 'r4', 71);
    // (80 + 70 + 71) / 3 = 73.666… → 73.67; the linked reviewer's 100 does not count.
    expect(fourth.data!.reviewApplication.score).toEqual({ countedReviews: 3, excludedReviews: 1, meetsMinimum: true, finalScore: '73.67', passes: true });
    expect(fourth.data!.reviewApplication.reviews.find((r) => r.score === 100)!.exclusion).toBe('LINKED_TO_APPLICANT');

    await review('filedStreet1', 'r2', 65);
    await review('filedStreet1', 'r3', 70);
    const declared = await review('filedStreet1', 'r4', 100, { declaredConflict: true });
    expect(declared.data!.reviewApplication.score).toMatchObject({ countedReviews: 2, excludedReviews: 1, meetsMinimum: false });
    const last = await review('filedStreet1', 'linked', 75);
    // (65 + 70 + 75) / 3 = 70 exactly: the passing score, compared exactly.
    expect(last.data!.reviewApplication.score).toEqual({ countedReviews: 3, excludedReviews: 1, meetsMinimum: true, finalScore: '70.00', passes: true });

    expect(refusalOf(await review('graded4', 'r2', 90))).toMatchObject({ code: 'CONFLICT', field: 'input.reviewerId' });
    expect(refusalOf(await review('graded4', 'r2', 101))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.score' });
    expect(refusalOf(await attempt(service, REVIEW, { input: { applicationId: applications.graded4, reviewerId: 'x', score: 1 } }))).toMatchObject({ code: 'NOT_FOUND', field: 'input.reviewerId' });
  });
});

describe('award, tranches and evaluation', () => {
  let grantA: { id: string; tranches: { id: string; seq: number }[] };
  let grantB: { id: string; tranches: { id: string; seq: number }[] };
  const schedule = [
    { amountFen: 100_000, milestone: '项目启动', dueOn: '2020-05-01' },
    { amountFen: 100_000, milestone: '中期评估', dueOn: '2020-08-01' },
    { amountFen: 100_000, milestone: '结项评估', dueOn: '2020-12-01' },
  ];

  it('refuses awards that break the rules, and awards within the round budget', async () => {
    const tryAward = (app: string, amountFen: number, tranches?: unknown) => attempt(service, AWARD_APPLICATION, { input: { applicationId: applications[app], amountFen, tranches } });
    expect(refusalOf(await tryAward('late', 10_000))).toMatchObject({ code: 'RULE_VIOLATION', countedReviews: 0, minReviewers: 3 });
    expect(refusalOf(await tryAward('graded4', 350_001))).toMatchObject({ code: 'RULE_VIOLATION', field: 'input.amountFen', requestedFen: 350_000 });
    expect(refusalOf(await tryAward('graded4', 300_000, schedule.slice(0, 2)))).toMatchObject({ code: 'RULE_VIOLATION', field: 'input.tranches', scheduledFen: 200_000 });
    const a = await must<{ awardApplication: { id: string; status: string; round: { committedFen: number }; tranches: { id: string; seq: number }[] } }>(service, AWARD_APPLICATION, {
      input: { applicationId: applications.graded4, amountFen: 300_000, tranches: schedule },
    });
    grantA = a.awardApplication;
    expect(a.awardApplication).toMatchObject({ status: 'ACTIVE', round: { committedFen: 300_000 } });
    expect(refusalOf(await tryAward('graded4', 1))).toMatchObject({ code: 'CONFLICT', field: 'input.applicationId' });
    // 600,000 round budget − 300,000 awarded = 300,000 left for the second.
    expect(refusalOf(await tryAward('filedStreet1', 300_001))).toMatchObject({ code: 'INSUFFICIENT_FUNDS', scope: 'round', availableFen: 300_000 });
    const b = await must<{ awardApplication: { id: string; tranches: { id: string; seq: number }[] } }>(service, AWARD_APPLICATION, {
      input: {
        applicationId: applications.filedStreet1,
        amountFen: 300_000,
        tranches: [
          { amountFen: 150_000, milestone: '项目启动' },
          { amountFen: 150_000, milestone: '结项评估' },
        ],
      },
    });
    grantB = b.awardApplication;
  });

  it('pays tranches in order, each after its milestone; the last after a passing evaluation; then completes', async () => {
    const [t1, t2, t3] = [...grantA.tranches].sort((x, y) => x.seq - y.seq).map((t) => ({ id: t.id })) as [{ id: string }, { id: string }, { id: string }];
    expect(refusalOf(await attempt(service, PAY_TRANCHE, { id: t1.id }))).toMatchObject({ code: 'RULE_VIOLATION', field: 'input.trancheId' });
    expect(refusalOf(await attempt(service, REPORT_MILESTONE, { id: t2.id }))).toMatchObject({ code: 'RULE_VIOLATION' });
    await must(service, REPORT_MILESTONE, { id: t1.id });
    expect(refusalOf(await attempt(service, REPORT_MILESTONE, { id: t1.id }))).toMatchObject({ code: 'CONFLICT' });
    await must(service, PAY_TRANCHE, { id: t1.id });
    expect(refusalOf(await attempt(service, PAY_TRANCHE, { id: t1.id }))).toMatchObject({ code: 'CONFLICT' });
    await must(service, REPORT_MILESTONE, { id: t2.id });
    await must(service, PAY_TRANCHE, { id: t2.id });
    const early = await attempt(service, EVALUATE, { input: { grantId: grantA.id, score: 85, summary: '服务成效显著' } });
    expect(refusalOf(early)).toMatchObject({ code: 'RULE_VIOLATION', field: 'input.grantId' });
    await must(service, REPORT_MILESTONE, { id: t3.id });
    expect(refusalOf(await attempt(service, PAY_TRANCHE, { id: t3.id }))).toMatchObject({ code: 'RULE_VIOLATION' });
    const evaluated = await must<{ evaluateGrant: Record<string, unknown> }>(service, EVALUATE, { input: { grantId: grantA.id, score: 85, summary: '服务成效显著' } });
    expect(evaluated.evaluateGrant).toMatchObject({ status: 'ACTIVE', evaluation: { score: 85, rating: 'GOOD' }, paidFen: 200_000, payableFen: 100_000 });
    expect(refusalOf(await attempt(service, EVALUATE, { input: { grantId: grantA.id, score: 90, summary: '再评' } }))).toMatchObject({ code: 'CONFLICT' });
    const last = await must<{ payTranche: { grant: Record<string, unknown> } }>(service, PAY_TRANCHE, { id: t3.id });
    expect(last.payTranche.grant).toMatchObject({ status: 'COMPLETED', paidFen: 300_000, payableFen: 0 });
  });

  it('a failed evaluation ends the grant and returns the unpaid money to the fund', async () => {
    const [t1, t2] = [...grantB.tranches].sort((x, y) => x.seq - y.seq).map((t) => ({ id: t.id })) as [{ id: string }, { id: string }];
    await must(service, REPORT_MILESTONE, { id: t1.id });
    await must(service, PAY_TRANCHE, { id: t1.id });
    await must(service, REPORT_MILESTONE, { id: t2.id });
    const before = await fundState(service, fundId);
    const failed = await must<{ evaluateGrant: Record<string, unknown> }>(service, EVALUATE, { input: { grantId: grantB.id, score: 59, summary: '未达到项目目标' } });
    expect(failed.evaluateGrant).toMatchObject({ status: 'TERMINATED', evaluation: { score: 59, rating: 'FAIL' }, paidFen: 150_000, payableFen: 0 });
    const after = await fundState(service, fundId);
    expect(after.availableFen - before.availableFen).toBe(150_000);
    expect((await grantState(service, grantB.id)).tranches.map((t) => t.status)).toEqual(['PAID', 'CANCELLED']);
    const round = await must<{ fundingRound: { committedFen: number } }>(service, `query ($id: ID!) { fundingRound(id: $id) { committedFen } }`, { id: roundId });
    expect(round.fundingRound.committedFen).toBe(450_000);
  });

  it('takes back a refund up to what was paid', async () => {
    const REFUND = `mutation ($input: RefundGrantInput!) { refundGrant(input: $input) { paidFen } }`;
    const refunded = await must<{ refundGrant: { paidFen: number } }>(service, REFUND, { input: { grantId: grantA.id, amountFen: 10_000, memo: '结余退回' } });
    expect(refunded.refundGrant.paidFen).toBe(290_000);
    expect(refusalOf(await attempt(service, REFUND, { input: { grantId: grantA.id, amountFen: 290_001 } }))).toMatchObject({ code: 'RULE_VIOLATION', paidFen: 290_000 });
  });

  it('concludes the round, declining what was not awarded, and the ledger holds', async () => {
    const concluded = await must<{ concludeFundingRound: { status: string; applications: { edges: { node: { id: string; status: string } }[] } } }>(
      service,
      `mutation ($id: ID!) { concludeFundingRound(roundId: $id) { status applications { edges { node { id status } } } } }`,
      { id: roundId },
    );
    expect(concluded.concludeFundingRound.status).toBe('CONCLUDED');
    const statuses = Object.fromEntries(concluded.concludeFundingRound.applications.edges.map((e) => [e.node.id, e.node.status]));
    expect(statuses).toEqual({ [applications.graded4!]: 'AWARDED', [applications.filedStreet1!]: 'AWARDED', [applications.late!]: 'REJECTED' });
    await service.flushOutbox();
    const declined = await bus.events(contracts.applicationDeclined, 2);
    expect(declined.map((e) => e.event.data)).toEqual([{ applicationId: applications.late, roundId, organizationId: org.late.id, reason: 'not_awarded' }]);
    const types = (await service.database.sql`select distinct type from outbox`).map((r) => r.type as string);
    for (const c of [
      contracts.fundCreated,
      contracts.fundDeposited,
      contracts.programmeCreated,
      contracts.fundingRoundOpened,
      contracts.fundingRoundCallClosed,
      contracts.fundingRoundConcluded,
      contracts.reviewerRegistered,
      contracts.applicationSubmitted,
      contracts.applicationReviewed,
      contracts.grantAwarded,
      contracts.trancheMilestoneMet,
      contracts.tranchePaid,
      contracts.grantEvaluated,
      contracts.grantCompleted,
      contracts.grantTerminated,
      contracts.grantRefunded,
    ]) {
      expect(types, c.name).toContain(c.type);
    }
    expect(await ledgerViolations(service)).toMatchObject({ unbalanced: [], overdrawn: [], misbooked: [], badGrants: [] });
  });
});
