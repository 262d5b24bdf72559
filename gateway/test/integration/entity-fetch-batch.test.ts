/**
 * Entity fetch batching through the real gateway: two small subgraphs that execute GraphQL
 * (federation's own buildSubgraphSchema), one of them resolving references in batches the way the
 * services' DataLoaders do, so the test sees both the requests and the batches they lead to.
 */
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { composeServices } from '@apollo/composition';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { SERVICES, type ServiceName } from '@sanshe/infra/services';
import { readMetric, SECRET_HEADER } from '@sanshe/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../src/server.ts';
import { close, gatewayEnvironment, listen, post, secretOf } from '../fake-subgraphs.ts';

// @apollo/subgraph is CommonJS and builds its schema with graphql's CommonJS build; executing it
// needs that same build (vitest would otherwise hand this file graphql's ES module build).
const graphql = createRequire(import.meta.url)('graphql') as typeof import('graphql');

const federation = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])';
const typeDefs = {
  'self-governance': `${federation}
    type Query { region(code: ID!): Region }
    type Region @key(fields: "code") { code: ID! children: [Region]! }`,
  organizations: `${federation}
    type Region @key(fields: "code") { code: ID! organizations: Int! }`,
};

/** Per HTTP request the organizations subgraph resolves its references in one batch per tick, like a DataLoader. */
function organizationsResolvers(batches: string[][]) {
  return {
    Region: {
      __resolveReference(reference: { code: string }, context: { pending?: { codes: string[]; done: Promise<void> } }) {
        if (!context.pending) {
          const pending = { codes: [] as string[], done: Promise.resolve() };
          pending.done = new Promise((resolve) =>
            process.nextTick(() => {
              batches.push(pending.codes);
              context.pending = undefined;
              resolve();
            }),
          );
          context.pending = pending;
        }
        context.pending.codes.push(reference.code);
        return context.pending.done.then(() => {
          if (reference.code === '150204999') throw new graphql.GraphQLError('no figures for this street');
          return { code: reference.code, organizations: reference.code.length };
        });
      },
    },
  };
}

const selfGovernanceResolvers = {
  Query: { region: (_: unknown, { code }: { code: string }) => ({ code }) },
  Region: { children: ({ code }: { code: string }) => ['004', '005', '999'].map((suffix) => ({ code: `${code}${suffix}` })) },
};

async function startSubgraph(service: ServiceName, resolvers: object, received: string[]): Promise<{ server: Server; url: string }> {
  const schema = buildSubgraphSchema([{ typeDefs: graphql.parse(typeDefs[service as keyof typeof typeDefs]), resolvers: resolvers as never }]);
  const server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    if (req.headers[SECRET_HEADER] !== secretOf(service)) {
      res.writeHead(401).end();
      return;
    }
    const body = JSON.parse(raw) as { query: string; variables?: Record<string, unknown>; operationName?: string };
    received.push(body.query);
    const result = await graphql.graphql({ schema, source: body.query, variableValues: body.variables, operationName: body.operationName, contextValue: {} });
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
  });
  return { server, url: `http://127.0.0.1:${await listen(server)}/graphql` };
}

const METRICS_TOKEN = 'metrics-token-0123456789';

/** The gateway's merge counters, from its /metrics. */
async function mergeCounters(gateway: RunningGateway) {
  const page = await (await fetch(gateway.url.replace('/graphql', '/metrics'), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
  return { fetches: readMetric(page, 'sanshe_gateway_entity_fetches_merged_total'), operations: readMetric(page, 'sanshe_gateway_entity_fetch_merges_total') };
}

const DASHBOARD = '{ region(code: "150204") { code organizations children { code organizations } } }';

describe('entity fetch batching', () => {
  const received = { sg: [] as string[], org: [] as string[] };
  const batches: string[][] = [];
  let subgraphs: { server: Server; url: string }[] = [];
  let batched: RunningGateway;
  let unbatched: RunningGateway;

  beforeAll(async () => {
    subgraphs = [
      await startSubgraph('self-governance', selfGovernanceResolvers, received.sg),
      await startSubgraph('organizations', organizationsResolvers(batches), received.org),
    ];
    const composed = composeServices(
      (['self-governance', 'organizations'] as const).map((name, i) => ({ name, url: subgraphs[i]!.url, typeDefs: graphql.parse(typeDefs[name]) })) as never,
    );
    if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
    const urls = Object.fromEntries(SERVICES.map((s) => [s, s === 'organizations' ? subgraphs[1]!.url : subgraphs[0]!.url]));
    batched = await startGateway(gatewayEnvironment(urls, { GATEWAY_METRICS_TOKEN: METRICS_TOKEN }), { supergraphSdl: composed.supergraphSdl });
    unbatched = await startGateway(gatewayEnvironment(urls, { BATCH_ENTITY_FETCHES: 'false', GATEWAY_METRICS_TOKEN: METRICS_TOKEN }), { supergraphSdl: composed.supergraphSdl });
  });

  afterAll(async () => {
    await Promise.all([batched?.stop(), unbatched?.stop()]);
    await Promise.all(subgraphs.map((s) => close(s.server)));
  });

  const reset = () => {
    received.sg.length = 0;
    received.org.length = 0;
    batches.length = 0;
  };

  it('sends a region’s and its children’s entity fetches as one request, resolved in one batch', async () => {
    reset();
    const unmerged = await post(unbatched, DASHBOARD);
    // Without batching the plan's two parallel fetches are two requests and two batches.
    expect(received.org).toHaveLength(2);
    expect(batches).toHaveLength(2);

    reset();
    const before = await mergeCounters(batched);
    const merged = await post(batched, DASHBOARD);
    // /metrics counts the two fetches sent as one operation; the unbatched gateway counts none.
    expect(await mergeCounters(batched)).toEqual({ fetches: before.fetches! + 2, operations: before.operations! + 1 });
    expect(await mergeCounters(unbatched)).toEqual({ fetches: 0, operations: 0 });
    expect(received.org).toHaveLength(1);
    expect(received.org[0]).toContain('_e0: _entities');
    expect(received.org[0]).toContain('_e1: _entities');
    expect(batches).toEqual([['150204', '150204004', '150204005', '150204999']]);
    expect(received.sg).toHaveLength(1);

    // The same answer, errors included: the failing street is null, its error on its own path.
    expect(merged).toEqual(unmerged);
    expect(merged.body.data.region).toEqual({
      code: '150204',
      organizations: 6,
      children: [
        { code: '150204004', organizations: 9 },
        { code: '150204005', organizations: 9 },
        null,
      ],
    });
    expect(merged.body.errors).toHaveLength(1);
    expect(merged.body.errors![0]).toMatchObject({ message: 'no figures for this street', path: ['region', 'children', 2] });
  });

  it('never merges the fetches of two client requests', async () => {
    reset();
    await Promise.all([post(batched, DASHBOARD), post(batched, DASHBOARD)]);
    expect(received.org).toHaveLength(2);
    expect(batches).toHaveLength(2);
  });
});
