import type { CommunityResolvers } from '../generated/resolvers-types.ts';
import type { OrganizationState } from '../db/schema.ts';
import { listCommunityOrganizations } from '../domain/organization-store.ts';
import { lowerOrNull } from './enums.ts';

export const Community: CommunityResolvers = {
  // Any code is a valid reference here: self-governance decides whether the community exists.
  __resolveReference: (ref) => ({ code: ref.code }),
  organizations: (community, args, { db }) =>
    listCommunityOrganizations(db, community.code, {
      first: args.first,
      after: args.after,
      track: lowerOrNull<'filed' | 'registered'>(args.track),
      state: lowerOrNull<OrganizationState>(args.state),
    }),
};
