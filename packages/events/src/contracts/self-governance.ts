import { z } from 'zod';
import { defineEvent } from '../contract.ts';
import { districtCode, regionCode, regionLevel, streetCode } from '../primitives.ts';

export const regionRegistered = defineEvent({
  name: 'self-governance.region.registered',
  version: 1,
  description:
    'A district, street/township or community/village entered the region tree. Other services replicate community codes from it instead of reading the self-governance database.',
  schema: z.object({
    code: regionCode,
    name: z.string().min(1),
    level: regionLevel,
    parentCode: regionCode.nullable(),
    districtCode,
    streetCode: streetCode.nullable(),
    population: z.number().int().nonnegative().nullable(),
    households: z.number().int().nonnegative().nullable(),
  }),
});

export const regionRenamed = defineEvent({
  name: 'self-governance.region.renamed',
  version: 1,
  description: 'A region kept its code but changed its name.',
  schema: z.object({ code: regionCode, name: z.string().min(1) }),
});

export const needCategory = z.enum([
  'elderly_care',
  'child_care',
  'disability',
  'health',
  'psychological',
  'legal',
  'housing_repair',
  'environment',
  'employment',
  'poverty_relief',
  'neighbourhood',
  'other',
]);
export const needUrgency = z.enum(['low', 'normal', 'high', 'urgent']);

export const needReported = defineEvent({
  name: 'self-governance.need.reported',
  version: 1,
  description:
    'A resident need was reported through the grid (社区发现需求). Social work turns it into a service case. Carries no personal data: whoever serves it asks self-governance for contact details under their own rights.',
  schema: z.object({
    needId: z.uuid(),
    communityCode: z.string().regex(/^\d{12}$/),
    gridCode: z.string().nullable(),
    category: needCategory,
    urgency: needUrgency,
    summary: z.string().min(1).max(500),
    /** Set when the need was posted as a micro-wish (微心愿). */
    microWishId: z.uuid().nullable(),
  }),
});

export const needFulfilled = defineEvent({
  name: 'self-governance.need.fulfilled',
  version: 1,
  description: 'A need (and its micro-wish, if any) was marked fulfilled after the service case closing it.',
  schema: z.object({
    needId: z.uuid(),
    communityCode: z.string().regex(/^\d{12}$/),
    microWishId: z.uuid().nullable(),
    fulfilledAt: z.iso.datetime({ offset: true }),
  }),
});

// ---------------------------------------------------------------------------------------------
// Everything below: the self-governance state changes beyond the region tree. None carries
// personal data (names, phone numbers, ID numbers stay in the self-governance database, masked
// on the way out); subscribers who need contact details ask self-governance under their rights.
// ---------------------------------------------------------------------------------------------

const community = z.string().regex(/^\d{12}$/);
const isoDate = z.iso.date();
const isoTime = z.iso.datetime({ offset: true });
/** 网格 code: the community's 12 digits and the grid's own 3. */
const gridCode = z.string().regex(/^\d{15}$/);

const entityEvent = <const Name extends `self-governance.${string}.${string}`, S extends z.ZodRawShape>(
  name: Name,
  description: string,
  shape: S,
) => defineEvent({ name, version: 1, description, schema: z.object({ communityCode: community, ...shape }) });

// --- structure: 居委会, 工作站, 居民小组, 网格/楼栋/单元 and the 三长 ---------------------------------

export const residentsCommitteeEstablished = entityEvent(
  'self-governance.residents-committee.established',
  'A community set up its residents’ committee (居民委员会).',
  { committeeId: z.uuid(), name: z.string().min(1) },
);

export const committeeTermStarted = entityEvent(
  'self-governance.committee-term.started',
  'A residents’ committee term (届) was recorded with its dates.',
  { termId: z.uuid(), committeeId: z.uuid(), number: z.number().int().positive(), startsOn: isoDate, endsOn: isoDate },
);

export const committeeMemberJoined = entityEvent(
  'self-governance.committee-member.joined',
  'A member joined a committee term, as director (主任), deputy director (副主任) or member (委员).',
  { memberId: z.uuid(), termId: z.uuid(), committeeId: z.uuid(), role: z.enum(['director', 'deputy_director', 'member']) },
);

export const serviceStationOpened = entityEvent(
  'self-governance.service-station.opened',
  'A community service station (社区工作站) opened; `separatedFromCommittee` marks 居站分设.',
  { stationId: z.uuid(), name: z.string().min(1), separatedFromCommittee: z.boolean() },
);

export const residentGroupFormed = entityEvent(
  'self-governance.resident-group.formed',
  'A resident group (居民小组) was formed in a community.',
  { groupId: z.uuid(), name: z.string().min(1), hasLeader: z.boolean() },
);

export const residentGroupLeaderAppointed = entityEvent(
  'self-governance.resident-group.leader-appointed',
  'A resident group got a (new) leader (居民小组长).',
  { groupId: z.uuid() },
);

export const gridDrawn = entityEvent('self-governance.grid.drawn', 'A grid (网格) was drawn in a community.', {
  gridCode,
  name: z.string().min(1),
});

