import { DomainError } from '@sanshe/service-kit';
import { wholeNumber } from './validation.ts';

/**
 * The 五议 work method (seed 001): 提议 propose → 合议 joint review → 群议 open deliberation →
 * 决议 resolution → 评议 evaluation. A proposal's `stage` is the last stage it completed; each
 * stage has exactly one next action and no stage is skipped, repeated or undone.
 *
 * Votes are taken at two stages:
 * - 合议 (joint_review): the community's joint meeting — party organization, residents'
 *   committee and the other bodies at the table — decides whether the proposal goes to residents.
 * - 决议 (resolve): the residents' (representatives') meeting decides it.
 * 群议 gathers opinions (a summary and how many took part, no vote); 评议 rates the result
 * after implementation (1–5).
 *
 * Quorum and majority follow the Organic Law of Urban Residents' Committees (art. 12: a residents'
 * meeting needs more than half of those entitled, and decides by more than half of those present):
 * - quorum: present > eligible / 2 — exactly half present is not a quorum;
 * - passed: quorum, and votes for > present / 2 — abstentions and blank ballots count against;
 *   exactly half in favour fails.
 * A vote that fails ends the proposal in `rejected`. A vote without quorum decides nothing: it is
 * recorded, the proposal stays where it is and the vote can be taken again.
 */
export const STAGES = ['proposed', 'joint_reviewed', 'deliberated', 'resolved', 'evaluated', 'rejected'] as const;
export const ACTIONS = ['propose', 'joint_review', 'deliberate', 'resolve', 'evaluate'] as const;
export type Stage = (typeof STAGES)[number];
export type Action = (typeof ACTIONS)[number];
export type VotedAction = 'joint_review' | 'resolve';

/** The stage each action completes, in the order of the 五议. */
const ORDER: readonly { action: Action; to: Stage; label: string }[] = [
  { action: 'propose', to: 'proposed', label: '提议 (propose)' },
  { action: 'joint_review', to: 'joint_reviewed', label: '合议 (joint review)' },
  { action: 'deliberate', to: 'deliberated', label: '群议 (open deliberation)' },
  { action: 'resolve', to: 'resolved', label: '决议 (resolution)' },
  { action: 'evaluate', to: 'evaluated', label: '评议 (evaluation)' },
];

export const isVotedAction = (action: Action): action is VotedAction => action === 'joint_review' || action === 'resolve';

const positionOf = (action: Action) => ORDER.findIndex((o) => o.action === action);

/** The action that may follow `stage`; null when the proposal is finished (evaluated or rejected). */
export function nextAction(stage: Stage | null): Action | null {
  if (stage === null) return 'propose';
  if (stage === 'evaluated' || stage === 'rejected') return null;
  return ORDER[ORDER.findIndex((o) => o.to === stage) + 1]!.action;
}

/**
 * The stage a proposal reaches when `action` succeeds from `stage` (null: not yet proposed).
 * Every other combination — a skip, a repeat, a step back, anything after the end — is refused.
 */
export function advanceProposal(stage: Stage | null, action: Action, field = 'input.proposalId'): Stage {
  const expected = nextAction(stage);
  if (expected === action) return ORDER[positionOf(action)]!.to;
  const details = { currentStage: stage === null ? null : stage.toUpperCase(), expectedAction: expected === null ? null : expected.toUpperCase() };
  const wanted = ORDER[positionOf(action)]!.label;
  let reason: string;
  if (expected === null) reason = `the proposal is ${stage} and takes no further step`;
  else if (positionOf(action) > positionOf(expected)) reason = `${ORDER[positionOf(expected)]!.label} comes first; no stage is skipped`;
  else reason = `the proposal is already ${stage}; stages are not repeated or undone`;
  throw new DomainError('ILLEGAL_TRANSITION', `cannot ${wanted}: ${reason}`, field, details);
}

export interface VoteCount {
  eligible: number;
  present: number;
  votesFor: number;
  votesAgainst: number;
  abstentions: number;
}

export type VoteOutcome = 'passed' | 'failed' | 'inquorate';

/** Checks the numbers hang together: nobody votes who is not present, nobody is present who is not eligible. */
export function validateVote(vote: VoteCount, field = 'input.vote'): VoteCount {
  const eligible = wholeNumber(vote.eligible, `${field}.eligible`, { min: 1, max: 1_000_000 });
  const present = wholeNumber(vote.present, `${field}.present`, { max: 1_000_000 });
  const votesFor = wholeNumber(vote.votesFor, `${field}.votesFor`, { max: 1_000_000 });
  const votesAgainst = wholeNumber(vote.votesAgainst, `${field}.votesAgainst`, { max: 1_000_000 });
  const abstentions = wholeNumber(vote.abstentions, `${field}.abstentions`, { max: 1_000_000 });
  if (present > eligible) throw new DomainError('BAD_USER_INPUT', 'more present than entitled to vote', `${field}.present`);
  if (votesFor + votesAgainst + abstentions > present) {
    throw new DomainError('BAD_USER_INPUT', 'more votes cast (for + against + abstentions) than voters present', `${field}.votesFor`);
  }
  return { eligible, present, votesFor, votesAgainst, abstentions };
}

export function tallyVote(vote: VoteCount): { quorumMet: boolean; passed: boolean; outcome: VoteOutcome } {
  const quorumMet = vote.present * 2 > vote.eligible;
  const passed = quorumMet && vote.votesFor * 2 > vote.present;
  return { quorumMet, passed, outcome: !quorumMet ? 'inquorate' : passed ? 'passed' : 'failed' };
}

/** Where a vote leaves the proposal: the next stage, `rejected`, or where it was (no quorum). */
export function stageAfterVote(stage: Stage, action: VotedAction, vote: VoteCount): Stage {
  const next = advanceProposal(stage, action);
  const { outcome } = tallyVote(vote);
  if (outcome === 'inquorate') return stage;
  return outcome === 'passed' ? next : 'rejected';
}

/** 评议 records a rating of the implemented resolution, 1 (poor) to 5 (excellent). */
export function validateRating(rating: number, field = 'input.rating'): number {
  return wholeNumber(rating, field, { min: 1, max: 5 });
}
