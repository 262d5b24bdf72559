import { describe, expect, it } from 'vitest';
import { refusedWith } from '@sanshe/testing/refusal';
import {
  ACTIONS,
  STAGES,
  advanceProposal,
  nextAction,
  stageAfterVote,
  tallyVote,
  validateRating,
  validateVote,
  type Action,
  type Stage,
} from '../../src/domain/proposal-stages.ts';

/** The only legal moves of the 五议: 提议 → 合议 → 群议 → 决议 → 评议. */
const LEGAL: Record<string, Stage> = {
  'null:propose': 'proposed',
  'proposed:joint_review': 'joint_reviewed',
  'joint_reviewed:deliberate': 'deliberated',
  'deliberated:resolve': 'resolved',
  'resolved:evaluate': 'evaluated',
};

const matrix = [null, ...STAGES].flatMap((stage) => ACTIONS.map((action) => [stage, action] as [Stage | null, Action]));

describe('五议 stage machine', () => {
  it('covers every stage × action: 35 combinations, 5 legal', () => {
    expect(matrix).toHaveLength(7 * 5);
    expect(matrix.filter(([s, a]) => `${s}:${a}` in LEGAL)).toHaveLength(5);
  });

  it.each(matrix.filter(([s, a]) => `${s}:${a}` in LEGAL))('allows %s → %s', (stage, action) => {
    expect(advanceProposal(stage, action)).toBe(LEGAL[`${stage}:${action}`]);
  });

  it.each(matrix.filter(([s, a]) => !(`${s}:${a}` in LEGAL)))('refuses %s → %s (skip, repeat, step back or after the end)', (stage, action) => {
    const error = refusedWith(() => advanceProposal(stage, action));
    expect(error.code).toBe('ILLEGAL_TRANSITION');
    expect(error.field).toBe('input.proposalId');
    expect(error.extensions.currentStage).toBe(stage === null ? null : stage.toUpperCase());
    expect(error.extensions.expectedAction).toBe(nextAction(stage)?.toUpperCase() ?? null);
  });

  it('says why: a skip names the stage that comes first, a repeat says stages do not go back', () => {
    expect(refusedWith(() => advanceProposal('proposed', 'resolve')).message).toMatch(/合议 \(joint review\) comes first; no stage is skipped/);
    expect(refusedWith(() => advanceProposal('deliberated', 'joint_review')).message).toMatch(/already deliberated; stages are not repeated or undone/);
    expect(refusedWith(() => advanceProposal('rejected', 'deliberate')).message).toMatch(/is rejected and takes no further step/);
  });

  it('walks the five stages in order and then stops', () => {
    let stage: Stage | null = null;
    const seen: Stage[] = [];
    for (let action = nextAction(stage); action !== null; action = nextAction(stage)) {
      stage = advanceProposal(stage, action);
      seen.push(stage);
    }
    expect(seen).toEqual(['proposed', 'joint_reviewed', 'deliberated', 'resolved', 'evaluated']);
    expect(nextAction('rejected')).toBeNull();
  });
});

const vote = (eligible: number, present: number, votesFor: number, votesAgainst = 0, abstentions = 0) => ({
  eligible,
  present,
  votesFor,
  votesAgainst,
  abstentions,
});

describe('vote counting and quorum', () => {
  it.each([
    // eligible, present → quorum: more than half of those eligible must be present
    [10, 5, false],
    [10, 6, true],
    [9, 4, false],
    [9, 5, true],
    [1, 1, true],
    [2, 1, false],
    [10, 0, false],
  ])('%i eligible, %i present: quorum %s', (eligible, present, quorumMet) => {
    expect(tallyVote(vote(eligible, present, present)).quorumMet).toBe(quorumMet);
  });

  it.each([
    // present, for, against, abstain → passes only when for > half of those present
    [6, 3, 3, 0, 'failed'],
    [6, 4, 2, 0, 'passed'],
    [6, 3, 0, 3, 'failed'], // abstentions count against
    [6, 3, 0, 0, 'failed'], // ballots not cast count against
    [7, 4, 3, 0, 'passed'],
    [7, 3, 1, 3, 'failed'],
    [6, 6, 0, 0, 'passed'],
    [6, 0, 6, 0, 'failed'],
  ] as const)('10 eligible, %i present, %i/%i/%i: %s', (present, votesFor, votesAgainst, abstentions, outcome) => {
    expect(tallyVote(vote(10, present, votesFor, votesAgainst, abstentions)).outcome).toBe(outcome);
  });

  it('reports no quorum before looking at the ballots', () => {
    expect(tallyVote(vote(10, 5, 5))).toEqual({ quorumMet: false, passed: false, outcome: 'inquorate' });
  });

  it('moves the proposal on a pass, ends it on a failure, leaves it on no quorum', () => {
    expect(stageAfterVote('proposed', 'joint_review', vote(9, 5, 3))).toBe('joint_reviewed');
    expect(stageAfterVote('proposed', 'joint_review', vote(9, 5, 2, 3))).toBe('rejected');
    expect(stageAfterVote('proposed', 'joint_review', vote(9, 4, 4))).toBe('proposed');
    expect(stageAfterVote('deliberated', 'resolve', vote(50, 26, 14))).toBe('resolved');
    expect(stageAfterVote('deliberated', 'resolve', vote(50, 26, 13, 13))).toBe('rejected');
  });

  it('still refuses a vote at the wrong stage, whatever its result', () => {
    expect(refusedWith(() => stageAfterVote('proposed', 'resolve', vote(9, 9, 9))).code).toBe('ILLEGAL_TRANSITION');
    expect(refusedWith(() => stageAfterVote('joint_reviewed', 'joint_review', vote(9, 2, 0))).code).toBe('ILLEGAL_TRANSITION');
  });

  it.each([
    [vote(0, 0, 0), 'input.vote.eligible'],
    [vote(10, 11, 5), 'input.vote.present'],
    [vote(10, 6, 4, 2, 1), 'input.vote.votesFor'],
    [vote(10, 6, -1), 'input.vote.votesFor'],
    [vote(10, 6.5, 3), 'input.vote.present'],
  ])('refuses numbers that do not hang together: %j', (counts, field) => {
    const error = refusedWith(() => validateVote(counts));
    expect({ code: error.code, field: error.field }).toEqual({ code: 'BAD_USER_INPUT', field });
  });

  it('accepts ballots short of those present and rates 评议 from 1 to 5', () => {
    expect(validateVote(vote(10, 6, 3, 1, 1))).toEqual(vote(10, 6, 3, 1, 1));
    expect(validateRating(1)).toBe(1);
    expect(validateRating(5)).toBe(5);
    expect(refusedWith(() => validateRating(0)).field).toBe('input.rating');
    expect(refusedWith(() => validateRating(6)).field).toBe('input.rating');
  });
});
