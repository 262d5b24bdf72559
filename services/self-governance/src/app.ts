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
  // Both from social-work: one ordered durable consumer, so a case's closing never overtakes its opening.
  consumers: [serviceCaseOpenedConsumer, serviceCaseClosedConsumer],
};
