import type { MutationResolvers } from '../generated/resolvers-types.ts';
import { registerRegion } from '../domain/region-store.ts';

export const Mutation: MutationResolvers = {
  registerRegion: (_root, { input }, { db }) =>
    registerRegion(db, { ...input, level: input.level.toLowerCase() as Lowercase<typeof input.level> }),
};
