import { index, integer, jsonb, pgTable, text, timestamp, boolean, uuid, uniqueIndex, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { regions } from './regions.ts';
import { grids } from './structure.ts';

/** 议事平台, the 四会 meetings held on them, and the 五议 proposals with their steps and votes. */
const id = () => uuid('id').primaryKey().defaultRandom();
const communityCode = () =>
  text('community_code')
    .notNull()
    .references(() => regions.code);

export const MEETING_KINDS = ['public_sentiment', 'affairs_coordination', 'work_hearing', 'democratic_evaluation'] as const;
export const PROPOSAL_STAGES = ['proposed', 'joint_reviewed', 'deliberated', 'resolved', 'evaluated', 'rejected'] as const;
export const PROPOSAL_ACTIONS = ['propose', 'joint_review', 'deliberate', 'resolve', 'evaluate'] as const;
export const PROPOSER_KINDS = ['resident', 'resident_group', 'committee', 'party_organization', 'social_organization', 'resident_unit'] as const;

export const deliberationPlatforms = pgTable(
  'deliberation_platforms',
  {
    id: id(),
    communityCode: communityCode(),
    gridCode: text('grid_code').references(() => grids.code),
    name: text('name').notNull(),
    description: text('description'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('deliberation_platforms_name_key').on(t.communityCode, t.name), index('deliberation_platforms_list_idx').on(t.communityCode, t.createdAt, t.id)],
);

export const deliberationMeetings = pgTable(
  'deliberation_meetings',
  {
    id: id(),
    platformId: uuid('platform_id')
      .notNull()
      .references(() => deliberationPlatforms.id),
    communityCode: communityCode(),
    kind: text('kind', { enum: MEETING_KINDS }).notNull(),
    title: text('title').notNull(),
    agenda: jsonb('agenda').$type<string[]>().notNull(),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true, precision: 3 }).notNull(),
    status: text('status', { enum: ['scheduled', 'held', 'cancelled'] }).notNull().default('scheduled'),
    eligibleCount: integer('eligible_count'),
    presentCount: integer('present_count'),
    minutes: text('minutes'),
    heldAt: timestamp('held_at', { withTimezone: true, precision: 3 }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true, precision: 3 }),
    cancellationReason: text('cancellation_reason'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index('deliberation_meetings_community_idx').on(t.communityCode, t.scheduledAt, t.id),
    index('deliberation_meetings_platform_idx').on(t.platformId, t.scheduledAt, t.id),
  ],
);

export const proposals = pgTable(
  'proposals',
  {
    id: id(),
    platformId: uuid('platform_id')
      .notNull()
      .references(() => deliberationPlatforms.id),
    communityCode: communityCode(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    proposerKind: text('proposer_kind', { enum: PROPOSER_KINDS }).notNull(),
    // A resident's name when proposerKind is 'resident' (served masked), else an organization's.
    proposerLabel: text('proposer_label').notNull(),
    stage: text('stage', { enum: PROPOSAL_STAGES }).notNull().default('proposed'),
    submittedAt: timestamp('submitted_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index('proposals_community_idx').on(t.communityCode, t.submittedAt, t.id),
    index('proposals_platform_idx').on(t.platformId, t.submittedAt, t.id),
  ],
);

export const proposalVotes = pgTable(
  'proposal_votes',
  {
    id: id(),
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => proposals.id),
    action: text('action', { enum: ['joint_review', 'resolve'] }).notNull(),
    meetingId: uuid('meeting_id').references(() => deliberationMeetings.id),
    eligible: integer('eligible').notNull(),
    present: integer('present').notNull(),
    votesFor: integer('votes_for').notNull(),
    votesAgainst: integer('votes_against').notNull(),
    abstentions: integer('abstentions').notNull(),
    quorumMet: boolean('quorum_met').notNull(),
    passed: boolean('passed').notNull(),
    takenAt: timestamp('taken_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index('proposal_votes_proposal_idx').on(t.proposalId, t.takenAt)],
);

/** One row per completed stage (提议 included): the proposal's history, in order. */
export const proposalSteps = pgTable(
  'proposal_steps',
  {
    id: id(),
    proposalId: uuid('proposal_id')
      .notNull()
      .references(() => proposals.id),
    action: text('action', { enum: PROPOSAL_ACTIONS }).notNull(),
    fromStage: text('from_stage', { enum: PROPOSAL_STAGES }),
    toStage: text('to_stage', { enum: PROPOSAL_STAGES }).notNull(),
    summary: text('summary'),
    participantCount: integer('participant_count'),
    rating: integer('rating'),
    meetingId: uuid('meeting_id').references((): AnyPgColumn => deliberationMeetings.id),
    voteId: uuid('vote_id').references(() => proposalVotes.id),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    // The stage machine allows each action once; the key makes a concurrent double step a conflict.
    uniqueIndex('proposal_steps_action_key').on(t.proposalId, t.action),
  ],
);

export type DeliberationPlatformRow = typeof deliberationPlatforms.$inferSelect;
export type DeliberationMeetingRow = typeof deliberationMeetings.$inferSelect;
export type ProposalRow = typeof proposals.$inferSelect;
export type ProposalVoteRow = typeof proposalVotes.$inferSelect;
export type ProposalStepRow = typeof proposalSteps.$inferSelect;
export type ProposalStage = ProposalRow['stage'];
export type ProposalAction = ProposalStepRow['action'];
