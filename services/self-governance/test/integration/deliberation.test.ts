import { beforeAll, describe, expect, it } from 'vitest';
import { testSubgraphs } from '@sanshe/testing';
import { selfGovernance as contracts } from '@sanshe/events';
import {
  COMMUNITY,
  DELIBERATE,
  EVALUATE,
  JOINT_REVIEW,
  OTHER_COMMUNITY,
  PLATFORM,
  RESOLVE,
  SUBMIT,
  countRows,
  createPlatform,
  ok,
  outboxCount,
  outsider,
  refused,
  startSelfGovernance,
  submitProposal,
  vote,
  type SelfGovernance,
} from '../factories/self-governance.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: SelfGovernance;
let platformId = '';

beforeAll(async () => {
  service = await startSelfGovernance(subgraphs);
  platformId = await createPlatform(service);
});

const SCHEDULE = `mutation ($input: ScheduleDeliberationMeetingInput!) { scheduleDeliberationMeeting(input: $input) { id kind status agenda scheduledAt platform { id } community { code } } }`;
const HOLD = `mutation ($input: HoldDeliberationMeetingInput!) { holdDeliberationMeeting(input: $input) { id status minutes attendance { eligible present quorumMet } heldAt } }`;
const CANCEL = `mutation ($input: CancelDeliberationMeetingInput!) { cancelDeliberationMeeting(input: $input) { id status cancellationReason } }`;

async function schedule(kind: string, title = '议事会', scheduledAt = '2024-05-01T19:30:00+08:00') {
  const data = await ok(service, SCHEDULE, { input: { platformId, kind, title, scheduledAt, agenda: ['加装电梯方案', '费用分摊'] } });
  return data.scheduleDeliberationMeeting.id as string;
}

