/**
 * RegionStatistics: the figures of a small fixture across two streets, a township and another
 * district — records inside and outside the period (district-local day boundaries included) and
 * outside the region — worked out by hand below; validation of codes and period; the same answer
 * for every caller; and the same number of statements for 1 region as for 20.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { anonymous } from '@sanshe/service-kit';
import { testSubgraphs } from '@sanshe/testing';
import { selfGovernanceSubgraph } from '../../src/app.ts';
import { registerRegions, type RegionFixture } from '../factories/regions.ts';
import { ok, refused, resident, vote, type SelfGovernance } from '../factories/self-governance.ts';

const A = '150204001001';
const B = '150204001002';
const C = '150204002001';
const V = '150204100201';
const X = '150205001001';

const REGIONS: RegionFixture[] = [
  { code: '150204', name: '青山区', level: 'DISTRICT' },
  // A street's own population is not used: a street's figure is the sum of its communities.
  { code: '150204001', name: '先锋道街道', level: 'STREET', population: 1, households: 1 },
  { code: '150204002', name: '幸福路街道', level: 'STREET' },
  { code: '150204100', name: '兴胜镇', level: 'TOWNSHIP' },
  { code: A, name: '先锋道第一社区', level: 'COMMUNITY', population: 8600, households: 3100 },
  { code: B, name: '先锋道第二社区', level: 'COMMUNITY', population: 7200, households: 2600 },
  { code: C, name: '幸福路第一社区', level: 'COMMUNITY', population: 9100, households: 3300 },
  { code: V, name: '兴胜村', level: 'VILLAGE', population: 1200, households: 400 },
  // Outside the district.
  { code: '150205', name: '石拐区', level: 'DISTRICT' },
  { code: '150205001', name: '石拐街道', level: 'STREET' },
  { code: X, name: '石拐第一社区', level: 'COMMUNITY', population: 5000, households: 1800 },
  // Only so that twenty regions can be asked for at once.
  { code: '150206', name: '白云鄂博矿区', level: 'DISTRICT' },
  { code: '150206001', name: '矿山路街道', level: 'STREET' },
  ...Array.from({ length: 7 }, (_, i) => ({ code: `150206001${String(i + 1).padStart(3, '0')}`, name: `矿山第${i + 1}社区`, level: 'COMMUNITY' as const })),
];
const ALL_CODES = REGIONS.map((r) => r.code);

const subgraphs = testSubgraphs();
let service: SelfGovernance;

const sql = () => service.database.sql;
const at = (local: string) => `${local}+08:00`;

async function platform(communityCode: string, name: string, createdAt: string): Promise<string> {
  const data = await ok(service, `mutation ($input: CreateDeliberationPlatformInput!) { createDeliberationPlatform(input: $input) { id } }`, {
    input: { communityCode, name },
  });
  const id = data.createDeliberationPlatform.id as string;
  await sql()`update deliberation_platforms set created_at = ${at(createdAt)} where id = ${id}`;
  return id;
}

async function meeting(platformId: string, scheduledAt: string, then: 'hold' | 'cancel' | 'leave') {
  const data = await ok(service, `mutation ($input: ScheduleDeliberationMeetingInput!) { scheduleDeliberationMeeting(input: $input) { id } }`, {
    input: { platformId, kind: 'PUBLIC_SENTIMENT', title: '民情恳谈会', scheduledAt: at(scheduledAt), agenda: ['停车难'] },
  });
  const meetingId = data.scheduleDeliberationMeeting.id as string;
  if (then === 'hold') await ok(service, `mutation { holdDeliberationMeeting(input: { meetingId: "${meetingId}", eligible: 40, present: 30, minutes: "纪要" }) { id } }`);
  if (then === 'cancel') await ok(service, `mutation { cancelDeliberationMeeting(input: { meetingId: "${meetingId}", reason: "改期" }) { id } }`);
}

async function proposal(platformId: string, submittedAt: string, review?: 'pass' | 'fail') {
  const data = await ok(service, `mutation ($input: SubmitProposalInput!) { submitProposal(input: $input) { id } }`, {
    input: { platformId, title: '加装电梯', description: '老人多', proposer: { kind: 'COMMITTEE', label: '居委会' } },
  });
  const id = data.submitProposal.id as string;
  if (review) {
    await ok(service, `mutation ($input: ProposalVoteInput!) { jointReviewProposal(input: $input) { id } }`, {
      input: { proposalId: id, vote: review === 'pass' ? vote(9, 7, 6) : vote(9, 7, 2, 5) },
    });
  }
  await sql()`update proposals set submitted_at = ${at(submittedAt)} where id = ${id}`;
}

async function wish(communityCode: string, postedAt: string, fulfilledAt?: string) {
  const data = await ok(service, `mutation ($input: PostMicroWishInput!) { postMicroWish(input: $input) { id } }`, {
    input: { communityCode, title: '想要一台收音机', category: 'ELDERLY_CARE', poster: resident('钱玉珍') },
  });
  const id = data.postMicroWish.id as string;
  if (fulfilledAt) {
    await ok(service, `mutation { claimMicroWish(input: { microWishId: "${id}", claimant: { kind: VOLUNTEER, label: "志愿者" } }) { id } }`);
    await ok(service, `mutation { fulfillMicroWish(input: { microWishId: "${id}" }) { id } }`);
  }
  // The wish and the need reported with it, placed in the past together.
  await sql()`update micro_wishes set posted_at = ${at(postedAt)}, fulfilled_at = ${fulfilledAt ? at(fulfilledAt) : null} where id = ${id}`;
  await sql()`update needs set reported_at = ${at(postedAt)}, closed_at = ${fulfilledAt ? at(fulfilledAt) : null} where micro_wish_id = ${id}`;
}

async function project(communityCode: string, category: string, createdAt: string, cancel = false) {
  const data = await ok(service, `mutation ($input: PlanMicroProjectInput!) { planMicroProject(input: $input) { id } }`, {
    input: { communityCode, title: '微项目', category, summary: '居民点单', budgetFen: 200000 },
  });
  const id = data.planMicroProject.id as string;
  if (cancel) await ok(service, `mutation { cancelMicroProject(input: { microProjectId: "${id}", reason: "资金调整" }) { id } }`);
  await sql()`update micro_projects set created_at = ${at(createdAt)} where id = ${id}`;
}

const need = (communityCode: string, reportedAt: string) => ({
  communityCode,
  category: 'ELDERLY_CARE',
  urgency: 'NORMAL',
  summary: '独居老人助餐',
  reporter: resident('赵淑芬'),
  reportedAt: at(reportedAt),
});

const dispute = (communityCode: string, reportedAt: string, resolvedAt?: string) => ({
  communityCode,
  category: 'NEIGHBOURHOOD',
  summary: '楼上漏水',
  parties: [{ name: '张建华' }],
  reportedAt: at(reportedAt),
  ...(resolvedAt ? { resolvedAt: at(resolvedAt), resolution: '协商赔偿' } : {}),
});

beforeAll(async () => {
  service = await subgraphs.start('self-governance', selfGovernanceSubgraph);
  await registerRegions(service, REGIONS);

  // Platforms (stock: created before the end of 2016) — A: 1 (one more only in 2017), C: 1, X: 1.
  const pA = await platform(A, '先锋道第一社区议事会', '2015-06-01T10:00:00');
  await platform(A, '楼栋议事会', '2017-02-01T10:00:00');
  const pC = await platform(C, '幸福路议事会', '2016-05-01T10:00:00');
  const pX = await platform(X, '石拐议事会', '2016-01-01T10:00:00');

  // Meetings held, scheduled in 2016 — A: 1 (one only scheduled, one cancelled, one held in 2017), C: 1, X: 1.
  await meeting(pA, '2016-03-15T19:30:00', 'hold');
  await meeting(pA, '2016-04-01T19:30:00', 'leave');
  await meeting(pA, '2016-05-01T19:30:00', 'cancel');
  await meeting(pA, '2017-03-01T19:30:00', 'hold');
  await meeting(pC, '2016-06-01T19:30:00', 'hold');
  await meeting(pX, '2016-06-01T19:30:00', 'hold');

  // Proposals submitted in 2016, by stage — A: PROPOSED, JOINT_REVIEWED, REJECTED (one of 2015 left out); C: PROPOSED; X: PROPOSED.
  await proposal(pA, '2016-05-01T10:00:00');
  await proposal(pA, '2016-06-01T10:00:00', 'pass');
  await proposal(pA, '2016-07-01T10:00:00', 'fail');
  await proposal(pA, '2015-07-01T10:00:00', 'pass');
  await proposal(pC, '2016-08-01T10:00:00');
  await proposal(pX, '2016-08-01T10:00:00');

  // Needs — reported in 2016: A 2 (the last half hour of 31 December included; 1 January 2017 00:00 and
  // 31 December 2015 23:59:59 left out), B 1, C 1, X 1.
  const imported = await ok(service, `mutation ($input: ImportNeedsInput!) { importNeeds(input: $input) { ids } }`, {
    input: {
      records: [
        need(A, '2016-03-01T09:00:00'),
        need(A, '2016-12-31T23:30:00'),
        need(A, '2017-01-01T00:00:00'),
        need(A, '2015-12-31T23:59:59'),
        need(B, '2016-06-01T09:00:00'),
        need(C, '2016-07-01T09:00:00'),
        need(X, '2016-05-01T09:00:00'),
      ],
    },
  });
  const [a2016, , , a2015, , c2016] = imported.importNeeds.ids as string[];
  // Fulfilled in 2016 whenever reported: A's March need and its 2015 one; C's only in 2017.
  const fulfil = (id: string, closedAt: string) => sql()`update needs set status = 'fulfilled', closed_at = ${at(closedAt)} where id = ${id}`;
  await fulfil(a2016!, '2016-04-01T10:00:00');
  await fulfil(a2015!, '2016-01-10T10:00:00');
  await fulfil(c2016!, '2017-02-01T10:00:00');

  // Micro-wishes (each reports its need too) — posted in 2016: A 1, B 1; fulfilled in 2016: A's wish of 2015.
  await wish(A, '2016-02-01T10:00:00');
  await wish(A, '2015-11-01T10:00:00', '2016-01-20T10:00:00');
  await wish(B, '2016-08-01T10:00:00', '2017-01-05T10:00:00');

  // Disputes — reported in 2016: A 1, B 1, C 1, X 1; resolved in 2016: A 2 (one reported in 2015), X 1.
  await ok(service, `mutation ($input: ImportDisputesInput!) { importDisputes(input: $input) { ids } }`, {
    input: {
      records: [
        dispute(A, '2016-02-01T10:00:00', '2016-02-10T10:00:00'),
        dispute(A, '2015-12-20T10:00:00', '2016-01-05T10:00:00'),
        dispute(B, '2016-11-01T10:00:00', '2017-01-03T10:00:00'),
        dispute(C, '2016-04-01T10:00:00'),
        dispute(X, '2016-04-01T10:00:00', '2016-04-02T10:00:00'),
      ],
    },
  });

  // Micro-projects planned in 2016 — A: FACILITIES, ELDERLY_CARE, FACILITIES (cancelled since, still planned
  // then); HEALTH only in 2017. C: ELDERLY_CARE, CULTURE_SPORTS. X: SAFETY.
  await project(A, 'FACILITIES', '2016-03-01T10:00:00');
  await project(A, 'ELDERLY_CARE', '2016-04-01T10:00:00');
  await project(A, 'FACILITIES', '2016-05-01T10:00:00', true);
  await project(A, 'HEALTH', '2017-01-02T10:00:00');
  await project(C, 'ELDERLY_CARE', '2016-09-01T10:00:00');
  await project(C, 'CULTURE_SPORTS', '2016-10-01T10:00:00');
  await project(X, 'SAFETY', '2016-06-01T10:00:00');
});

const FIGURES = `id regionCode name level from to communities villages population households deliberationPlatforms deliberationMeetingsHeld
  proposalsByStage { stage count } disputesReported disputesResolved needsReported needsFulfilled microWishesPosted microWishesFulfilled
  microProjects microProjectCategories`;
const QUERY = `query ($codes: [ID!]!, $from: String!, $to: String!) { regionStatistics(codes: $codes, from: $from, to: $to) { ${FIGURES} } }`;

const stages = (proposed: number, jointReviewed: number, rejected: number) => [
  { stage: 'PROPOSED', count: proposed },
  { stage: 'JOINT_REVIEWED', count: jointReviewed },
  { stage: 'DELIBERATED', count: 0 },
  { stage: 'RESOLVED', count: 0 },
  { stage: 'EVALUATED', count: 0 },
  { stage: 'REJECTED', count: rejected },
];

const EMPTY = {
  deliberationPlatforms: 0,
  deliberationMeetingsHeld: 0,
  proposalsByStage: stages(0, 0, 0),
  disputesReported: 0,
  disputesResolved: 0,
  needsReported: 0,
  needsFulfilled: 0,
  microWishesPosted: 0,
  microWishesFulfilled: 0,
  microProjects: 0,
  microProjectCategories: 0,
};

const in2016 = (regionCode: string, name: string, level: string) => ({ id: `${regionCode}@2016-01-01..2016-12-31`, regionCode, name, level, from: '2016-01-01', to: '2016-12-31' });

describe('region statistics', () => {
  it('adds up each region’s communities over the period — stock at its end, flow within it — in the order asked, duplicates once', async () => {
    const data = await ok(service, QUERY, { codes: ['150204', '150204001', A, B, '150204002', '150204100', '150205', '150204001'], from: '2016-01-01', to: '2016-12-31' });
    expect(data.regionStatistics).toEqual([
      {
        ...in2016('150204', '青山区', 'DISTRICT'),
        communities: 3,
        villages: 1,
        population: 8600 + 7200 + 9100 + 1200,
        households: 3100 + 2600 + 3300 + 400,
        deliberationPlatforms: 2,
        deliberationMeetingsHeld: 2,
        proposalsByStage: stages(2, 1, 1),
        disputesReported: 3,
        disputesResolved: 2,
        needsReported: 2 + 1 + 1 + 1 + 1, // imported A A B C, wishes A B
        needsFulfilled: 3,
        microWishesPosted: 2,
        microWishesFulfilled: 1,
        microProjects: 5,
        // FACILITIES, ELDERLY_CARE, CULTURE_SPORTS: distinct over the district, not 2 + 2.
        microProjectCategories: 3,
      },
      {
        ...in2016('150204001', '先锋道街道', 'STREET'),
        communities: 2,
        villages: 0,
        population: 8600 + 7200,
        households: 3100 + 2600,
        deliberationPlatforms: 1,
        deliberationMeetingsHeld: 1,
        proposalsByStage: stages(1, 1, 1),
        disputesReported: 2,
        disputesResolved: 2,
        needsReported: 5,
        needsFulfilled: 3,
        microWishesPosted: 2,
        microWishesFulfilled: 1,
        microProjects: 3,
        microProjectCategories: 2,
      },
      {
        ...in2016(A, '先锋道第一社区', 'COMMUNITY'),
        communities: 1,
        villages: 0,
        population: 8600,
        households: 3100,
        deliberationPlatforms: 1,
        deliberationMeetingsHeld: 1,
        proposalsByStage: stages(1, 1, 1),
        disputesReported: 1,
        disputesResolved: 2,
        needsReported: 3,
        needsFulfilled: 3,
        microWishesPosted: 1,
        microWishesFulfilled: 1,
        microProjects: 3,
        microProjectCategories: 2,
      },
      {
        ...in2016(B, '先锋道第二社区', 'COMMUNITY'),
        ...EMPTY,
        communities: 1,
        villages: 0,
        population: 7200,
        households: 2600,
        disputesReported: 1,
        needsReported: 2,
        microWishesPosted: 1,
      },
      {
        ...in2016('150204002', '幸福路街道', 'STREET'),
        communities: 1,
        villages: 0,
        population: 9100,
        households: 3300,
        deliberationPlatforms: 1,
        deliberationMeetingsHeld: 1,
        proposalsByStage: stages(1, 0, 0),
        disputesReported: 1,
        disputesResolved: 0,
        needsReported: 1,
        needsFulfilled: 0,
        microWishesPosted: 0,
        microWishesFulfilled: 0,
        microProjects: 2,
        microProjectCategories: 2,
      },
      { ...in2016('150204100', '兴胜镇', 'TOWNSHIP'), ...EMPTY, communities: 0, villages: 1, population: 1200, households: 400 },
      {
        ...in2016('150205', '石拐区', 'DISTRICT'),
        communities: 1,
        villages: 0,
        population: 5000,
        households: 1800,
        deliberationPlatforms: 1,
        deliberationMeetingsHeld: 1,
        proposalsByStage: stages(1, 0, 0),
        disputesReported: 1,
        disputesResolved: 1,
        needsReported: 1,
        needsFulfilled: 0,
        microWishesPosted: 0,
        microWishesFulfilled: 0,
        microProjects: 1,
        microProjectCategories: 1,
      },
    ]);
  });

  it('cuts periods at district-local midnight', async () => {
    const day = async (date: string) => (await ok(service, QUERY, { codes: [A], from: date, to: date })).regionStatistics[0];
    expect((await day('2017-01-01')).needsReported).toBe(1);
    expect((await day('2016-12-31')).needsReported).toBe(1);
    expect((await day('2015-12-31')).needsReported).toBe(1);
    // Stock: platforms that exist at the end of the day.
    expect((await day('2015-06-01')).deliberationPlatforms).toBe(1);
    expect((await day('2015-05-31')).deliberationPlatforms).toBe(0);
  });

  it('lists the direct children, same period, by code — all parents’ in one go', async () => {
    const data = await ok(
      service,
      `{ regionStatistics(codes: ["150204", "150205001", "${A}"], from: "2016-01-01", to: "2016-12-31") {
        regionCode children { id level needsReported children { regionCode population } } } }`,
    );
    expect(data.regionStatistics).toEqual([
      {
        regionCode: '150204',
        children: [
          { id: '150204001@2016-01-01..2016-12-31', level: 'STREET', needsReported: 5, children: [{ regionCode: A, population: 8600 }, { regionCode: B, population: 7200 }] },
          { id: '150204002@2016-01-01..2016-12-31', level: 'STREET', needsReported: 1, children: [{ regionCode: C, population: 9100 }] },
          { id: '150204100@2016-01-01..2016-12-31', level: 'TOWNSHIP', needsReported: 0, children: [{ regionCode: V, population: 1200 }] },
        ],
      },
      { regionCode: '150205001', children: [{ id: `${X}@2016-01-01..2016-12-31`, level: 'COMMUNITY', needsReported: 1, children: [] }] },
      { regionCode: A, children: [] },
    ]);
  });

  it('resolves references from other subgraphs — any period, mixed in one request — and none for a region it does not know', async () => {
    const data = await ok(service, `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on RegionStatistics { id name needsReported population } } }`, {
      reps: [
        { __typename: 'RegionStatistics', id: '150204@2016-01-01..2016-12-31' },
        { __typename: 'RegionStatistics', id: `${A}@2017-01-01..2017-12-31` },
        { __typename: 'RegionStatistics', id: '150299@2016-01-01..2016-12-31' },
      ],
    });
    expect(data._entities).toEqual([
      { id: '150204@2016-01-01..2016-12-31', name: '青山区', needsReported: 6, population: 26100 },
      { id: `${A}@2017-01-01..2017-12-31`, name: '先锋道第一社区', needsReported: 1, population: 8600 },
      null,
    ]);
  });

  it('is public: the same figures for anyone, anonymous included', async () => {
    const variables = { codes: ['150204', A], from: '2016-01-01', to: '2016-12-31' };
    const asOperator = await ok(service, QUERY, variables);
    const asAnonymous = await service.request(QUERY, variables, anonymous);
    expect(asAnonymous.errors).toBeUndefined();
    expect(asAnonymous.data).toEqual(asOperator);
  });

  it('refuses unknown regions, malformed codes and periods, and too many regions', async () => {
    const ask = (codes: string[], from = '2016-01-01', to = '2016-12-31') => refused(service, QUERY, { codes, from, to });
    expect(await ask(['150204', '150299', '150204009'])).toMatchObject({ code: 'NOT_FOUND', field: 'codes', unknownCodes: ['150299', '150204009'] });
    expect(await ask(['15020'])).toMatchObject({ code: 'BAD_USER_INPUT', field: 'codes' });
    expect(await ask(['150204'], '2016-02-30')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    expect(await ask(['150204'], '2016-12-31', '2016-01-01')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
    expect(await ask([], '2016-1-1')).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    const tooMany = Array.from({ length: 1001 }, (_, i) => String(100000 + i));
    expect(await ask(tooMany)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'codes' });
    expect((await ok(service, QUERY, { codes: [], from: '2016-01-01', to: '2016-12-31' })).regionStatistics).toEqual([]);
  });
});

describe('statements', () => {
  // The outbox relay shares the pool's counter; the least of three runs leaves out its polls.
  async function leastStatements(query: string, variables: Record<string, unknown>): Promise<number> {
    const counts: number[] = [];
    for (let run = 0; run < 3; run += 1) {
      const before = service.database.statementCount();
      await ok(service, query, variables);
      counts.push(service.database.statementCount() - before);
    }
    return Math.min(...counts);
  }

  const twenty = ALL_CODES.slice(0, 20);

  it('answers 20 regions in as many statements as 1', async () => {
    expect(twenty).toHaveLength(20);
    const query = `query ($codes: [ID!]!) { regionStatistics(codes: $codes, from: "2016-01-01", to: "2016-12-31") { ${FIGURES} } }`;
    const one = await leastStatements(query, { codes: ['150204'] });
    const many = await leastStatements(query, { codes: twenty });
    expect(many).toBe(one);
    expect(one).toBe(2); // the regions, the figures
  });

  it('answers the children and grandchildren of 3 districts in as many statements as those of 1', async () => {
    // Parents whose descendants are not asked for themselves (the loaders would have them cached).
    const query = `query ($codes: [ID!]!) { regionStatistics(codes: $codes, from: "2016-01-01", to: "2016-12-31") {
      ${FIGURES} children { ${FIGURES} children { id needsReported } } } }`;
    const one = await leastStatements(query, { codes: ['150204'] });
    const many = await leastStatements(query, { codes: ['150204', '150205', '150206'] });
    expect(many).toBe(one);
    // The regions with their children; the figures of both levels together (look-ahead); then
    // the grandchildren and their figures.
    expect(one).toBe(5);
  });

  it('answers a district and its streets — the dashboard — with one statistics statement', async () => {
    const query = `query ($codes: [ID!]!) { regionStatistics(codes: $codes, from: "2016-01-01", to: "2016-12-31") {
      ${FIGURES} children { ${FIGURES} } } }`;
    // The regions and their children (one statement each, side by side), then every figure at once.
    expect(await leastStatements(query, { codes: ['150204'] })).toBe(3);
    // Children without figures cost no figures for them; without children, no child regions.
    expect(await leastStatements(`query { regionStatistics(codes: ["150204"], from: "2016-01-01", to: "2016-12-31") { ${FIGURES} children { id } } }`, {})).toBe(3);
    expect(await leastStatements(`query { regionStatistics(codes: ["150204"], from: "2016-01-01", to: "2016-12-31") { id children { id } } }`, {})).toBe(2);
  });

  it('resolves 20 references from another subgraph in as many statements as 1', async () => {
    const query = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on RegionStatistics { ${FIGURES} } } }`;
    const reps = (codes: string[]) => codes.map((code) => ({ __typename: 'RegionStatistics', id: `${code}@2016-01-01..2016-12-31` }));
    const one = await leastStatements(query, { reps: reps(['150204']) });
    const many = await leastStatements(query, { reps: reps(twenty) });
    expect(many).toBe(one);
    expect(one).toBe(2); // the regions, the figures
  });
});
