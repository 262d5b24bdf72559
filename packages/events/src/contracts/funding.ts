import { z } from 'zod';
import { defineEvent } from '../contract.ts';
import { communityCode, fen } from '../primitives.ts';

export const grantAwarded = defineEvent({
  name: 'funding.grant.awarded',
  version: 1,
  description: 'A programme awarded a grant to an organization for work in a community.',
  schema: z.object({
    grantId: z.uuid(),
    programmeId: z.uuid(),
    organizationId: z.uuid().nullable(),
    communityCode,
    amountFen: fen.positive(),
    title: z.string().min(1),
  }),
});

export const subsidyPaid = defineEvent({
  name: 'funding.subsidy.paid',
  version: 1,
  description: 'A party-building subsidy was paid out of the party service fund.',
  schema: z.object({
    partyOrganizationId: z.uuid(),
    communityCode,
    amountFen: fen.positive(),
    paymentId: z.uuid(),
  }),
});
