import type { Resolvers } from '../generated/resolvers-types.ts';
import { Community } from './community.ts';
import { communityFields } from './community-fields.ts';
import { deliberationResolvers } from './deliberation.ts';
import { Fen } from '@sanshe/service-kit';
import { Mutation } from './mutation.ts';
import { Query } from './query.ts';
import { Region } from './region.ts';
import { serviceResolvers } from './services.ts';
import { RegionStatistics } from './statistics.ts';
import { DisputeParty, ResidentContact } from './personal.ts';
import { structureResolvers } from './structure.ts';
import { transparencyResolvers } from './transparency.ts';

export const resolvers: Resolvers = {
  Fen,
  Query,
  Mutation,
  Region,
  RegionStatistics,
  Community: { ...Community, ...communityFields },
  ResidentContact,
  DisputeParty,
  ...structureResolvers,
  ...deliberationResolvers,
  ...serviceResolvers,
  ...transparencyResolvers,
};