export const buildingRegistered = entityEvent('self-governance.building.registered', 'A building (楼栋) was registered in a grid.', {
  buildingId: z.uuid(),
  gridCode,
  label: z.string().min(1),
});

export const unitRegistered = entityEvent('self-governance.unit.registered', 'A unit (单元) was registered in a building.', {
  unitId: z.uuid(),
  buildingId: z.uuid(),
  gridCode,
  label: z.string().min(1),
});

export const areaLeaderAppointed = entityEvent(
  'self-governance.area-leader.appointed',
  'One of the 三长 — grid (网格长), building (楼栋长) or unit leader (单元长) — was appointed; the one replaced, if any, stepped down.',
  {
    leaderId: z.uuid(),
    level: z.enum(['grid', 'building', 'unit']),
    gridCode,
    buildingId: z.uuid().nullable(),
    unitId: z.uuid().nullable(),
    replacedLeaderId: z.uuid().nullable(),
  },
);

// --- deliberation: 议事平台, 四会, 五议 --------------------------------------------------------------

export const meetingKind = z.enum(['public_sentiment', 'affairs_coordination', 'work_hearing', 'democratic_evaluation']);
export const proposalStage = z.enum(['proposed', 'joint_reviewed', 'deliberated', 'resolved', 'evaluated', 'rejected']);
export const proposalAction = z.enum(['propose', 'joint_review', 'deliberate', 'resolve', 'evaluate']);

export const deliberationPlatformCreated = entityEvent(
  'self-governance.deliberation-platform.created',
  'A deliberation platform (居民议事平台) was set up in a community.',
  { platformId: z.uuid(), name: z.string().min(1), gridCode: gridCode.nullable() },
);

export const meetingScheduled = entityEvent(
  'self-governance.deliberation-meeting.scheduled',
  'One of the 四会 (民情恳谈会, 事务协调会, 工作听证会, 民主评议会) was scheduled with its agenda.',
  { meetingId: z.uuid(), platformId: z.uuid(), kind: meetingKind, scheduledAt: isoTime, agendaItems: z.number().int().positive() },
);

export const meetingHeld = entityEvent(
  'self-governance.deliberation-meeting.held',
  'A meeting was held; its attendance and minutes were recorded.',
  { meetingId: z.uuid(), kind: meetingKind, eligible: z.number().int().positive(), present: z.number().int().nonnegative(), heldAt: isoTime },
);

export const meetingCancelled = entityEvent('self-governance.deliberation-meeting.cancelled', 'A scheduled meeting was called off.', {
  meetingId: z.uuid(),
  kind: meetingKind,
});

const voteTally = z.object({
  voteId: z.uuid(),
  eligible: z.number().int().positive(),
  present: z.number().int().nonnegative(),
  votesFor: z.number().int().nonnegative(),
  votesAgainst: z.number().int().nonnegative(),
  abstentions: z.number().int().nonnegative(),
  quorumMet: z.boolean(),
  passed: z.boolean(),
});

export const proposalSubmitted = entityEvent(
  'self-governance.proposal.submitted',
  '五议, stage 1 (提议): a proposal was put to a deliberation platform.',
  {
    proposalId: z.uuid(),
    platformId: z.uuid(),
    title: z.string().min(1),
    proposerKind: z.enum(['resident', 'resident_group', 'committee', 'party_organization', 'social_organization', 'resident_unit']),
  },
);

export const proposalVoteRecorded = entityEvent(
  'self-governance.proposal.vote-recorded',
  'A vote on a proposal was taken — at 合议 (joint review) or 决议 (resolution). An inquorate vote decides nothing and may be retaken.',
  { proposalId: z.uuid(), action: z.enum(['joint_review', 'resolve']), meetingId: z.uuid().nullable(), tally: voteTally },
);

export const proposalAdvanced = entityEvent(
  'self-governance.proposal.advanced',
  '五议: a proposal completed its next stage (合议, 群议, 决议 or 评议), strictly in order.',
  {
    proposalId: z.uuid(),
    action: proposalAction,
    from: proposalStage,
    to: proposalStage,
    voteId: z.uuid().nullable(),
    rating: z.number().int().min(1).max(5).nullable(),
    at: isoTime,
  },
);

export const proposalRejected = entityEvent(
  'self-governance.proposal.rejected',
  '五议: a proposal failed a vote (合议 or 决议) and ended there.',
  { proposalId: z.uuid(), action: z.enum(['joint_review', 'resolve']), from: proposalStage, voteId: z.uuid(), at: isoTime },
);

// --- disputes 矛盾化解 ---------------------------------------------------------------------------

export const disputeCategory = z.enum(['neighbourhood', 'family', 'property_management', 'housing', 'labour', 'debt', 'environment', 'other']);

export const disputeReported = entityEvent('self-governance.dispute.reported', 'A dispute was reported for mediation.', {
  disputeId: z.uuid(),
  gridCode: gridCode.nullable(),
  category: disputeCategory,
  partyCount: z.number().int().positive(),
});

export const disputeMediationStarted = entityEvent('self-governance.dispute.mediation-started', 'Mediation of a dispute began.', {
  disputeId: z.uuid(),
  mediator: z.string().min(1),
});

