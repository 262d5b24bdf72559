import type { PartyOrganizationKind, Resolvers } from '../generated/resolvers-types.ts';
import { foundPartyOrganization, listByRegion } from '../domain/party-store.ts';
import type { PartyKind } from '../domain/party-rules.ts';

export function createResolvers(options: { jointBranchSubsidyFen: number }): Resolvers {
  return {
    Query: {
      partyOrganization: (_root, { id }, { loaders }) => loaders.partyOrganization.load(id),
    },
    Mutation: {
      foundPartyOrganization: (_root, { input }, { db }) =>
        foundPartyOrganization(
          db,
          {
            name: input.name,
            kind: input.kind.toLowerCase() as PartyKind,
            regionCode: input.regionCode,
            parentId: input.parentId ?? null,
            fullMembers: input.fullMembers,
            probationaryMembers: input.probationaryMembers ?? 0,
            organizationIds: input.organizationIds ?? [],
          },
          options,
        ),
    },
    PartyOrganization: {
      __resolveReference: (ref, { loaders }) => loaders.partyOrganization.load(ref.id),
      kind: (row) => row.kind.toUpperCase() as PartyOrganizationKind,
      community: (row) => (row.regionCode.length === 12 ? { code: row.regionCode } : null),
      parent: (row, _args, { loaders }) => (row.parentId ? loaders.partyOrganization.load(row.parentId) : null),
      coveredOrganizations: async (row, _args, { loaders }) => (await loaders.coveredBy.load(row.id)).map((id) => ({ id })),
      foundedAt: (row) => row.foundedAt.toISOString(),
    },
    Community: {
      __resolveReference: (ref) => ({ code: ref.code }),
      partyOrganizations: (community, args, { db }) => listByRegion(db, community.code, args),
    },
    Organization: {
      __resolveReference: (ref) => ({ id: ref.id }),
      partyOrganization: (org, _args, { loaders }) => loaders.coveringOf.load(org.id),
    },
  };
}
