import type { MutationResolvers } from '../generated/resolvers-types.ts';
import { rejectApplication, submitApplication } from '../domain/application-store.ts';
import { awardApplication } from '../domain/award-application.ts';
import { createFund, depositToFund, transferBetweenFunds } from '../domain/fund-store.ts';
import { awardGrant } from '../domain/grant-award.ts';
import { evaluateGrant, refundGrant, terminateGrant } from '../domain/grant-lifecycle.ts';
import { cancelMicroWishPledge, pledgeMicroWish } from '../domain/micro-wish-store.ts';
import { addCatalogueItem, createProgramme } from '../domain/programme-store.ts';
import { registerReviewer, reviewApplication } from '../domain/review-store.ts';
import { closeFundingRoundCall, concludeFundingRound, openFundingRound } from '../domain/round-store.ts';
import { payTranche, reportMilestone } from '../domain/tranche-store.ts';
import { fromGraphql, optionalFromGraphql } from './enums.ts';

/** Thin: translate GraphQL enums, call the domain, which validates, writes and records events in one transaction. */
export const Mutation: MutationResolvers = {
  createFund: (_root, { input }, { db }) =>
    createFund(db, { ...input, source: fromGraphql(input.source), purpose: optionalFromGraphql(input.purpose) ?? 'general' }),
  depositToFund: (_root, { input }, { db }) => depositToFund(db, input),
  transferBetweenFunds: (_root, { input }, { db }) => transferBetweenFunds(db, input),
  createProgramme: (_root, { input }, { db }) =>
    createProgramme(db, { ...input, kind: fromGraphql(input.kind), fundSource: optionalFromGraphql(input.fundSource) }),
  addCatalogueItem: (_root, { input }, { db }) => addCatalogueItem(db, input),
  openFundingRound: (_root, { input }, { db }) =>
    openFundingRound(db, {
      ...input,
      eligibility: (input.eligibility ?? []).map((r) => ({ ...r, kind: fromGraphql(r.kind) })),
      eligibilityMode: optionalFromGraphql(input.eligibilityMode),
    }),
  closeFundingRoundCall: (_root, { roundId }, { db }) => closeFundingRoundCall(db, roundId),
  concludeFundingRound: (_root, { roundId }, { db }) => concludeFundingRound(db, roundId),
  registerReviewer: (_root, { input }, { db }) => registerReviewer(db, input),
  submitApplication: (_root, { input }, { db }) => submitApplication(db, input),
  reviewApplication: async (_root, { input }, { db, loaders }) => {
    const review = await reviewApplication(db, input);
    return (await loaders.application.load(review.applicationId))!;
  },
  rejectApplication: (_root, { applicationId }, { db }) => rejectApplication(db, applicationId),
  awardApplication: (_root, { input }, { db }) => awardApplication(db, input),
  awardGrant: (_root, { input }, { db }) => awardGrant(db, { ...input, organizationId: input.organizationId ?? null }),
  reportMilestone: (_root, { trancheId }, { db }) => reportMilestone(db, trancheId),
  payTranche: (_root, { trancheId }, { db }) => payTranche(db, trancheId),
  evaluateGrant: (_root, { input }, { db }) => evaluateGrant(db, input),
  terminateGrant: (_root, { input }, { db }) => terminateGrant(db, input),
  refundGrant: (_root, { input }, { db }) => refundGrant(db, input),
  pledgeMicroWish: (_root, { input }, { db }) => pledgeMicroWish(db, input),
  cancelMicroWishPledge: (_root, { pledgeId }, { db }) => cancelMicroWishPledge(db, pledgeId),
};
