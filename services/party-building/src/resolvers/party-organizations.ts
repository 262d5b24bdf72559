import type { Resolvers } from '../generated/resolvers-types.ts';
import { foundPartyOrganization } from '../domain/party-store.ts';
import { listPartyOrganizations } from '../domain/party-lists.ts';
import { updatePartyMembership } from '../domain/membership-store.ts';
import { partyMemberCount } from '../domain/membership.ts';
import { parseRegionCode } from '../domain/region-scope.ts';
import { fromKind, fromReason, toKind } from './enums.ts';
import { mayReadPartyInternal } from '../authorization.ts';

export function partyOrganizationResolvers(options: { jointBranchSubsidyFen: number }): Resolvers {
  return {
    Query: {
      partyOrganization: (_root, { id }, { loaders }) => loaders.partyOrganization.load(id),
      partyOrganizations: (_root, args, { db, identity }) =>
        listPartyOrganizations(
          db,
          identity,
          {
            regionCode: parseRegionCode(args.regionCode).code,
            kind: args.kind ? toKind(args.kind) : null,
            parentId: args.parentId,
            needsReorganisation: args.needsReorganisation,
          },
          args,
        ),
    },
    Mutation: {
      foundPartyOrganization: (_root, { input }, { db, identity }) =>
        foundPartyOrganization(
          db,
          identity,
          {
            name: input.name,
            kind: toKind(input.kind),
            regionCode: input.regionCode,
            parentId: input.parentId ?? null,
            fullMembers: input.fullMembers,
            probationaryMembers: input.probationaryMembers ?? 0,
            organizationIds: input.organizationIds ?? [],
            foundedOn: input.foundedOn ?? null,
          },
          options,
        ),
      updatePartyMembership: (_root, { id, fullMembers, probationaryMembers }, { db, identity }) =>
        updatePartyMembership(db, identity, id, { fullMembers, probationaryMembers }),
    },
    PartyOrganization: {
      __resolveReference: (ref, { loaders }) => loaders.partyOrganization.load(ref.id),
      kind: (row) => fromKind(row.kind),
      community: (row) => (row.regionCode.length === 12 ? { code: row.regionCode } : null),
      parent: (row, _args, { loaders }) => (row.parentId ? loaders.partyOrganization.load(row.parentId) : null),
      partyMembers: (row) => partyMemberCount(row),
      coveredOrganizations: async (row, _args, { loaders }) => (await loaders.coveredBy.load(row.id)).map((id) => ({ id })),
      // Party-internal (src/authorization.ts): government staff within scope; null for everyone else.
      needsReorganisation: (row, _args, { identity }) => (mayReadPartyInternal(identity, row.regionCode) ? row.reorganisationReasons.length > 0 : null),
      reorganisationReasons: (row, _args, { identity }) =>
        mayReadPartyInternal(identity, row.regionCode) ? row.reorganisationReasons.map(fromReason) : null,
      reorganisationFlaggedAt: (row, _args, { identity }) =>
        mayReadPartyInternal(identity, row.regionCode) ? (row.reorganisationFlaggedAt?.toISOString() ?? null) : null,
      // Party-internal: filtered out (an empty list) for callers outside the organization's region.
      dues: async (row, { year }, { loaders, identity }) => {
        if (!mayReadPartyInternal(identity, row.regionCode)) return [];
        const all = await loaders.duesOf.load(row.id);
        return year == null ? all : all.filter((d) => d.year === year);
      },
      foundedAt: (row) => row.foundedAt.toISOString(),
    },
    Organization: {
      __resolveReference: (ref) => ({ id: ref.id }),
      partyOrganization: (org, _args, { loaders }) => loaders.coveringOf.load(org.id),
    },
  };
}
