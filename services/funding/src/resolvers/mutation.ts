import type { MutationResolvers } from '../generated/resolvers-types.ts';
import {
  applicationRegion,
  auditMutation,
  authorizeCaller,
  authorizeWrite,
  DISTRICT_WIDE,
  fundRegion,
  grantRegions,
  organizationCommunity,
  pledgeRegions,
  programmeRegion,
  roundRegion,
  trancheGrant,
  type MutationName,
  type WriteTarget,
} from '../authorization.ts';
import type { Context, Db, Tx } from '../context.ts';
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

/**
 * Every mutation runs as one transaction: the caller's role is checked before anything is read;
 * then, as the transaction's first step, the target regions are read and the scope checked; the
 * domain function runs inside it (its own transaction becomes a savepoint of this one — same locks,
 * same events); the audit line is appended last, so it exists exactly when the change does.
 */
async function guarded<Row>(
  ctx: Context,
  mutation: MutationName,
  targets: (tx: Tx) => Promise<WriteTarget[]>,
  run: (db: Db) => Promise<Row>,
  audit: (row: Row) => { entityId: string; details?: Record<string, unknown> },
): Promise<Row> {
  authorizeCaller(ctx.identity, mutation);
  return ctx.db.transaction(async (tx) => {
    const where = await targets(tx);
    authorizeWrite(ctx.identity, mutation, where);
    const row = await run(tx as unknown as Db);
    const { entityId, details } = audit(row);
    await auditMutation(tx, ctx.identity, mutation, entityId, { ...details, regions: where.map((t) => t.regionCode) });
    return row;
  });
}

const noTargets = async (): Promise<WriteTarget[]> => [];
const programmeTarget = async (tx: Tx, programmeId: string, field: string): Promise<WriteTarget[]> => [{ regionCode: await programmeRegion(tx, programmeId), field }];
const grantProgrammeTarget = async (tx: Tx, grantId: string, field: string): Promise<WriteTarget[]> => [{ regionCode: (await grantRegions(tx, grantId)).programme, field }];
const byId = (row: { id: string }) => ({ entityId: row.id });

