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
