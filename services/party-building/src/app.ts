import { loadTypeDefs, organizationReplicaConsumers, regionReplicaConsumers, type SubgraphDefinition } from '@sanshe/service-kit';
import * as dbSchema from './db/schema.ts';
import { createLoaders } from './loaders.ts';
import { createResolvers } from './resolvers/index.ts';
import type { Context } from './context.ts';

export function partyBuildingSubgraph(options: { jointBranchSubsidyFen: number }): SubgraphDefinition<typeof dbSchema, Context> {
  return {
    name: 'party-building',
    dbSchema,
    typeDefs: loadTypeDefs(new URL('../schema.graphql', import.meta.url)),
    resolvers: createResolvers(options),
    context: (base) => ({ ...base, loaders: createLoaders(base.db) }),
    consumers: [...regionReplicaConsumers, ...organizationReplicaConsumers],
  };
}
