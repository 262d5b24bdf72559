import { z } from 'zod';
import { defineEvent } from '../contract.ts';
import { communityCode, fen } from '../primitives.ts';

export const partyOrganizationKind = z.enum([
  'street_working_committee',
  'community_committee',
  'general_branch',
  'branch',
  'joint_branch',
]);

export const partyOrganizationFounded = defineEvent({
  name: 'party-building.party-organization.founded',
  version: 1,
  description: 'A party organization was founded in a community or inside social organizations.',
  schema: z.object({
    partyOrganizationId: z.uuid(),
    name: z.string().min(1),
    kind: partyOrganizationKind,
    /** The street (working committees) or community it belongs to. */
    regionCode: z.string().regex(/^(\d{9}|\d{12})$/),
    communityCode: communityCode.nullable(),
    organizationIds: z.array(z.uuid()),
    fullMembers: z.number().int().nonnegative(),
    probationaryMembers: z.number().int().nonnegative(),
    /**
     * When it was founded: the start of its founding day (Beijing time) when that day was given,
     * which may be long before the event; else the moment it was recorded. Absent from events
     * published before founding days could be given, whose founding is the event's time.
     */
    foundedAt: z.iso.datetime({ offset: true }).optional(),
  }),
});

export const jointBranchSubsidyRequested = defineEvent({
  name: 'party-building.joint-branch.subsidy-requested',
  version: 1,
  description:
    'A new joint branch asks funding for its one-off party-building subsidy (seed 000: 3,000 yuan). Funding pays it exactly once per joint branch, however often this arrives.',
  schema: z.object({
    partyOrganizationId: z.uuid(),
    communityCode,
    amountFen: fen.positive(),
  }),
});

/**
 * Why a party organization must be reorganised (merged, re-founded or dissolved by its parent):
 * - too_few_full_members: fewer than 3 full members, the minimum for a branch (seed 000);
 * - too_few_organizations: a joint branch left with fewer than 2 social organizations;
 * - organization_deregistered: a branch or general branch whose own organization was deregistered.
 */
export const reorganisationReason = z.enum(['too_few_full_members', 'too_few_organizations', 'organization_deregistered']);

export const partyOrganizationMembershipChanged = defineEvent({
  name: 'party-building.party-organization.membership-changed',
  version: 1,
  description: 'The full and probationary member counts of a party organization changed.',
  schema: z.object({
    partyOrganizationId: z.uuid(),
    regionCode: z.string().regex(/^(\d{9}|\d{12})$/),
    fullMembers: z.number().int().nonnegative(),
    probationaryMembers: z.number().int().nonnegative(),
    previousFullMembers: z.number().int().nonnegative(),
    previousProbationaryMembers: z.number().int().nonnegative(),
  }),
});

export const partyOrganizationOrganizationLeft = defineEvent({
  name: 'party-building.party-organization.organization-left',
  version: 1,
  description:
    'A social organization stopped being covered by a party organization (it was deregistered); remainingOrganizationIds are those still covered.',
  schema: z.object({
    partyOrganizationId: z.uuid(),
    kind: partyOrganizationKind,
    organizationId: z.uuid(),
    reason: z.enum(['deregistered']),
    remainingOrganizationIds: z.array(z.uuid()),
  }),
});

export const partyOrganizationReorganisationFlagged = defineEvent({
  name: 'party-building.party-organization.reorganisation-flagged',
  version: 1,
  description:
    'A party organization fell below its rules and is flagged for reorganisation. Sent when a reason is added; `reasons` is the full current set, `added` the new ones.',
  schema: z.object({
    partyOrganizationId: z.uuid(),
    kind: partyOrganizationKind,
    regionCode: z.string().regex(/^(\d{9}|\d{12})$/),
    parentId: z.uuid().nullable(),
    reasons: z.array(reorganisationReason).min(1),
    added: z.array(reorganisationReason).min(1),
    fullMembers: z.number().int().nonnegative(),
    organizationIds: z.array(z.uuid()),
  }),
});

export const partyOrganizationReorganisationCleared = defineEvent({
  name: 'party-building.party-organization.reorganisation-cleared',
  version: 1,
  description: 'A flagged party organization meets its rules again (e.g. its full members are back to 3 or more).',
  schema: z.object({
    partyOrganizationId: z.uuid(),
    kind: partyOrganizationKind,
    regionCode: z.string().regex(/^(\d{9}|\d{12})$/),
  }),
});

export const partyDuesRecorded = defineEvent({
  name: 'party-building.party-dues.recorded',
  version: 1,
  description:
    'Party dues collected by a party organization in a year, and the rebate it is due (seed 000: a joint branch of fewer than 10 members gets its dues fully rebated, 全额返拨). A later record for the same year replaces the earlier one.',
  schema: z.object({
    partyOrganizationId: z.uuid(),
    kind: partyOrganizationKind,
    regionCode: z.string().regex(/^(\d{9}|\d{12})$/),
    year: z.number().int().min(1990).max(2100),
    collectedFen: fen,
    rebateFen: fen,
    membersCounted: z.number().int().nonnegative(),
  }),
});
