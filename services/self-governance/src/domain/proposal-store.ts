import { selfGovernance as contracts } from '@sanshe/events';
import { and, eq } from 'drizzle-orm';
import { recordEvent, tablePage, type AnyPgTx, type PageArgs } from '@sanshe/service-kit';
import { deliberationPlatforms, proposals, proposalSteps, proposalVotes, type DeliberationPlatformRow, type ProposalRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import type { WriteAccess } from '../authorization.ts';
import { requireMeetingFor } from './platform-store.ts';
import { advanceProposal, stageAfterVote, tallyVote, validateRating, validateVote, type Action, type VoteCount, type VotedAction } from './proposal-stages.ts';
import { guarded, lockById, optionalEq, withinFilter } from './store-kit.ts';
import { text, wholeNumber } from './validation.ts';

/**
 * 五议 proposals. Every step locks the proposal row, asks the stage machine whether the action is
 * the next one, and writes the step, the vote (where one is taken), the new stage and the events
 * in one transaction.
 */

export async function submitProposal(
  db: Db,
  input: { platformId: string; title: string; description: string; proposerKind: ProposalRow['proposerKind']; proposerLabel: string },
  access: WriteAccess,
) {
  const title = text(input.title, 'input.title', { min: 2, max: 200 });
  const description = text(input.description, 'input.description', { max: 5000 });
  const proposerLabel = text(input.proposerLabel, 'input.proposer.label', { max: 100 });
  const stage = advanceProposal(null, 'propose');
  return db.transaction(async (tx) => {
    const platform = await lockById<DeliberationPlatformRow>(tx, deliberationPlatforms, input.platformId, 'input.platformId', 'deliberation platform');
    access.allow({ regionCode: platform.communityCode }, 'input.platformId');
    const [row] = await tx
      .insert(proposals)
      .values({ platformId: platform.id, communityCode: platform.communityCode, title, description, proposerKind: input.proposerKind, proposerLabel, stage })
      .returning();
    await tx.insert(proposalSteps).values({ proposalId: row!.id, action: 'propose', fromStage: null, toStage: stage, at: row!.submittedAt });
    await recordEvent(
      tx,
      contracts.proposalSubmitted,
      { proposalId: row!.id, platformId: platform.id, communityCode: platform.communityCode, title, proposerKind: input.proposerKind },
      { subject: row!.id },
    );
    await access.audit(tx, 'Proposal', row!.id);
    return row!;
  });
}

interface StepInput {
  proposalId: string;
  summary?: string | null;
  meetingId?: string | null;
}

/** 合议 and 决议: the vote decides whether the proposal advances, ends rejected, or (no quorum) waits. */
export async function voteOnProposal(db: Db, action: VotedAction, input: StepInput & { vote: VoteCount }, access: WriteAccess) {
  const vote = validateVote(input.vote);
  const summary = input.summary == null ? null : text(input.summary, 'input.summary', { max: 5000 });
  return db.transaction(async (tx) => {
    const proposal = await lockById<ProposalRow>(tx, proposals, input.proposalId, 'input.proposalId', 'proposal');
    access.allow({ regionCode: proposal.communityCode }, 'input.proposalId');
    const to = stageAfterVote(proposal.stage, action, vote); // refuses a skip or a step back
    const meeting = await requireMeetingFor(tx, input.meetingId, proposal.communityCode);
    const tally = tallyVote(vote);
    const [saved] = await tx
      .insert(proposalVotes)
      .values({ proposalId: proposal.id, action, meetingId: meeting?.id ?? null, ...vote, quorumMet: tally.quorumMet, passed: tally.passed })
      .returning();
    await recordEvent(
      tx,
      contracts.proposalVoteRecorded,
      {
        proposalId: proposal.id,
        communityCode: proposal.communityCode,
        action,
        meetingId: saved!.meetingId,
        tally: { voteId: saved!.id, ...vote, quorumMet: tally.quorumMet, passed: tally.passed },
      },
      { subject: proposal.id },
    );
    await access.audit(tx, 'Proposal', proposal.id);
    if (to === proposal.stage) return proposal; // no quorum: nothing decided, the vote may be retaken
    return completeStep(tx, proposal, action, to, { summary, meetingId: meeting?.id ?? null, voteId: saved!.id, at: saved!.takenAt });
  });
}

/** 群议: residents' opinions gathered — how many took part and what they said. */
export async function deliberateProposal(db: Db, input: StepInput & { participantCount: number; summary: string }, access: WriteAccess) {
  const summary = text(input.summary, 'input.summary', { max: 5000 });
  const participantCount = wholeNumber(input.participantCount, 'input.participantCount', { min: 1, max: 1_000_000 });
  return db.transaction(async (tx) => {
    const proposal = await lockById<ProposalRow>(tx, proposals, input.proposalId, 'input.proposalId', 'proposal');
    access.allow({ regionCode: proposal.communityCode }, 'input.proposalId');
    const to = advanceProposal(proposal.stage, 'deliberate');
    const meeting = await requireMeetingFor(tx, input.meetingId, proposal.communityCode);
    await access.audit(tx, 'Proposal', proposal.id);
    return completeStep(tx, proposal, 'deliberate', to, { summary, participantCount, meetingId: meeting?.id ?? null });
  });
}

/** 评议: the implemented resolution rated 1–5, with what the evaluation found. */
export async function evaluateProposal(db: Db, input: StepInput & { rating: number; summary: string }, access: WriteAccess) {
  const rating = validateRating(input.rating);
  const summary = text(input.summary, 'input.summary', { max: 5000 });
  return db.transaction(async (tx) => {
    const proposal = await lockById<ProposalRow>(tx, proposals, input.proposalId, 'input.proposalId', 'proposal');
    access.allow({ regionCode: proposal.communityCode }, 'input.proposalId');
    const to = advanceProposal(proposal.stage, 'evaluate');
    const meeting = await requireMeetingFor(tx, input.meetingId, proposal.communityCode);
    await access.audit(tx, 'Proposal', proposal.id);
    return completeStep(tx, proposal, 'evaluate', to, { summary, rating, meetingId: meeting?.id ?? null });
  });
}

async function completeStep(
  tx: AnyPgTx,
  proposal: ProposalRow,
  action: Exclude<Action, 'propose'>,
  to: ProposalRow['stage'],
  step: { summary: string | null; meetingId: string | null; voteId?: string; participantCount?: number; rating?: number; at?: Date },
) {
  const at = step.at ?? new Date();
  await guarded(
    () =>
      tx.insert(proposalSteps).values({
        proposalId: proposal.id,
        action,
        fromStage: proposal.stage,
        toStage: to,
        summary: step.summary,
        participantCount: step.participantCount ?? null,
        rating: step.rating ?? null,
        meetingId: step.meetingId,
        voteId: step.voteId ?? null,
        at,
      }),
    { field: 'input.proposalId', message: 'this stage was completed concurrently' },
  );
  const [row] = await tx.update(proposals).set({ stage: to, updatedAt: at }).where(eq(proposals.id, proposal.id)).returning();
  if (to === 'rejected') {
    await recordEvent(
      tx,
      contracts.proposalRejected,
      { proposalId: proposal.id, communityCode: proposal.communityCode, action: action as VotedAction, from: proposal.stage, voteId: step.voteId!, at: at.toISOString() },
      { subject: proposal.id },
    );
  } else {
    await recordEvent(
      tx,
      contracts.proposalAdvanced,
      {
        proposalId: proposal.id,
        communityCode: proposal.communityCode,
        action,
        from: proposal.stage,
        to,
        voteId: step.voteId ?? null,
        rating: step.rating ?? null,
        at: at.toISOString(),
      },
      { subject: proposal.id },
    );
  }
  return row!;
}

export interface ProposalFilter {
  within?: string | null;
  communityCode?: string;
  platformId?: string;
  stage?: ProposalRow['stage'] | null;
}

export const listProposals = (db: Db, filter: ProposalFilter, args: PageArgs) =>
  tablePage(
    db,
    proposals,
    { time: proposals.submittedAt, id: proposals.id, direction: 'desc' },
    and(
      withinFilter(proposals.communityCode, filter.within),
      optionalEq(proposals.communityCode, filter.communityCode),
      optionalEq(proposals.platformId, filter.platformId),
      optionalEq(proposals.stage, filter.stage),
    ),
    args,
  );
