/**
 * Which subgraphs the committed supergraph's query plans ask, for the lists portal developers
 * query most: a subgraph request more or less is a large part of a request's cost, for any gateway.
 */
import { Supergraph, operationFromDocument } from '@apollo/federation-internals';
import { QueryPlanner, type PlanNode } from '@apollo/query-planner';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { loadSupergraph } from '../../src/supergraph-file.ts';

const supergraph = Supergraph.build(loadSupergraph());
const planner = new QueryPlanner(supergraph);

/** The subgraph of every fetch of the plan, in plan order. */
function fetchedSubgraphs(query: string): string[] {
  const plan = planner.buildQueryPlan(operationFromDocument(supergraph.schema, parse(query), { validate: true }));
  const services: string[] = [];
  const visit = (node: PlanNode | undefined): void => {
    if (!node) return;
    switch (node.kind) {
      case 'Fetch':
        services.push(node.serviceName);
        return;
      case 'Flatten':
        return visit(node.node);
      case 'Sequence':
      case 'Parallel':
        return node.nodes.forEach(visit);
      case 'Condition':
        visit(node.ifClause);
        return visit(node.elseClause);
      case 'Defer':
        visit(node.primary.node);
        return node.deferred.forEach((d) => visit(d.node));
    }
  };
  if (plan.node?.kind === 'Subscription') throw new Error('the graph has no subscriptions');
  visit(plan.node);
  return services;
}

describe('query plans', () => {
  it('answers an organization search with its communities’ names from organizations alone', () => {
    const search = `query ($filter: OrganizationFilter) {
      organizations(filter: $filter, first: 20) { edges { node { id name community { code name } } } }
    }`;
    expect(fetchedSubgraphs(search)).toEqual(['organizations']);
  });

  it('still asks self-governance for what organizations does not provide', () => {
    const search = `{ organizations(first: 20) { edges { node { id community { code name population } } } } }`;
    expect(fetchedSubgraphs(search)).toEqual(['organizations', 'self-governance']);
  });

  it('asks self-governance for a community’s name where organizations does not provide it', () => {
    // A project's community is organizations' too, but only Organization.community provides the name.
    const projects = `{ organization(id: "x") { community { name } projects(first: 5) { edges { node { community { name } } } } } }`;
    expect(fetchedSubgraphs(projects)).toEqual(['organizations', 'self-governance']);
  });
});