describe('platforms and the 四会', () => {
  it('creates platforms for a community or one of its grids', async () => {
    await ok(service, `mutation { drawGrid(input: { communityCode: "${COMMUNITY}", number: 1, name: "第一网格" }) { code } }`);
    await ok(service, `mutation { drawGrid(input: { communityCode: "${OTHER_COMMUNITY}", number: 1, name: "第一网格" }) { code } }`);
    const grid = await ok(service, PLATFORM, { input: { communityCode: COMMUNITY, name: '第一网格楼道议事会', gridCode: '150204001001001' } });
    expect(grid.createDeliberationPlatform.name).toBe('第一网格楼道议事会');
    const cases = [
      [{ communityCode: COMMUNITY, name: '先锋道第一社区居民议事会' }, 'CONFLICT', 'input.name'],
      [{ communityCode: COMMUNITY, name: '别的网格', gridCode: '150204001002001' }, 'RULE_VIOLATION', 'input.gridCode'],
      [{ communityCode: '150204009009', name: '不存在的社区' }, 'UNKNOWN_COMMUNITY', 'input.communityCode'],
      [{ communityCode: COMMUNITY, name: 'x' }, 'BAD_USER_INPUT', 'input.name'],
    ] as const;
    for (const [input, code, field] of cases) expect(await refused(service, PLATFORM, { input })).toMatchObject({ code, field });
    const listed = await ok(service, `{ community(code: "${COMMUNITY}") { deliberationPlatforms { totalCount edges { node { name grid { code } } } } } }`);
    expect(listed.community.deliberationPlatforms.edges.map((e: any) => e.node.grid?.code ?? null)).toEqual([null, '150204001001001']);
  });

  it('schedules, holds and cancels meetings of the four kinds', async () => {
    const meetingIds: Record<string, string> = {};
    for (const kind of ['PUBLIC_SENTIMENT', 'AFFAIRS_COORDINATION', 'WORK_HEARING', 'DEMOCRATIC_EVALUATION']) meetingIds[kind] = await schedule(kind);
    const held = await ok(service, HOLD, { input: { meetingId: meetingIds.PUBLIC_SENTIMENT, eligible: 40, present: 21, minutes: '居民普遍支持加装电梯。' } });
    expect(held.holdDeliberationMeeting).toMatchObject({ status: 'HELD', attendance: { eligible: 40, present: 21, quorumMet: true } });
    const cancelled = await ok(service, CANCEL, { input: { meetingId: meetingIds.WORK_HEARING, reason: '场地冲突' } });
    expect(cancelled.cancelDeliberationMeeting).toMatchObject({ status: 'CANCELLED', cancellationReason: '场地冲突' });

    const cases = [
      [HOLD, { meetingId: meetingIds.PUBLIC_SENTIMENT, eligible: 40, present: 21, minutes: '再开一次' }, 'ILLEGAL_TRANSITION', 'input.meetingId'],
      [CANCEL, { meetingId: meetingIds.PUBLIC_SENTIMENT, reason: '已开过' }, 'ILLEGAL_TRANSITION', 'input.meetingId'],
      [HOLD, { meetingId: meetingIds.WORK_HEARING, eligible: 40, present: 21, minutes: '取消后不能再开' }, 'ILLEGAL_TRANSITION', 'input.meetingId'],
      [HOLD, { meetingId: meetingIds.AFFAIRS_COORDINATION, eligible: 10, present: 11, minutes: 'x' }, 'BAD_USER_INPUT', 'input.present'],
      [HOLD, { meetingId: 'nope', eligible: 10, present: 5, minutes: 'x' }, 'NOT_FOUND', 'input.meetingId'],
      [SCHEDULE, { platformId, kind: 'WORK_HEARING', title: '无议程', scheduledAt: '2024-05-01T19:30:00+08:00', agenda: [] }, 'BAD_USER_INPUT', 'input.agenda'],
      [SCHEDULE, { platformId, kind: 'WORK_HEARING', title: '议程空项', scheduledAt: '2024-05-01T19:30:00+08:00', agenda: ['ok', ' '] }, 'BAD_USER_INPUT', 'input.agenda.1'],
      [SCHEDULE, { platformId, kind: 'WORK_HEARING', title: '时间', scheduledAt: '明天晚上', agenda: ['a'] }, 'BAD_USER_INPUT', 'input.scheduledAt'],
    ] as const;
    for (const [mutation, input, code, field] of cases) expect(await refused(service, mutation, { input })).toMatchObject({ code, field });

    const listed = await ok(
      service,
      `{ community(code: "${COMMUNITY}") { all: deliberationMeetings { totalCount } held: deliberationMeetings(status: HELD) { edges { node { kind minutes } } }
         hearings: deliberationMeetings(kind: WORK_HEARING) { edges { node { status } } } }
         deliberationPlatform(id: "${platformId}") { meetings(kind: DEMOCRATIC_EVALUATION) { totalCount } }
         deliberationMeetings(within: "150204001", status: SCHEDULED) { totalCount } }`,
    );
    expect(listed.community.all.totalCount).toBe(4);
    expect(listed.community.held.edges).toEqual([{ node: { kind: 'PUBLIC_SENTIMENT', minutes: '居民普遍支持加装电梯。' } }]);
    expect(listed.community.hearings.edges).toEqual([{ node: { status: 'CANCELLED' } }]);
    expect(listed.deliberationPlatform.meetings.totalCount).toBe(1);
    expect(listed.deliberationMeetings.totalCount).toBe(2);
  });
});

const STEP: Record<string, [string, (id: string) => Record<string, unknown>]> = {
  JOINT_REVIEW: [JOINT_REVIEW, (proposalId) => ({ proposalId, vote: vote(9, 7, 6, 1) })],
  DELIBERATE: [DELIBERATE, (proposalId) => ({ proposalId, participantCount: 86, summary: '三轮入户征求意见' })],
  RESOLVE: [RESOLVE, (proposalId) => ({ proposalId, vote: vote(45, 38, 30, 5, 3) })],
  EVALUATE: [EVALUATE, (proposalId) => ({ proposalId, rating: 5, summary: '电梯已投用，居民满意' })],
};
const ORDER = ['JOINT_REVIEW', 'DELIBERATE', 'RESOLVE', 'EVALUATE'] as const;

async function step(action: string, proposalId: string) {
  const [mutation, input] = STEP[action]!;
  const data = await ok(service, mutation, { input: input(proposalId) });
  return Object.values(data)[0] as any;
}

