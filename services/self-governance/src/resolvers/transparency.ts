import type { Resolvers } from '../generated/resolvers-types.ts';
import { responsesOf, satisfactionRate, satisfactionScore } from '../domain/evaluation-store.ts';
import { toGraph } from '../domain/validation.ts';
import { mayReadDisclosure, visibleOrNull } from '../read-access.ts';
import { communityOf, iso, required } from './shared.ts';

/** 阳光五务 disclosures and 两评 / satisfaction evaluations. */
export const transparencyResolvers: Resolvers = {
  Disclosure: {
    __resolveReference: async (ref, { loaders, identity }) => visibleOrNull(await loaders.disclosure.load(ref.id), (r) => mayReadDisclosure(identity, r)),
    community: (row, _args, { loaders }) => communityOf(loaders, row.communityCode),
    category: (row) => toGraph(row.category),
    status: (row) => toGraph(row.status),
    publishedAt: (row) => row.publishedAt.toISOString(),
    withdrawnAt: (row) => iso(row.withdrawnAt),
  },
  DisclosureCoverage: {
    disclosed: (c) => c.disclosed.map(toGraph),
    missing: (c) => c.missing.map(toGraph),
    complete: (c) => c.missing.length === 0,
  },
  CommunityEvaluation: {
    __resolveReference: (ref, { loaders }) => loaders.evaluation.load(ref.id),
    kind: (row) => toGraph(row.kind),
    community: (row, _args, { loaders }) => communityOf(loaders, row.communityCode),
    street: (row, _args, { loaders }) => required(loaders.region.load(row.streetCode), 'street'),
    committee: (row, _args, { loaders }) => (row.committeeId ? loaders.committee.load(row.committeeId) : null),
    responses: (row) => responsesOf(row),
    satisfactionRate: (row) => satisfactionRate(row),
    score: (row) => satisfactionScore(row),
    recordedAt: (row) => row.recordedAt.toISOString(),
  },
};
