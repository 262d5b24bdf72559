import { loadTypeDefs, regionReplicaConsumers, type SubgraphDefinition } from '@sanshe/service-kit';
import * as dbSchema from './db/schema.ts';
import { fundingConsumers } from './events/funding-grants.ts';
import { createLoaders } from './loaders.ts';
import { hsdsRoutes } from './open-data/hsds-routes.ts';
import { resolvers } from './resolvers/index.ts';
import type { Context } from './context.ts';

export const organizationsSubgraph: SubgraphDefinition<typeof dbSchema, Context> = {
  name: 'organizations',
  dbSchema,
  typeDefs: loadTypeDefs(new URL('../schema.graphql', import.meta.url)),
  resolvers,
  context: (base) => ({ ...base, loaders: createLoaders(base.db) }),
  // Regions from self-governance; funding's grant events start and follow organizations' projects.
  consumers: [...regionReplicaConsumers, ...fundingConsumers],
  routes: ({ db }) => hsdsRoutes({ db }),
};
