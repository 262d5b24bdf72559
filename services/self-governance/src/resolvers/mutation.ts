import type { MutationResolvers } from '../generated/resolvers-types.ts';
import { writeAccess as can } from '../authorization.ts';
import { registerRegion } from '../domain/region-store.ts';
import { addMember, establishCommittee, startTerm } from '../domain/committee-store.ts';
import { appointGroupLeader, formResidentGroup, openServiceStation } from '../domain/community-bodies-store.ts';
import { appointAreaLeader, drawGrid, registerBuilding, registerUnit } from '../domain/grid-store.ts';
import { cancelMeeting, createPlatform, holdMeeting, scheduleMeeting } from '../domain/platform-store.ts';
import { deliberateProposal, evaluateProposal, submitProposal, voteOnProposal } from '../domain/proposal-store.ts';
import { importDisputes, referDispute, reportDispute, resolveDispute, startMediation } from '../domain/dispute-store.ts';
import { importNeeds, reportNeed } from '../domain/need-store.ts';
import { claimMicroWish, fulfillMicroWish, postMicroWish } from '../domain/micro-wish-store.ts';
import { moveMicroProject, planMicroProject } from '../domain/micro-project-store.ts';
import { publishDisclosure, withdrawDisclosure } from '../domain/disclosure-store.ts';
import { recordEvaluation } from '../domain/evaluation-store.ts';
import { fromGraph, optionalFromGraph } from '../domain/validation.ts';

/**
 * Thin: each mutation is one domain call, which runs in one transaction with its events and its
 * audit line. `can(identity, name)` refuses a caller whose roles could never make the change, and
 * hands the domain function the rule of src/authorization.ts to apply to the target it finds.
 */
