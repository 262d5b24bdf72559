import type { CommunityResolvers } from '../generated/resolvers-types.ts';
import { listCommunityOrganizations } from '../domain/organization-store.ts';

export const Community: CommunityResolvers = {
  // Any code is a valid reference here: self-governance decides whether the community exists.
  __resolveReference: (ref) => ({ code: ref.code }),
  organizations: (community, args, { db }) =>
    listCommunityOrganizations(db, community.code, { ...args, track: args.track ? (args.track.toLowerCase() as 'filed' | 'registered') : null }),
};
