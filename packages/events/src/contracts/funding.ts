import { z } from 'zod';
import { defineEvent } from '../contract.ts';
import { communityCode, fen, regionCode } from '../primitives.ts';

// Money is integer fen everywhere. Events name ids, codes and amounts; reviewer names, scores and
// comments stay in the funding database (public grant data is published as 360Giving instead).

export const fundSource = z.enum(['district_budget', 'departmental_purchase', 'party_service', 'donation', 'crowdfunding']);
export const fundPurpose = z.enum(['general', 'micro_fund', 'community_activity', 'party_service']);
export const programmeKind = z.enum([
  'purchase_of_services',
  'venture_philanthropy',
  'micro_fund',
  'community_activity_fund',
  'social_work_posts',
  'party_building_subsidy',
]);
const isoDate = z.iso.date();

export const grantAwarded = defineEvent({
  name: 'funding.grant.awarded',
  version: 1,
  description:
    'A programme awarded a grant to an organization for work in a community. Organizations start the project; social work staffs purchased posts (socialWorkPosts). Fields after `title` were added later and are optional.',
  schema: z.object({
    grantId: z.uuid(),
    programmeId: z.uuid(),
    organizationId: z.uuid().nullable(),
    communityCode,
    amountFen: fen.positive(),
    title: z.string().min(1),
    programmeKind: programmeKind.optional(),
    fundId: z.uuid().optional(),
    fundingRoundId: z.uuid().nullable().optional(),
    applicationId: z.uuid().nullable().optional(),
    socialWorkPosts: z.number().int().positive().nullable().optional(),
    tranches: z
      .array(z.object({ trancheId: z.uuid(), seq: z.number().int().positive(), amountFen: fen.positive(), milestone: z.string().min(1), dueOn: isoDate.nullable() }))
      .optional(),
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
    fundId: z.uuid().optional(),
    transactionId: z.uuid().optional(),
  }),
});

// --- funds and the ledger -----------------------------------------------------------------------

export const fundCreated = defineEvent({
  name: 'funding.fund.created',
  version: 1,
  description: 'A fund was set up: district budget, bundled departmental purchase money, party service fund, donations or crowdfunding.',
  schema: z.object({ fundId: z.uuid(), name: z.string().min(1), source: fundSource, purpose: fundPurpose, regionCode: regionCode.nullable() }),
});

export const fundDeposited = defineEvent({
  name: 'funding.fund.deposited',
  version: 1,
  description: 'Money entered a fund from its source (appropriation, donation, crowdfunding).',
  schema: z.object({ fundId: z.uuid(), transactionId: z.uuid(), source: fundSource, amountFen: fen.positive() }),
});

export const fundTransferred = defineEvent({
  name: 'funding.fund.transferred',
  version: 1,
  description: 'Uncommitted money moved from one fund to another.',
  schema: z.object({ transactionId: z.uuid(), fromFundId: z.uuid(), toFundId: z.uuid(), amountFen: fen.positive() }),
});

// --- programmes and venture-philanthropy rounds --------------------------------------------------

export const programmeCreated = defineEvent({
  name: 'funding.programme.created',
  version: 1,
  description: 'A programme (purchase of services, venture philanthropy, micro-fund …) was set up on a fund with a budget.',
  schema: z.object({
    programmeId: z.uuid(),
    fundId: z.uuid(),
    name: z.string().min(1),
    kind: programmeKind,
    budgetFen: fen,
    ownerRegionCode: regionCode.nullable(),
  }),
});

export const catalogueItemAdded = defineEvent({
  name: 'funding.catalogue-item.added',
  version: 1,
  description: 'A purchasable service was added to a purchase-of-services catalogue (政府购买服务目录).',
  schema: z.object({ programmeId: z.uuid(), catalogueItemId: z.uuid(), code: z.string().min(1), name: z.string().min(1), ceilingFen: fen.nullable() }),
});

export const fundingRoundOpened = defineEvent({
  name: 'funding.funding-round.opened',
  version: 1,
  description: 'A venture-philanthropy round (公益创投) opened its call for applications.',
  schema: z.object({ roundId: z.uuid(), programmeId: z.uuid(), title: z.string().min(1), budgetFen: fen.positive(), closesOn: isoDate.nullable() }),
});

export const fundingRoundCallClosed = defineEvent({
  name: 'funding.funding-round.call-closed',
  version: 1,
  description: 'A round stopped taking applications; review begins.',
  schema: z.object({ roundId: z.uuid(), applicationCount: z.number().int().nonnegative() }),
});

export const fundingRoundConcluded = defineEvent({
  name: 'funding.funding-round.concluded',
  version: 1,
  description: 'A round finished awarding; applications not awarded were declined.',
  schema: z.object({ roundId: z.uuid(), awardedCount: z.number().int().nonnegative(), awardedFen: fen, declinedCount: z.number().int().nonnegative() }),
});

export const reviewerRegistered = defineEvent({
  name: 'funding.reviewer.registered',
  version: 1,
  description: 'A reviewer joined the pool (the name stays in funding).',
  schema: z.object({ reviewerId: z.uuid(), linkedOrganizationIds: z.array(z.uuid()) }),
});

