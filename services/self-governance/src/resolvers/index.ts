import type { Resolvers } from '../generated/resolvers-types.ts';
import { Community } from './community.ts';
import { Mutation } from './mutation.ts';
import { Query } from './query.ts';
import { Region } from './region.ts';

export const resolvers: Resolvers = { Query, Mutation, Region, Community };
