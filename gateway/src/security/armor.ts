import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GatewayEnvironment } from '../environment.ts';

/**
 * Query-shape limits checked before any subgraph is called: depth, aliases, tokens, directives
 * and an estimated cost; field suggestions ("did you mean …") are removed so the schema cannot be
 * mapped by guessing while introspection is off.
 */
export function armor(limits: GatewayEnvironment['security']) {
  return new ApolloArmor({
    maxDepth: { enabled: true, n: limits.MAX_DEPTH, flattenFragments: true },
    maxAliases: { enabled: true, n: limits.MAX_ALIASES },
    maxTokens: { enabled: true, n: limits.MAX_TOKENS },
    maxDirectives: { enabled: true, n: 20 },
    costLimit: { enabled: true, maxCost: limits.MAX_COST, objectCost: 2, scalarCost: 1, depthCostFactor: 1.5 },
    blockFieldSuggestion: { enabled: true },
  }).protect();
}
