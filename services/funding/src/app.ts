import { loadTypeDefs, regionReplicaConsumers, type SubgraphDefinition } from '@sanshe/service-kit';
import * as dbSchema from './db/schema.ts';
import { needFulfilledConsumer } from './events/book-micro-wish.ts';
import { organizationConsumers } from './events/organization-lifecycle.ts';
import { subsidyConsumer } from './events/pay-joint-branch-subsidy.ts';
import { createLoaders } from './loaders.ts';
import { threeSixtyGivingRoute } from './open-data/grants-route.ts';
import { resolvers } from './resolvers/index.ts';
import type { Context } from './context.ts';

export { THREE_SIXTY_GIVING_PATH } from './open-data/grants-route.ts';

/**
 * The funding subgraph. Its open-data route answers only the gateway: service-kit guards every
 * route with the subgraph secret, and `subgraphSecret`, when given (main.ts gives it), makes the
 * route check the secret itself too — routes are handed only the database, so it comes from here.
 */
export function createFundingSubgraph(options: { subgraphSecret?: () => string | undefined } = {}): SubgraphDefinition<typeof dbSchema, Context> {
  return {
    name: 'funding',
    dbSchema,
    typeDefs: loadTypeDefs(new URL('../schema.graphql', import.meta.url)),
    resolvers,
    context: (base) => ({ ...base, loaders: createLoaders(base.db) }),
    consumers: [...regionReplicaConsumers, ...organizationConsumers, subsidyConsumer, needFulfilledConsumer],
    routes: ({ db }) => [threeSixtyGivingRoute(db, options.subgraphSecret)],
  };
}

/** For in-process use (tests): the route relies on service-kit's secret guard alone. */
export const fundingSubgraph = createFundingSubgraph();
