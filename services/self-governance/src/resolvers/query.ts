import type { QueryResolvers } from '../generated/resolvers-types.ts';
import { listCommunities } from '../domain/region-store.ts';
import { loadCommunity } from './community.ts';

export const Query: QueryResolvers = {
  community: (_root, { code }, { loaders }) => loadCommunity(loaders, code),
  region: (_root, { code }, { loaders }) => loaders.region.load(code),
  communities: (_root, args, { db }) => listCommunities(db, args),
};