describe('五议 proposals', () => {
  it('goes 提议 → 合议 → 群议 → 决议 → 评议 with votes and meetings recorded', async () => {
    const meetingId = await schedule('AFFAIRS_COORDINATION', '加装电梯决议会');
    const proposal = await submitProposal(service, platformId);
    expect(proposal).toMatchObject({ stage: 'PROPOSED', nextAction: 'JOINT_REVIEW', proposer: { kind: 'RESIDENT', label: '李桂兰' } });
    const seen = await ok(service, `{ proposal(id: "${proposal.id}") { proposer { label } } }`, {}, outsider);
    expect(seen.proposal.proposer.label).toBe('李**');
    const reviewed = await ok(service, JOINT_REVIEW, { input: { proposalId: proposal.id, vote: vote(9, 7, 6, 1), summary: '两委联席会同意提交居民议事' } });
    expect(reviewed.jointReviewProposal).toMatchObject({ stage: 'JOINT_REVIEWED', nextAction: 'DELIBERATE' });
    await step('DELIBERATE', proposal.id);
    const resolved = await ok(service, RESOLVE, { input: { proposalId: proposal.id, vote: vote(45, 38, 30, 5, 3), meetingId } });
    expect(resolved.resolveProposal.stage).toBe('RESOLVED');
    const evaluated = await step('EVALUATE', proposal.id);
    expect(evaluated).toMatchObject({ stage: 'EVALUATED', nextAction: null });
    expect(evaluated.history.map((h: any) => [h.action, h.stage])).toEqual([
      ['PROPOSE', 'PROPOSED'],
      ['JOINT_REVIEW', 'JOINT_REVIEWED'],
      ['DELIBERATE', 'DELIBERATED'],
      ['RESOLVE', 'RESOLVED'],
      ['EVALUATE', 'EVALUATED'],
    ]);
    expect(evaluated.history[2]).toMatchObject({ participantCount: 86, summary: '三轮入户征求意见', vote: null });
    expect(evaluated.history[3]).toMatchObject({ meeting: { id: meetingId }, vote: { outcome: 'PASSED' } });
    expect(evaluated.history[4]).toMatchObject({ rating: 5 });
    expect(evaluated.votes).toEqual([
      expect.objectContaining({ action: 'JOINT_REVIEW', eligible: 9, present: 7, votesFor: 6, quorumMet: true, passed: true, meeting: null }),
      expect.objectContaining({ action: 'RESOLVE', eligible: 45, present: 38, votesFor: 30, votesAgainst: 5, abstentions: 3, outcome: 'PASSED', meeting: { id: meetingId } }),
    ]);
  });

  it('refuses every skip and every step back, writing nothing', async () => {
    // One proposal at each stage the API can reach.
    const at: Record<string, string> = {};
    for (let reached = 0; reached <= ORDER.length; reached += 1) {
      const { id } = await submitProposal(service, platformId, `阶段${reached}`);
      for (const action of ORDER.slice(0, reached)) await step(action, id);
      at[['PROPOSED', 'JOINT_REVIEWED', 'DELIBERATED', 'RESOLVED', 'EVALUATED'][reached]!] = id;
    }
    const { id: rejected } = await submitProposal(service, platformId, '被否决');
    await ok(service, JOINT_REVIEW, { input: { proposalId: rejected, vote: vote(9, 5, 2, 3) } });
    at.REJECTED = rejected;

    const before = { votes: await countRows(service, 'proposal_votes'), steps: await countRows(service, 'proposal_steps'), outbox: await outboxCount(service) };
    let refusals = 0;
    for (const [stage, proposalId] of Object.entries(at)) {
      const legal = { PROPOSED: 'JOINT_REVIEW', JOINT_REVIEWED: 'DELIBERATE', DELIBERATED: 'RESOLVE', RESOLVED: 'EVALUATE' }[stage];
      for (const action of ORDER.filter((a) => a !== legal)) {
        const [mutation, input] = STEP[action]!;
        expect(await refused(service, mutation, { input: input(proposalId) }), `${action} at ${stage}`).toMatchObject({
          code: 'ILLEGAL_TRANSITION',
          field: 'input.proposalId',
          currentStage: stage,
        });
        refusals += 1;
      }
    }
    expect(refusals).toBe(4 * 3 + 2 * 4);
    expect({ votes: await countRows(service, 'proposal_votes'), steps: await countRows(service, 'proposal_steps'), outbox: await outboxCount(service) }).toEqual(before);
  });

  it('ends a proposal that fails a vote in REJECTED, at 合议 or at 决议', async () => {
    const { id } = await submitProposal(service, platformId, '改建停车场');
    await step('JOINT_REVIEW', id);
    await step('DELIBERATE', id);
    // 40 of 60 present, exactly half in favour: fails.
    const rejected = await ok(service, RESOLVE, { input: { proposalId: id, vote: vote(60, 40, 20, 15, 5) } });
    expect(rejected.resolveProposal).toMatchObject({ stage: 'REJECTED', nextAction: null });
    expect(rejected.resolveProposal.history.at(-1)).toMatchObject({ action: 'RESOLVE', stage: 'REJECTED', vote: { outcome: 'FAILED' } });
  });

  it('records an inquorate vote without deciding, and lets it be retaken', async () => {
    const { id } = await submitProposal(service, platformId, '楼道照明改造');
    await step('JOINT_REVIEW', id);
    await step('DELIBERATE', id);
    const inquorate = await ok(service, RESOLVE, { input: { proposalId: id, vote: vote(60, 30, 30) } });
    expect(inquorate.resolveProposal).toMatchObject({ stage: 'DELIBERATED', nextAction: 'RESOLVE' });
    expect(inquorate.resolveProposal.votes.at(-1)).toMatchObject({ quorumMet: false, passed: false, outcome: 'INQUORATE' });
    const retaken = await ok(service, RESOLVE, { input: { proposalId: id, vote: vote(60, 31, 16, 15) } });
    expect(retaken.resolveProposal.stage).toBe('RESOLVED');
    expect(retaken.resolveProposal.votes.map((v: any) => v.outcome)).toEqual(['PASSED', 'INQUORATE', 'PASSED']);
  });

  it('refuses bad votes, foreign or cancelled meetings and unknown proposals', async () => {
    const { id } = await submitProposal(service, platformId, '垃圾分类');
    const otherPlatform = await createPlatform(service, '先锋道第二社区议事会', OTHER_COMMUNITY);
    const foreign = (await ok(service, SCHEDULE, {
      input: { platformId: otherPlatform, kind: 'PUBLIC_SENTIMENT', title: '别的社区', scheduledAt: '2024-05-02T19:30:00+08:00', agenda: ['x'] },
    })).scheduleDeliberationMeeting.id;
    const cancelled = await schedule('WORK_HEARING', '取消的会');
    await ok(service, CANCEL, { input: { meetingId: cancelled, reason: '下雨' } });
    const cases = [
      [JOINT_REVIEW, { proposalId: id, vote: vote(9, 10, 5) }, 'BAD_USER_INPUT', 'input.vote.present'],
      [JOINT_REVIEW, { proposalId: id, vote: vote(9, 7, 5, 2, 1) }, 'BAD_USER_INPUT', 'input.vote.votesFor'],
      [JOINT_REVIEW, { proposalId: id, vote: vote(9, 7, 6), meetingId: foreign }, 'RULE_VIOLATION', 'input.meetingId'],
      [JOINT_REVIEW, { proposalId: id, vote: vote(9, 7, 6), meetingId: cancelled }, 'RULE_VIOLATION', 'input.meetingId'],
      [JOINT_REVIEW, { proposalId: 'x', vote: vote(9, 7, 6) }, 'NOT_FOUND', 'input.proposalId'],
      [SUBMIT, { platformId: '00000000-0000-4000-8000-000000000000', title: '无平台', description: 'x', proposer: { kind: 'COMMITTEE', label: '居委会' } }, 'NOT_FOUND', 'input.platformId'],
    ] as const;
    for (const [mutation, input, code, field] of cases) expect(await refused(service, mutation, { input })).toMatchObject({ code, field });
    const still = await ok(service, `{ proposal(id: "${id}") { stage votes { id } } }`);
    expect(still.proposal).toEqual({ stage: 'PROPOSED', votes: [] });
  });

  it('lists proposals by community, platform, stage and across a street, newest first, in pages', async () => {
    const data = await ok(
      service,
      `{ community(code: "${COMMUNITY}") { proposals(first: 2) { totalCount edges { node { title } } pageInfo { hasNextPage endCursor } }
           rejected: proposals(stage: REJECTED) { totalCount } evaluated: proposals(stage: EVALUATED) { totalCount } }
         deliberationPlatform(id: "${platformId}") { proposals { totalCount } }
         proposals(within: "150204001", stage: RESOLVED) { totalCount }
         elsewhere: proposals(within: "150204002") { totalCount } }`,
    );
    expect(data.community.proposals.totalCount).toBe(10);
    expect(data.community.proposals.edges.map((e: any) => e.node.title)).toEqual(['垃圾分类', '楼道照明改造']);
    expect(data.community.rejected.totalCount).toBe(2);
    expect(data.community.evaluated.totalCount).toBe(2);
    expect(data.deliberationPlatform.proposals.totalCount).toBe(10);
    expect(data.proposals.totalCount).toBe(2);
    expect(data.elsewhere.totalCount).toBe(0);
    const titles: string[] = [];
    let after: string | null = null;
    do {
      const page: any = await ok(service, `query ($after: String) { community(code: "${COMMUNITY}") { proposals(first: 4, after: $after) { edges { node { title } } pageInfo { hasNextPage endCursor } } } }`, { after });
      titles.push(...page.community.proposals.edges.map((e: any) => e.node.title));
      after = page.community.proposals.pageInfo.hasNextPage ? page.community.proposals.pageInfo.endCursor : null;
    } while (after);
    expect(titles).toHaveLength(10);
    expect(new Set(titles).size).toBe(10);
    expect(await refused(service, `{ proposals(within: "15") { totalCount } }`)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'within' });
  });

  it('publishes an event for every stage and every vote', async () => {
    await service.flushOutbox();
    const submitted = await bus.events(contracts.proposalSubmitted, 10);
    expect(submitted).toHaveLength(10);
    expect(submitted[0]!.event.data).toMatchObject({ proposerKind: 'resident', communityCode: COMMUNITY });
    expect(JSON.stringify(submitted)).not.toContain('李桂兰');
    const advancedCount = await outboxCount(service, contracts.proposalAdvanced.type);
    const advanced = await bus.events(contracts.proposalAdvanced, advancedCount);
    const first = advanced.filter((e) => e.event.subject === submitted[0]!.event.subject).map((e) => [e.event.data.action, e.event.data.from, e.event.data.to]);
    expect(first).toEqual([
      ['joint_review', 'proposed', 'joint_reviewed'],
      ['deliberate', 'joint_reviewed', 'deliberated'],
      ['resolve', 'deliberated', 'resolved'],
      ['evaluate', 'resolved', 'evaluated'],
    ]);
    const rejected = await bus.events(contracts.proposalRejected, 2);
    expect(rejected.map((e) => e.event.data.action).sort()).toEqual(['joint_review', 'resolve']);
    const votes = await bus.events(contracts.proposalVoteRecorded, await outboxCount(service, contracts.proposalVoteRecorded.type));
    expect(votes.filter((v) => !v.event.data.tally.quorumMet)).toHaveLength(1);
    expect(await outboxCount(service, contracts.meetingScheduled.type)).toBe(7);
    expect(await outboxCount(service, contracts.meetingHeld.type)).toBe(1);
    expect(await outboxCount(service, contracts.meetingCancelled.type)).toBe(2);
    expect(await outboxCount(service, contracts.deliberationPlatformCreated.type)).toBe(3);
  });

  it('resolves platforms, meetings and proposals by reference', async () => {
    const [row] = await service.database.sql`select (select id from deliberation_meetings where kind = 'public_sentiment' and title = '议事会') as meeting, (select id from proposals where title = '加装电梯') as proposal`;
    const data = await ok<{ _entities: unknown[] }>(
      service,
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on DeliberationPlatform { id name } ... on DeliberationMeeting { id kind } ... on Proposal { id stage } } }`,
      {
        r: [
          { __typename: 'DeliberationPlatform', id: platformId },
          { __typename: 'DeliberationMeeting', id: row!.meeting },
          { __typename: 'Proposal', id: row!.proposal },
          { __typename: 'Proposal', id: 'nope' },
        ],
      },
    );
    expect(data._entities).toEqual([
      { id: platformId, name: '先锋道第一社区居民议事会' },
      { id: row!.meeting, kind: 'PUBLIC_SENTIMENT' },
      { id: row!.proposal, stage: 'EVALUATED' },
      null,
    ]);
  });
});
