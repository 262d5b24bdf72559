import type { GraphQLResolverMap } from '@apollo/subgraph';
import { DomainError } from '../errors.ts';

/**
 * Where in a root field's arguments a string holds a NUL character (U+0000), as a field path
 * (`input.records.3.name`), or null. PostgreSQL stores no NUL in text or jsonb: such a value
 * reaching a statement fails it, which would answer the caller with an internal error instead of
 * saying which field is wrong.
 */
export function nulCharacterAt(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = nulCharacterAt(value[i], `${path}.${i}`);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const found = nulCharacterAt(inner, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

type Resolver = (parent: unknown, args: Record<string, unknown>, context: unknown, info: unknown) => unknown;

/**
 * Wraps each Query and Mutation resolver so that a NUL character anywhere in its arguments is
 * refused as BAD_USER_INPUT naming the field, before the resolver runs: one rule for every field
 * of every service, where each input schema would otherwise have to repeat it. The arguments are
 * GraphQL's coerced values, so a NUL sent inline in the document is caught as one in a variable.
 */
export function refusingNulCharacters(resolvers: GraphQLResolverMap<unknown>): GraphQLResolverMap<unknown> {
  const guarded: GraphQLResolverMap<unknown> = { ...resolvers };
  for (const root of ['Query', 'Mutation']) {
    const fields = resolvers[root] as Record<string, unknown> | undefined;
    if (!fields) continue;
    guarded[root] = Object.fromEntries(
      Object.entries(fields).map(([name, resolver]) => {
        if (typeof resolver !== 'function') return [name, resolver];
        const wrapped: Resolver = (parent, args, context, info) => {
          for (const [arg, value] of Object.entries(args ?? {})) {
            const field = nulCharacterAt(value, arg);
            if (field) throw new DomainError('BAD_USER_INPUT', `${field}: text may not contain a NUL character (U+0000)`, field);
          }
          return (resolver as Resolver)(parent, args, context, info);
        };
        return [name, wrapped];
      }),
    ) as GraphQLResolverMap<unknown>[string];
  }
  return guarded;
}
