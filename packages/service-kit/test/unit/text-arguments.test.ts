import { ApolloServer } from '@apollo/server';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { nulCharacterAt, refusingNulCharacters } from '../../src/graphql/text-arguments.ts';

describe('nulCharacterAt', () => {
  it('names the field holding a NUL character, however deep', () => {
    expect(nulCharacterAt('a\u0000b', 'name')).toBe('name');
    expect(nulCharacterAt({ records: [{ name: 'ok' }, { name: 'ok', tags: ['x', '\u0000'] }] }, 'input')).toBe('input.records.1.tags.1');
  });

  it('is null for text without one, and for other values', () => {
    expect(nulCharacterAt({ name: '先锋道', count: 3, at: null, flags: [true] }, 'input')).toBeNull();
  });
});

describe('refusingNulCharacters', () => {
  const calls: unknown[] = [];
  const schema = refusingNulCharacters(
    buildSubgraphSchema([
      {
        typeDefs: parse(`
          input Named { name: String! }
          type Community { code: String!, needs(search: String): [String!]! }
          type Query { echo(text: String!): String!, community: Community! }
          type Mutation { rename(input: Named!): String! }
        `),
        resolvers: {
          Query: { echo: (_: unknown, { text }: { text: string }) => (calls.push(text), text), community: () => ({ code: '150204001001' }) },
          Community: { needs: (_: unknown, { search }: { search?: string }) => (calls.push(search), []) },
          Mutation: { rename: (_: unknown, { input }: { input: { name: string } }) => (calls.push(input), input.name) },
        },
      },
    ]),
  );
  // The pairing a subgraph runs (subgraph-service.ts): Apollo over federation's schema.
  const server = new ApolloServer({ schema });
  const run = async (query: string, variables?: Record<string, unknown>) => {
    const response = await server.executeOperation({ query, variables });
    return response.body.kind === 'single' ? response.body.singleResult : null;
  };

  it('refuses a NUL character as BAD_USER_INPUT naming the field, without running the resolver', async () => {
    const result = await run('mutation ($input: Named!) { rename(input: $input) }', { input: { name: 'a\u0000b' } });
    expect(result?.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.name' });
    expect(calls).toEqual([]);
  });

  it('catches one written inline in the document too', async () => {
    const result = await run('{ echo(text: "a\\u0000b") }');
    expect(result?.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'text' });
    expect(calls).toEqual([]);
  });

  it('guards the arguments of nested fields as well', async () => {
    const result = await run('{ community { code needs(search: "a\\u0000b") } }');
    expect(result?.errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'search' });
    expect(calls).toEqual([]);
  });

  it('lets everything else through to the resolver', async () => {
    const result = await run('{ echo(text: "先锋道") community { needs(search: "养老") } }');
    expect(result).toMatchObject({ data: { echo: '先锋道', community: { needs: [] } } });
    expect(result?.errors).toBeUndefined();
    expect(calls).toEqual(['先锋道', '养老']);
  });
});