export const Mutation: MutationResolvers = {
  registerRegion: (_root, { input }, { db, identity }) => registerRegion(db, { ...input, level: fromGraph(input.level) }, can(identity, 'registerRegion')),

  establishResidentsCommittee: (_root, { input }, { db, identity }) => establishCommittee(db, input, can(identity, 'establishResidentsCommittee')),
  startCommitteeTerm: (_root, { input }, { db, identity }) => startTerm(db, input, can(identity, 'startCommitteeTerm')),
  addCommitteeMember: (_root, { input }, { db, identity }) => addMember(db, { ...input, role: fromGraph(input.role) }, can(identity, 'addCommitteeMember')),
  openServiceStation: (_root, { input }, { db, identity }) => openServiceStation(db, input, can(identity, 'openServiceStation')),
  formResidentGroup: (_root, { input }, { db, identity }) => formResidentGroup(db, input, can(identity, 'formResidentGroup')),
  appointResidentGroupLeader: (_root, { input }, { db, identity }) => appointGroupLeader(db, input, can(identity, 'appointResidentGroupLeader')),
  drawGrid: (_root, { input }, { db, identity }) => drawGrid(db, input, can(identity, 'drawGrid')),
  registerBuilding: (_root, { input }, { db, identity }) => registerBuilding(db, input, can(identity, 'registerBuilding')),
  registerBuildingUnit: (_root, { input }, { db, identity }) => registerUnit(db, input, can(identity, 'registerBuildingUnit')),
  appointAreaLeader: (_root, { input }, { db, identity }) =>
    appointAreaLeader(db, { ...input, level: fromGraph(input.level) }, can(identity, 'appointAreaLeader')),

  createDeliberationPlatform: (_root, { input }, { db, identity }) => createPlatform(db, input, can(identity, 'createDeliberationPlatform')),
  scheduleDeliberationMeeting: (_root, { input }, { db, identity }) =>
    scheduleMeeting(db, { ...input, kind: fromGraph(input.kind) }, can(identity, 'scheduleDeliberationMeeting')),
  holdDeliberationMeeting: (_root, { input }, { db, identity }) => holdMeeting(db, input, can(identity, 'holdDeliberationMeeting')),
  cancelDeliberationMeeting: (_root, { input }, { db, identity }) => cancelMeeting(db, input, can(identity, 'cancelDeliberationMeeting')),
  submitProposal: (_root, { input }, { db, identity }) =>
    submitProposal(
      db,
      { ...input, proposerKind: fromGraph(input.proposer.kind), proposerLabel: input.proposer.label },
      can(identity, 'submitProposal'),
    ),
  jointReviewProposal: (_root, { input }, { db, identity }) => voteOnProposal(db, 'joint_review', input, can(identity, 'jointReviewProposal')),
  deliberateProposal: (_root, { input }, { db, identity }) => deliberateProposal(db, input, can(identity, 'deliberateProposal')),
  resolveProposal: (_root, { input }, { db, identity }) => voteOnProposal(db, 'resolve', input, can(identity, 'resolveProposal')),
  evaluateProposal: (_root, { input }, { db, identity }) => evaluateProposal(db, input, can(identity, 'evaluateProposal')),

  reportDispute: (_root, { input }, { db, identity }) =>
    reportDispute(db, { ...input, category: fromGraph(input.category) }, can(identity, 'reportDispute')),
  startDisputeMediation: (_root, { input }, { db, identity }) => startMediation(db, input, can(identity, 'startDisputeMediation')),
  resolveDispute: (_root, { input }, { db, identity }) => resolveDispute(db, input, can(identity, 'resolveDispute')),
  referDispute: (_root, { input }, { db, identity }) => referDispute(db, input, can(identity, 'referDispute')),
  reportNeed: (_root, { input }, { db, identity }) =>
    reportNeed(db, { ...input, category: fromGraph(input.category), urgency: fromGraph(input.urgency) }, can(identity, 'reportNeed')),
  postMicroWish: (_root, { input }, { db, identity }) =>
    postMicroWish(db, { ...input, category: fromGraph(input.category), urgency: optionalFromGraph(input.urgency) }, can(identity, 'postMicroWish')),
  claimMicroWish: (_root, { input }, { db, identity }) =>
    claimMicroWish(db, { ...input, claimant: { ...input.claimant, kind: fromGraph(input.claimant.kind) } }, can(identity, 'claimMicroWish')),
  fulfillMicroWish: (_root, { input }, { db, identity }) => fulfillMicroWish(db, input, can(identity, 'fulfillMicroWish')),
  importNeeds: (_root, { input }, { db, identity }) =>
    importNeeds(
      db,
      input.records.map((r) => ({ ...r, category: fromGraph(r.category), urgency: fromGraph(r.urgency) })),
      can(identity, 'importNeeds'),
    ),
  importDisputes: (_root, { input }, { db, identity }) =>
    importDisputes(db, input.records.map((r) => ({ ...r, category: fromGraph(r.category) })), can(identity, 'importDisputes')),
  planMicroProject: (_root, { input }, { db, identity }) =>
    planMicroProject(
      db,
      { ...input, category: fromGraph(input.category), organizationId: input.implementerOrganizationId },
      can(identity, 'planMicroProject'),
    ),
  startMicroProject: (_root, { input }, { db, identity }) => moveMicroProject(db, 'start', input, can(identity, 'startMicroProject')),
  completeMicroProject: (_root, { input }, { db, identity }) => moveMicroProject(db, 'complete', input, can(identity, 'completeMicroProject')),
  cancelMicroProject: (_root, { input }, { db, identity }) =>
    moveMicroProject(db, 'cancel', { microProjectId: input.microProjectId, note: input.reason }, can(identity, 'cancelMicroProject')),

  publishDisclosure: (_root, { input }, { db, identity }) =>
    publishDisclosure(db, { ...input, category: fromGraph(input.category) }, can(identity, 'publishDisclosure')),
  withdrawDisclosure: (_root, { input }, { db, identity }) => withdrawDisclosure(db, input, can(identity, 'withdrawDisclosure')),
  recordEvaluation: (_root, { input }, { db, identity }) => recordEvaluation(db, { ...input, kind: fromGraph(input.kind) }, can(identity, 'recordEvaluation')),
};
