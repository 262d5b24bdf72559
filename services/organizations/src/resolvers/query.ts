import type { QueryResolvers } from '../generated/resolvers-types.ts';

export const Query: QueryResolvers = {
  organization: (_root, { id }, { loaders }) => loaders.organization.load(id),
};
