import type { ProgrammeResolvers, CatalogueItemResolvers, FundingRoundResolvers, EligibilityRuleResolvers } from '../generated/resolvers-types.ts';
import { listApplications } from '../domain/application-store.ts';
import { listGrants } from '../domain/grant-list.ts';
import { listCatalogue } from '../domain/programme-store.ts';
import { listRounds } from '../domain/round-store.ts';
import { visibleApplications } from '../authorization.ts';
import { applications } from '../db/programme-tables.ts';
import { iso, optionalFromGraphql, toGraphql } from './enums.ts';

export const Programme: ProgrammeResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.programme.load(ref.id),
  kind: (p) => toGraphql(p.kind),
  awardedFen: async (p, _a, { loaders }) => (await loaders.programmeMoney.load(p.id)).awardedFen,
  remainingBudgetFen: async (p, _a, { loaders }) => Math.max(p.budgetFen - (await loaders.programmeMoney.load(p.id)).committedFen, 0),
  paidFen: async (p, _a, { loaders }) => (await loaders.programmeMoney.load(p.id)).paidFen,
  fund: async (p, _a, { loaders }) => (await loaders.fund.load(p.fundId))!,
  catalogue: (p, page, { db }) => listCatalogue(db, p.id, page),
  rounds: (p, { status, ...page }, { db }) => listRounds(db, { programmeId: p.id, status: optionalFromGraphql(status) }, page),
  grants: (p, { status, communityCode, ...page }, { db }) => listGrants(db, { programmeId: p.id, communityCode, status: optionalFromGraphql(status) }, page),
  createdAt: (p) => iso(p.createdAt),
};

export const CatalogueItem: CatalogueItemResolvers = {
  programme: async (i, _a, { loaders }) => (await loaders.programme.load(i.programmeId))!,
};

export const FundingRound: FundingRoundResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.round.load(ref.id),
  programme: async (r, _a, { loaders }) => (await loaders.programme.load(r.programmeId))!,
  committedFen: (r, _a, { loaders }) => loaders.roundCommitted.load(r.id),
  status: (r) => toGraphql(r.status),
  eligibilityMode: (r) => toGraphql(r.eligibilityMode),
  applications: (r, { status, ...page }, { db, identity }) =>
    listApplications(db, { roundId: r.id, status: optionalFromGraphql(status), visible: visibleApplications(identity, applications.communityCode, applications.organizationId) }, page),
  createdAt: (r) => iso(r.createdAt),
};

export const EligibilityRule: EligibilityRuleResolvers = {
  kind: (r) => toGraphql(r.kind),
  minGrade: (r) => r.minGrade ?? null,
  streetCode: (r) => r.streetCode ?? null,
};
