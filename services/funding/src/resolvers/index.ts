import type { ProgrammeKind, Resolvers } from '../generated/resolvers-types.ts';
import { awardGrant, createProgramme, grantsOfCommunity, grantsOfProgramme } from '../domain/grant-store.ts';
import type { ProgrammeRow } from '../db/schema.ts';
import { Fen } from './fen-scalar.ts';

export const resolvers: Resolvers = {
  Fen,
  Query: {
    programme: (_root, { id }, { loaders }) => loaders.programme.load(id),
    grant: (_root, { id }, { loaders }) => loaders.grant.load(id),
  },
  Mutation: {
    createProgramme: (_root, { input }, { db }) =>
      createProgramme(db, { ...input, kind: input.kind.toLowerCase() as ProgrammeRow['kind'] }),
    awardGrant: (_root, { input }, { db }) => awardGrant(db, { ...input, organizationId: input.organizationId ?? null }),
  },
  Programme: {
    __resolveReference: (ref, { loaders }) => loaders.programme.load(ref.id),
    kind: (row) => row.kind.toUpperCase() as ProgrammeKind,
    awardedFen: (row, _args, { loaders }) => loaders.programmeAwarded.load(row.id),
    grants: (row, args, { db }) => grantsOfProgramme(db, row.id, args),
    createdAt: (row) => row.createdAt.toISOString(),
  },
  Grant: {
    __resolveReference: (ref, { loaders }) => loaders.grant.load(ref.id),
    programme: async (row, _args, { loaders }) => (await loaders.programme.load(row.programmeId))!,
    community: (row) => ({ code: row.communityCode }),
    organization: (row) => (row.organizationId ? { id: row.organizationId } : null),
    awardedAt: (row) => row.awardedAt.toISOString(),
  },
  Community: {
    __resolveReference: (ref) => ({ code: ref.code }),
    funding: (community) => ({ code: community.code }),
  },
  CommunityFunding: {
    awardedFen: async (c, _args, { loaders }) => (await loaders.communityTotals.load(c.code)).awardedFen,
    grantCount: async (c, _args, { loaders }) => (await loaders.communityTotals.load(c.code)).grantCount,
    subsidiesPaidFen: async (c, _args, { loaders }) => (await loaders.communityTotals.load(c.code)).subsidiesPaidFen,
    grants: (c, args, { db }) => grantsOfCommunity(db, c.code, args),
  },
};
