import type { GrantEvaluationResolvers, GrantResolvers, MicroWishPledgeResolvers, TrancheResolvers } from '../generated/resolvers-types.ts';
import { listLedger } from '../domain/ledger/ledger-list.ts';
import { mayReadApplication, mayReadInternal } from '../authorization.ts';
import { emptyConnection } from './empty-connection.ts';
import { iso, isoOrNull, toGraphql } from './enums.ts';

export const Grant: GrantResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.grant.load(ref.id),
  programme: async (g, _a, { loaders }) => (await loaders.programme.load(g.programmeId))!,
  fund: async (g, _a, { loaders }) => (await loaders.fund.load(g.fundId))!,
  round: (g, _a, { loaders }) => (g.roundId ? loaders.round.load(g.roundId) : null),
  application: async (g, _a, { loaders, identity }) => {
    const application = g.applicationId ? await loaders.application.load(g.applicationId) : null;
    return application && mayReadApplication(identity, application) ? application : null;
  },
  catalogueItem: (g, _a, { loaders }) => (g.catalogueItemId ? loaders.catalogueItem.load(g.catalogueItemId) : null),
  paidFen: async (g, _a, { loaders }) => (await loaders.grantMoney.load(g.id)).paidFen,
  payableFen: async (g, _a, { loaders }) => (await loaders.grantMoney.load(g.id)).payableFen,
  status: (g) => toGraphql(g.status),
  suspensionReason: (g) => (g.suspensionReason ? toGraphql(g.suspensionReason) : null),
  community: (g) => ({ code: g.communityCode }),
  organization: (g) => (g.organizationId ? { id: g.organizationId } : null),
  tranches: (g, _a, { loaders }) => loaders.schedule.load(g.id),
  evaluation: (g, _a, { loaders }) => loaders.evaluation.load(g.id),
  ledger: (g, page, { db, identity }) => (mayReadInternal(identity, g.communityCode) ? listLedger(db, { grantId: g.id }, page) : emptyConnection()),
  awardedAt: (g) => iso(g.awardedAt),
};

export const Tranche: TrancheResolvers = {
  grant: async (t, _a, { loaders }) => (await loaders.grant.load(t.grantId))!,
  status: (t) => toGraphql(t.status),
  milestoneMetAt: (t) => isoOrNull(t.milestoneMetAt),
  paidAt: (t) => isoOrNull(t.paidAt),
};

export const GrantEvaluation: GrantEvaluationResolvers = {
  rating: (e) => toGraphql(e.rating),
  evaluatedAt: (e) => iso(e.evaluatedAt),
};

export const MicroWishPledge: MicroWishPledgeResolvers = {
  fund: async (p, _a, { loaders }) => (await loaders.fund.load(p.fundId))!,
  community: (p) => ({ code: p.communityCode }),
  status: (p) => toGraphql(p.status),
  pledgedAt: (p) => iso(p.pledgedAt),
  spentAt: (p) => isoOrNull(p.spentAt),
};
