import { loadTypeDefs, type SubgraphDefinition } from '@sanshe/service-kit';
import * as dbSchema from './db/schema.ts';
import { serviceCaseClosedConsumer } from './events/service-case-closed.ts';
import { serviceCaseOpenedConsumer } from './events/service-case-opened.ts';
import { createLoaders } from './loaders.ts';
import { resolvers } from './resolvers/index.ts';
import type { Context } from './context.ts';

export const SERVICE_NAME = 'self-governance';

export const selfGovernanceSubgraph: SubgraphDefinition<typeof dbSchema, Context> = {
  name: SERVICE_NAME,
  dbSchema,
  typeDefs: loadTypeDefs(new URL('../schema.graphql', import.meta.url)),
  resolvers,
  context: (base) => ({ ...base, loaders: createLoaders(base.db) }),
  // Both from social-work, each on a consumer of its own: a closing that overtakes its case's
  // opening applies the opening first (domain/fulfilment.ts), so their order does not matter.
  consumers: [serviceCaseOpenedConsumer, serviceCaseClosedConsumer],
};
