import type { CommunityResolvers } from '../generated/resolvers-types.ts';
import type { OrganizationState } from '../db/schema.ts';
import { listCommunityOrganizations } from '../domain/organization-store.ts';
import { visibleOrganizations } from '../authorization.ts';
import { lowerOrNull } from './enums.ts';

export const Community: CommunityResolvers = {
  // Any code is a valid reference here: self-governance decides whether the community exists.
  __resolveReference: (ref) => ({ code: ref.code }),
  /**
   * Asked only under Organization.community, which @provides it: the gateway takes the name from
   * here instead of asking self-governance. Every organization's community was checked against the
   * region copy when it was written (requireCommunity), and renames reach the copy as events, so
   * the name is there; a copy that lost it is a fault, reported as one rather than answered wrongly.
   */
  name: async (community, _args, { loaders }) => {
    const name = await loaders.regionName.load(community.code);
    if (name === null) throw new Error(`community ${community.code} is missing from the region copy`);
    return name;
  },
  // Organizations still preparing count and list only for callers who may see them.
  organizations: (community, args, { db, identity }) =>
    listCommunityOrganizations(
      db,
      community.code,
      {
        first: args.first,
        after: args.after,
        track: lowerOrNull<'filed' | 'registered'>(args.track),
        state: lowerOrNull<OrganizationState>(args.state),
      },
      visibleOrganizations(identity),
    ),
};
