import type { MutationResolvers } from '../generated/resolvers-types.ts';
import { registerRegion } from '../domain/region-store.ts';
import { addMember, establishCommittee, startTerm } from '../domain/committee-store.ts';
import { appointGroupLeader, formResidentGroup, openServiceStation } from '../domain/community-bodies-store.ts';
import { appointAreaLeader, drawGrid, registerBuilding, registerUnit } from '../domain/grid-store.ts';
import { cancelMeeting, createPlatform, holdMeeting, scheduleMeeting } from '../domain/platform-store.ts';
import { deliberateProposal, evaluateProposal, submitProposal, voteOnProposal } from '../domain/proposal-store.ts';
import { referDispute, reportDispute, resolveDispute, startMediation } from '../domain/dispute-store.ts';
import { reportNeed } from '../domain/need-store.ts';
import { claimMicroWish, fulfillMicroWish, postMicroWish } from '../domain/micro-wish-store.ts';
import { moveMicroProject, planMicroProject } from '../domain/micro-project-store.ts';
import { publishDisclosure, withdrawDisclosure } from '../domain/disclosure-store.ts';
import { recordEvaluation } from '../domain/evaluation-store.ts';
import { fromGraph, optionalFromGraph } from '../domain/validation.ts';

/** Thin: each mutation is one domain call, which runs in one transaction with its events. */
export const Mutation: MutationResolvers = {
  registerRegion: (_root, { input }, { db }) => registerRegion(db, { ...input, level: fromGraph(input.level) }),

  establishResidentsCommittee: (_root, { input }, { db }) => establishCommittee(db, input),
  startCommitteeTerm: (_root, { input }, { db }) => startTerm(db, input),
  addCommitteeMember: (_root, { input }, { db }) => addMember(db, { ...input, role: fromGraph(input.role) }),
  openServiceStation: (_root, { input }, { db }) => openServiceStation(db, input),
  formResidentGroup: (_root, { input }, { db }) => formResidentGroup(db, input),
  appointResidentGroupLeader: (_root, { input }, { db }) => appointGroupLeader(db, input),
  drawGrid: (_root, { input }, { db }) => drawGrid(db, input),
  registerBuilding: (_root, { input }, { db }) => registerBuilding(db, input),
  registerBuildingUnit: (_root, { input }, { db }) => registerUnit(db, input),
  appointAreaLeader: (_root, { input }, { db }) => appointAreaLeader(db, { ...input, level: fromGraph(input.level) }),

  createDeliberationPlatform: (_root, { input }, { db }) => createPlatform(db, input),
  scheduleDeliberationMeeting: (_root, { input }, { db }) => scheduleMeeting(db, { ...input, kind: fromGraph(input.kind) }),
  holdDeliberationMeeting: (_root, { input }, { db }) => holdMeeting(db, input),
  cancelDeliberationMeeting: (_root, { input }, { db }) => cancelMeeting(db, input),
  submitProposal: (_root, { input }, { db }) =>
    submitProposal(db, { ...input, proposerKind: fromGraph(input.proposer.kind), proposerLabel: input.proposer.label }),
  jointReviewProposal: (_root, { input }, { db }) => voteOnProposal(db, 'joint_review', input),
  deliberateProposal: (_root, { input }, { db }) => deliberateProposal(db, input),
  resolveProposal: (_root, { input }, { db }) => voteOnProposal(db, 'resolve', input),
  evaluateProposal: (_root, { input }, { db }) => evaluateProposal(db, input),

  reportDispute: (_root, { input }, { db }) => reportDispute(db, { ...input, category: fromGraph(input.category) }),
  startDisputeMediation: (_root, { input }, { db }) => startMediation(db, input),
  resolveDispute: (_root, { input }, { db }) => resolveDispute(db, input),
  referDispute: (_root, { input }, { db }) => referDispute(db, input),
  reportNeed: (_root, { input }, { db }) => reportNeed(db, { ...input, category: fromGraph(input.category), urgency: fromGraph(input.urgency) }),
  postMicroWish: (_root, { input }, { db }) =>
    postMicroWish(db, { ...input, category: fromGraph(input.category), urgency: optionalFromGraph(input.urgency) }),
  claimMicroWish: (_root, { input }, { db }) => claimMicroWish(db, { ...input, claimant: { ...input.claimant, kind: fromGraph(input.claimant.kind) } }),
  fulfillMicroWish: (_root, { input }, { db }) => fulfillMicroWish(db, input),
  planMicroProject: (_root, { input }, { db }) =>
    planMicroProject(db, { ...input, category: fromGraph(input.category), organizationId: input.implementerOrganizationId }),
  startMicroProject: (_root, { input }, { db }) => moveMicroProject(db, 'start', input),
  completeMicroProject: (_root, { input }, { db }) => moveMicroProject(db, 'complete', input),
  cancelMicroProject: (_root, { input }, { db }) => moveMicroProject(db, 'cancel', { microProjectId: input.microProjectId, note: input.reason }),

  publishDisclosure: (_root, { input }, { db }) => publishDisclosure(db, { ...input, category: fromGraph(input.category) }),
  withdrawDisclosure: (_root, { input }, { db }) => withdrawDisclosure(db, input),
  recordEvaluation: (_root, { input }, { db }) => recordEvaluation(db, { ...input, kind: fromGraph(input.kind) }),
};
