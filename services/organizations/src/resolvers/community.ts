import type { CommunityResolvers } from '../generated/resolvers-types.ts';
import type { OrganizationState } from '../db/schema.ts';
import { listCommunityOrganizations } from '../domain/organization-store.ts';
import { visibleOrganizations } from '../authorization.ts';
import { lowerOrNull } from './enums.ts';

export const Community: CommunityResolvers = {
  // Any code is a valid reference here: self-governance decides whether the community exists.
  __resolveReference: (ref) => ({ code: ref.code }),
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
