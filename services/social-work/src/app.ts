import { loadTypeDefs, type SubgraphDefinition } from '@sanshe/service-kit';
import * as dbSchema from './db/schema.ts';
import { socialWorkConsumers } from './events/index.ts';
import { createLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import type { Context } from './context.ts';

export const socialWorkSubgraph: SubgraphDefinition<typeof dbSchema, Context> = {
  name: 'social-work',
  dbSchema,
  typeDefs: loadTypeDefs(new URL('../schema.graphql', import.meta.url)),
  resolvers,
  context: (base) => ({ ...base, loaders: createLoaders(base.db, base.identity) }),
  consumers: socialWorkConsumers,
};
