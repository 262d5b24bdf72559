import { loadTypeDefs, organizationReplicaConsumers, regionReplicaConsumers, type SubgraphDefinition } from '@sanshe/service-kit';
import * as dbSchema from './db/schema.ts';
import { organizationDeregisteredConsumer } from './events/organization-deregistered.ts';
import { organizationStateConsumers } from './events/organization-states.ts';
import { DEFAULT_FUND_SHARE_BP } from './domain/fund-share.ts';
import { createLoaders } from './loaders.ts';
import { createResolvers, type ResolverOptions } from './resolvers/index.ts';
import type { Context } from './context.ts';

export function partyBuildingSubgraph(options: {
  jointBranchSubsidyFen: number;
  /** Default share of the party service fund for streets without their own (seed 003: 300 bp). */
  partyServiceFundShareBasisPoints?: number;
}): SubgraphDefinition<typeof dbSchema, Context> {
  const resolved: ResolverOptions = {
    jointBranchSubsidyFen: options.jointBranchSubsidyFen,
    partyServiceFundShareBasisPoints: options.partyServiceFundShareBasisPoints ?? DEFAULT_FUND_SHARE_BP,
  };
  return {
    name: 'party-building',
    dbSchema,
    typeDefs: loadTypeDefs(new URL('../schema.graphql', import.meta.url)),
    resolvers: createResolvers(resolved),
    context: (base) => ({ ...base, loaders: createLoaders(base.db, base.identity) }),
    // Regions and organizations replicated from events. A lifecycle event's handlers run in this
    // order in one transaction: the shared replica's state, the state history (coverage over past
    // periods), and for deregistration leaving the branch.
    consumers: [...regionReplicaConsumers, ...organizationReplicaConsumers, ...organizationStateConsumers, organizationDeregisteredConsumer],
  };
}
