import type { Resolvers } from '../generated/resolvers-types.ts';
import { listMeetings } from '../domain/platform-store.ts';
import { listProposals } from '../domain/proposal-store.ts';
import { nextAction } from '../domain/proposal-stages.ts';
import { optionalFromGraph, toGraph } from '../domain/validation.ts';
import { proposerLabel } from './personal.ts';
import { communityOf, iso, required } from './shared.ts';

/** 议事平台, the 四会, and 五议 proposals with their steps and votes. */
export const deliberationResolvers: Resolvers = {
  DeliberationPlatform: {
    __resolveReference: (ref, { loaders }) => loaders.platform.load(ref.id),
    community: (row, _args, { loaders }) => communityOf(loaders, row.communityCode),
    grid: (row, _args, { loaders }) => (row.gridCode ? loaders.grid.load(row.gridCode) : null),
    meetings: (row, args, { db }) =>
      listMeetings(db, { platformId: row.id, kind: optionalFromGraph(args.kind), status: optionalFromGraph(args.status) }, args),
    proposals: (row, args, { db }) => listProposals(db, { platformId: row.id, stage: optionalFromGraph(args.stage) }, args),
    createdAt: (row) => row.createdAt.toISOString(),
  },
  DeliberationMeeting: {
    __resolveReference: (ref, { loaders }) => loaders.meeting.load(ref.id),
    platform: (row, _args, { loaders }) => required(loaders.platform.load(row.platformId), 'platform'),
    community: (row, _args, { loaders }) => communityOf(loaders, row.communityCode),
    kind: (row) => toGraph(row.kind),
    status: (row) => toGraph(row.status),
    scheduledAt: (row) => row.scheduledAt.toISOString(),
    attendance: (row) => (row.eligibleCount === null || row.presentCount === null ? null : { eligible: row.eligibleCount, present: row.presentCount }),
    heldAt: (row) => iso(row.heldAt),
    cancelledAt: (row) => iso(row.cancelledAt),
  },
  DeliberationAttendance: {
    quorumMet: (a) => a.present * 2 > a.eligible,
  },
  Proposal: {
    __resolveReference: (ref, { loaders }) => loaders.proposal.load(ref.id),
    platform: (row, _args, { loaders }) => required(loaders.platform.load(row.platformId), 'platform'),
    community: (row, _args, { loaders }) => communityOf(loaders, row.communityCode),
    proposer: (row) => row,
    stage: (row) => toGraph(row.stage),
    nextAction: (row) => {
      const next = nextAction(row.stage);
      return next === null ? null : toGraph(next);
    },
    history: (row, _args, { loaders }) => loaders.stepsOf.load(row.id),
    votes: (row, _args, { loaders }) => loaders.votesOf.load(row.id),
    submittedAt: (row) => row.submittedAt.toISOString(),
    updatedAt: (row) => row.updatedAt.toISOString(),
  },
  ProposalProposer: {
    kind: (row) => toGraph(row.proposerKind),
    label: proposerLabel,
  },
  ProposalStep: {
    action: (row) => toGraph(row.action),
    stage: (row) => toGraph(row.toStage),
    at: (row) => row.at.toISOString(),
    meeting: (row, _args, { loaders }) => (row.meetingId ? loaders.meeting.load(row.meetingId) : null),
    vote: (row, _args, { loaders }) => (row.voteId ? loaders.vote.load(row.voteId) : null),
  },
  ProposalVote: {
    action: (row) => toGraph(row.action),
    // As decided when the vote was taken, not recomputed under today's rule.
    outcome: (row) => (!row.quorumMet ? 'INQUORATE' : row.passed ? 'PASSED' : 'FAILED'),
    meeting: (row, _args, { loaders }) => (row.meetingId ? loaders.meeting.load(row.meetingId) : null),
    takenAt: (row) => row.takenAt.toISOString(),
  },
};