export const disputeResolved = entityEvent('self-governance.dispute.resolved', 'A dispute was resolved by mediation (化解).', {
  disputeId: z.uuid(),
  category: disputeCategory,
  resolvedAt: isoTime,
});

export const disputeReferred = entityEvent(
  'self-governance.dispute.referred',
  'Mediation failed; the dispute was closed unresolved and referred elsewhere (司法所, court, arbitration …).',
  { disputeId: z.uuid(), category: disputeCategory, referredTo: z.string().min(1), closedAt: isoTime },
);

// --- needs and micro-wishes (the need.reported / need.fulfilled pair is above) --------------------

export const needServiceStarted = entityEvent(
  'self-governance.need.service-started',
  'A reported need went into service: social work opened a case for it.',
  { needId: z.uuid(), serviceCaseId: z.uuid() },
);

export const needClosedUnmet = entityEvent(
  'self-governance.need.closed-unmet',
  'The service case of a need closed without meeting it (withdrawn, referred elsewhere).',
  { needId: z.uuid(), serviceCaseId: z.uuid().nullable(), closedAt: isoTime },
);

export const claimantKind = z.enum(['organization', 'volunteer', 'party_member']);

export const microWishPosted = entityEvent(
  'self-governance.micro-wish.posted',
  'A micro-wish (微心愿) was posted; its need is reported to social work at the same time (need.reported with microWishId).',
  { microWishId: z.uuid(), needId: z.uuid(), category: needCategory },
);

export const microWishClaimed = entityEvent(
  'self-governance.micro-wish.claimed',
  'A micro-wish was claimed (认领) by an organization, a volunteer or a party member. The claimant id is theirs in their own domain.',
  { microWishId: z.uuid(), claimantKind, claimantId: z.uuid().nullable() },
);

export const microWishFulfilled = entityEvent(
  'self-governance.micro-wish.fulfilled',
  'A micro-wish was fulfilled — by its claimant, or by the service case closing its need.',
  { microWishId: z.uuid(), needId: z.uuid().nullable(), via: z.enum(['claimant', 'service_case']), fulfilledAt: isoTime },
);

// --- micro-projects 微项目 ------------------------------------------------------------------------

export const microProjectCategory = z.enum([
  'elderly_care',
  'child_care',
  'disability',
  'health',
  'culture_sports',
  'environment',
  'safety',
  'legal',
  'employment',
  'poverty_relief',
  'neighbourhood',
  'volunteering',
  'facilities',
]);

export const microProjectPlanned = entityEvent('self-governance.micro-project.planned', 'A micro-project (微项目) was planned.', {
  microProjectId: z.uuid(),
  category: microProjectCategory,
  budgetFen: z.number().int().nonnegative(),
  proposalId: z.uuid().nullable(),
  organizationId: z.uuid().nullable(),
});

const microProjectStatusEvent = (action: 'started' | 'completed' | 'cancelled', description: string) =>
  entityEvent(`self-governance.micro-project.${action}`, description, {
    microProjectId: z.uuid(),
    beneficiaryCount: z.number().int().nonnegative().nullable(),
    at: isoTime,
  });

export const microProjectStarted = microProjectStatusEvent('started', 'A planned micro-project started.');
export const microProjectCompleted = microProjectStatusEvent('completed', 'A micro-project was completed, with the residents it served.');
export const microProjectCancelled = microProjectStatusEvent('cancelled', 'A micro-project was cancelled before completion.');

// --- 阳光五务 disclosures and 两评 evaluations -----------------------------------------------------

export const disclosureCategory = z.enum(['party_affairs', 'public_affairs', 'resident_affairs', 'finance', 'services']);
/** A year (2024), half (2024-H1), quarter (2024-Q3) or month (2024-07). */
export const period = z.string().regex(/^\d{4}(-H[12]|-Q[1-4]|-(0[1-9]|1[0-2]))?$/);

export const disclosurePublished = entityEvent(
  'self-governance.disclosure.published',
  '阳光五务: a disclosure of 党务, 事务, 居务, 财务 or 服务 was published for a period.',
  { disclosureId: z.uuid(), category: disclosureCategory, period, title: z.string().min(1) },
);

export const disclosureWithdrawn = entityEvent('self-governance.disclosure.withdrawn', 'A published disclosure was withdrawn.', {
  disclosureId: z.uuid(),
  category: disclosureCategory,
  period,
});

export const evaluationKind = z.enum(['representatives_rate_committee', 'committee_rates_street_office', 'resident_satisfaction']);

export const evaluationRecorded = entityEvent(
  'self-governance.evaluation.recorded',
  '两评 (residents’ representatives rate the committee; committee members rate the street office) or a resident satisfaction survey was recorded for a period.',
  {
    evaluationId: z.uuid(),
    kind: evaluationKind,
    streetCode: z.string().regex(/^\d{9}$/),
    period,
    responses: z.number().int().positive(),
    satisfied: z.number().int().nonnegative(),
    basicallySatisfied: z.number().int().nonnegative(),
    dissatisfied: z.number().int().nonnegative(),
  },
);