/** Thin: translate GraphQL enums, authorize, call the domain, which validates, writes and records events. */
export const Mutation: MutationResolvers = {
  createFund: (_root, { input }, ctx) =>
    guarded(
      ctx,
      'createFund',
      async () => [{ regionCode: input.regionCode ?? DISTRICT_WIDE, field: 'input.regionCode' }],
      (db) => createFund(db, { ...input, source: fromGraphql(input.source), purpose: optionalFromGraphql(input.purpose) ?? 'general' }),
      byId,
    ),
  depositToFund: (_root, { input }, ctx) =>
    guarded(
      ctx,
      'depositToFund',
      async (tx) => [{ regionCode: await fundRegion(tx, input.fundId), field: 'input.fundId' }],
      (db) => depositToFund(db, input),
      (t) => ({ entityId: input.fundId, details: { transactionId: t.id } }),
    ),
  transferBetweenFunds: (_root, { input }, ctx) =>
    guarded(
      ctx,
      'transferBetweenFunds',
      async (tx) => [
        { regionCode: await fundRegion(tx, input.fromFundId), field: 'input.fromFundId' },
        { regionCode: await fundRegion(tx, input.toFundId), field: 'input.toFundId' },
      ],
      (db) => transferBetweenFunds(db, input),
      (t) => ({ entityId: input.fromFundId, details: { transactionId: t.id, toFundId: input.toFundId } }),
    ),
  createProgramme: (_root, { input }, ctx) =>
    guarded(
      ctx,
      'createProgramme',
      async (tx) => [
        { regionCode: input.ownerRegionCode ?? DISTRICT_WIDE, field: 'input.ownerRegionCode' },
        ...(input.fundId ? [{ regionCode: await fundRegion(tx, input.fundId), field: 'input.fundId' }] : []),
      ],
      (db) => createProgramme(db, { ...input, kind: fromGraphql(input.kind), fundSource: optionalFromGraphql(input.fundSource) }),
      byId,
    ),
  addCatalogueItem: (_root, { input }, ctx) =>
    guarded(
      ctx,
      'addCatalogueItem',
      (tx) => programmeTarget(tx, input.programmeId, 'input.programmeId'),
      (db) => addCatalogueItem(db, input),
      (item) => ({ entityId: input.programmeId, details: { catalogueItemId: item.id } }),
    ),
  openFundingRound: (_root, { input }, ctx) =>
    guarded(
      ctx,
      'openFundingRound',
      (tx) => programmeTarget(tx, input.programmeId, 'input.programmeId'),
      (db) =>
        openFundingRound(db, {
          ...input,
          eligibility: (input.eligibility ?? []).map((r) => ({ ...r, kind: fromGraphql(r.kind) })),
          eligibilityMode: optionalFromGraphql(input.eligibilityMode),
        }),
      byId,
    ),
  closeFundingRoundCall: (_root, { roundId }, ctx) =>
    guarded(ctx, 'closeFundingRoundCall', async (tx) => [{ regionCode: await roundRegion(tx, roundId), field: 'roundId' }], (db) => closeFundingRoundCall(db, roundId), byId),
  concludeFundingRound: (_root, { roundId }, ctx) =>
    guarded(ctx, 'concludeFundingRound', async (tx) => [{ regionCode: await roundRegion(tx, roundId), field: 'roundId' }], (db) => concludeFundingRound(db, roundId), byId),
  registerReviewer: (_root, { input }, ctx) => guarded(ctx, 'registerReviewer', noTargets, (db) => registerReviewer(db, input), byId),
  submitApplication: (_root, { input }, ctx) =>
    guarded(
      ctx,
      'submitApplication',
      async (tx) => [
        {
          regionCode: input.communityCode ?? (await organizationCommunity(tx, input.organizationId)),
          organizationId: input.organizationId,
          field: input.communityCode ? 'input.communityCode' : 'input.organizationId',
        },
      ],
      (db) => submitApplication(db, input),
      (a) => ({ entityId: a.id, details: { organizationId: a.organizationId, communityCode: a.communityCode } }),
    ),
  reviewApplication: async (_root, { input }, ctx) => {
    const review = await guarded(
      ctx,
      'reviewApplication',
      async (tx) => [{ regionCode: await applicationRegion(tx, input.applicationId), field: 'input.applicationId' }],
      (db) => reviewApplication(db, input),
      (r) => ({ entityId: r.applicationId, details: { reviewerId: r.reviewerId } }),
    );
    return (await ctx.loaders.application.load(review.applicationId))!;
  },
  rejectApplication: (_root, { applicationId }, ctx) =>
    guarded(
      ctx,
      'rejectApplication',
      async (tx) => [{ regionCode: await applicationRegion(tx, applicationId), field: 'applicationId' }],
      (db) => rejectApplication(db, applicationId),
      byId,
    ),
  awardApplication: (_root, { input }, ctx) =>
    guarded(
      ctx,
      'awardApplication',
      async (tx) => [{ regionCode: await applicationRegion(tx, input.applicationId), field: 'input.applicationId' }],
      (db) => awardApplication(db, input),
      (g) => ({ entityId: g.id, details: { applicationId: input.applicationId, amountFen: g.amountFen } }),
    ),
  awardGrant: (_root, { input }, ctx) =>
    guarded(
      ctx,
      'awardGrant',
      async (tx) => [...(await programmeTarget(tx, input.programmeId, 'input.programmeId')), { regionCode: input.communityCode, field: 'input.communityCode' }],
      (db) => awardGrant(db, { ...input, organizationId: input.organizationId ?? null }),
      (g) => ({ entityId: g.id, details: { programmeId: g.programmeId, amountFen: g.amountFen } }),
    ),
  reportMilestone: (_root, { trancheId }, ctx) =>
    guarded(
      ctx,
      'reportMilestone',
      async (tx) => {
        const grantId = await trancheGrant(tx, trancheId);
        return [{ regionCode: grantId ? (await grantRegions(tx, grantId)).community : DISTRICT_WIDE, field: 'trancheId' }];
      },
      (db) => reportMilestone(db, trancheId),
      (t) => ({ entityId: t.grantId, details: { trancheId: t.id } }),
    ),
  payTranche: (_root, { trancheId }, ctx) =>
    guarded(
      ctx,
      'payTranche',
      async (tx) => {
        const grantId = await trancheGrant(tx, trancheId);
        return [{ regionCode: grantId ? (await grantRegions(tx, grantId)).programme : DISTRICT_WIDE, field: 'trancheId' }];
      },
      (db) => payTranche(db, trancheId),
      (t) => ({ entityId: t.grantId, details: { trancheId: t.id, amountFen: t.amountFen } }),
    ),
  evaluateGrant: (_root, { input }, ctx) =>
    guarded(ctx, 'evaluateGrant', (tx) => grantProgrammeTarget(tx, input.grantId, 'input.grantId'), (db) => evaluateGrant(db, input), byId),
  terminateGrant: (_root, { input }, ctx) =>
    guarded(ctx, 'terminateGrant', (tx) => grantProgrammeTarget(tx, input.grantId, 'input.grantId'), (db) => terminateGrant(db, input), byId),
  refundGrant: (_root, { input }, ctx) =>
    guarded(
      ctx,
      'refundGrant',
      (tx) => grantProgrammeTarget(tx, input.grantId, 'input.grantId'),
      (db) => refundGrant(db, input),
      (g) => ({ entityId: g.id, details: { amountFen: input.amountFen } }),
    ),
  pledgeMicroWish: (_root, { input }, ctx) =>
    guarded(
      ctx,
      'pledgeMicroWish',
      async (tx) => [
        { regionCode: await fundRegion(tx, input.fundId), field: 'input.fundId' },
        { regionCode: input.communityCode, field: 'input.communityCode' },
      ],
      (db) => pledgeMicroWish(db, input),
      (p) => ({ entityId: p.id, details: { microWishId: p.microWishId, amountFen: p.amountFen } }),
    ),
  cancelMicroWishPledge: (_root, { pledgeId }, ctx) =>
    guarded(
      ctx,
      'cancelMicroWishPledge',
      async (tx) => {
        const where = await pledgeRegions(tx, pledgeId);
        return [
          { regionCode: where.fund, field: 'pledgeId' },
          { regionCode: where.community, field: 'pledgeId' },
        ];
      },
      (db) => cancelMicroWishPledge(db, pledgeId),
      byId,
    ),
};