export const applicationSubmitted = defineEvent({
  name: 'funding.application.submitted',
  version: 1,
  description: 'An eligible organization applied to a round.',
  schema: z.object({ applicationId: z.uuid(), roundId: z.uuid(), organizationId: z.uuid(), communityCode, requestedFen: fen.positive() }),
});

export const applicationReviewed = defineEvent({
  name: 'funding.application.reviewed',
  version: 1,
  description: 'A reviewer scored an application. Scores stay in funding; `excluded` says the review does not count (conflict of interest).',
  schema: z.object({ applicationId: z.uuid(), roundId: z.uuid(), reviewerId: z.uuid(), excluded: z.boolean() }),
});

export const applicationDeclined = defineEvent({
  name: 'funding.application.declined',
  version: 1,
  description: 'An application was declined: by decision, or because its round concluded without awarding it.',
  schema: z.object({ applicationId: z.uuid(), roundId: z.uuid(), organizationId: z.uuid(), reason: z.enum(['rejected', 'not_awarded']) }),
});

// --- grants and tranches -------------------------------------------------------------------------

export const grantStatus = z.enum(['active', 'suspended', 'completed', 'terminated']);

export const trancheMilestoneMet = defineEvent({
  name: 'funding.tranche.milestone-met',
  version: 1,
  description: 'The milestone a tranche is tied to was confirmed; the tranche may be paid.',
  schema: z.object({ grantId: z.uuid(), trancheId: z.uuid(), seq: z.number().int().positive() }),
});

export const tranchePaid = defineEvent({
  name: 'funding.tranche.paid',
  version: 1,
  description: 'A tranche (拨付) of a grant was paid to the grantee.',
  schema: z.object({
    grantId: z.uuid(),
    trancheId: z.uuid(),
    seq: z.number().int().positive(),
    amountFen: fen.positive(),
    transactionId: z.uuid(),
    organizationId: z.uuid().nullable(),
    communityCode,
  }),
});

export const grantRefunded = defineEvent({
  name: 'funding.grant.refunded',
  version: 1,
  description: 'A grantee returned paid money to the fund.',
  schema: z.object({ grantId: z.uuid(), fundId: z.uuid(), amountFen: fen.positive(), transactionId: z.uuid() }),
});

export const grantSuspended = defineEvent({
  name: 'funding.grant.suspended',
  version: 1,
  description: 'A grant stopped paying because its organization was suspended or deregistered; its pending tranches are suspended.',
  schema: z.object({
    grantId: z.uuid(),
    organizationId: z.uuid(),
    reason: z.enum(['organization_suspended', 'organization_deregistered']),
    suspendedTrancheIds: z.array(z.uuid()),
  }),
});

export const grantResumed = defineEvent({
  name: 'funding.grant.resumed',
  version: 1,
  description: 'A grant suspended with its organization resumed when the organization was reinstated.',
  schema: z.object({ grantId: z.uuid(), organizationId: z.uuid(), resumedTrancheIds: z.array(z.uuid()) }),
});

export const grantTerminated = defineEvent({
  name: 'funding.grant.terminated',
  version: 1,
  description: 'A grant ended early; the money not yet paid went back to its fund.',
  schema: z.object({ grantId: z.uuid(), reason: z.enum(['evaluation_failed', 'terminated']), releasedFen: fen, transactionId: z.uuid().nullable() }),
});

export const grantEvaluated = defineEvent({
  name: 'funding.grant.evaluated',
  version: 1,
  description: 'The final evaluation (结项评估) of a grant was recorded.',
  schema: z.object({ grantId: z.uuid(), score: z.number().int().min(0).max(100), rating: z.enum(['excellent', 'good', 'pass', 'fail']) }),
});

export const grantCompleted = defineEvent({
  name: 'funding.grant.completed',
  version: 1,
  description: 'Every tranche of a grant was paid and its final evaluation passed.',
  schema: z.object({ grantId: z.uuid(), paidFen: fen }),
});

// --- micro-funds -----------------------------------------------------------------------------------

export const microWishPledged = defineEvent({
  name: 'funding.micro-wish.pledged',
  version: 1,
  description: 'A micro-fund (微基金) reserved money for a micro-wish (微心愿); it is spent when the wish is fulfilled.',
  schema: z.object({ pledgeId: z.uuid(), fundId: z.uuid(), microWishId: z.uuid(), communityCode, amountFen: fen.positive() }),
});

export const microWishSpent = defineEvent({
  name: 'funding.micro-wish.spent',
  version: 1,
  description: 'A fulfilled micro-wish was booked against the micro-fund that pledged for it.',
  schema: z.object({
    pledgeId: z.uuid(),
    fundId: z.uuid(),
    microWishId: z.uuid(),
    needId: z.uuid(),
    communityCode,
    amountFen: fen.positive(),
    transactionId: z.uuid(),
  }),
});

export const microWishPledgeCancelled = defineEvent({
  name: 'funding.micro-wish.pledge-cancelled',
  version: 1,
  description: 'A micro-wish pledge was withdrawn; its money went back to the micro-fund.',
  schema: z.object({ pledgeId: z.uuid(), fundId: z.uuid(), microWishId: z.uuid(), releasedFen: fen.positive() }),
});
