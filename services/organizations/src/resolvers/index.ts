import type { Resolvers } from '../generated/resolvers-types.ts';
import { Community } from './community.ts';
import { Mutation } from './mutation.ts';
import { Organization } from './organization.ts';
import { Query } from './query.ts';

export const resolvers: Resolvers = { Query, Mutation, Organization, Community };
