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

type Resolve = (source: unknown, args: Record<string, unknown>, context: unknown, info: unknown) => unknown;

/** What refusingNulCharacters reads of a built schema: duck-typed, as the schema comes from federation's copy of graphql. */
interface SchemaLike {
  getTypeMap(): Record<string, unknown>;
}
interface FieldLike {
  name: string;
  args?: readonly unknown[];
  resolve?: Resolve;
}
interface ObjectTypeLike {
  getFields(): Record<string, FieldLike>;
  getInterfaces(): unknown;
}

/**
 * Wraps the resolver of every field that takes arguments — root fields and nested ones such as a
 * community's filtered lists — so that a NUL character anywhere in its arguments is refused as
 * BAD_USER_INPUT naming the argument, before the resolver runs: one rule for every field of every
 * service, where each input schema would otherwise have to repeat it. The arguments are GraphQL's
 * coerced values, so a NUL written inline in the document is caught as one in a variable.
 *
 * Federation's `_entities` is left alone: only the gateway calls it, with keys the subgraphs
 * themselves answered (PostgreSQL never stored a NUL in them), and it is the hot path of every
 * cross-service page. The schema comes from @apollo/subgraph, which loads graphql as CommonJS,
 * so its types are recognised by shape, not with graphql's own (ESM) type guards.
 */
export function refusingNulCharacters<S extends SchemaLike>(schema: S): S {
  for (const [typeName, type] of Object.entries(schema.getTypeMap())) {
    if (typeName.startsWith('__')) continue;
    const object = type as Partial<ObjectTypeLike>;
    if (typeof object.getFields !== 'function' || typeof object.getInterfaces !== 'function') continue;
    for (const field of Object.values(object.getFields())) {
      const resolve = field.resolve;
      if (!field.args?.length || typeof resolve !== 'function' || field.name === '_entities') continue;
      field.resolve = (source, args, context, info) => {
        for (const [arg, value] of Object.entries(args ?? {})) {
          const at = nulCharacterAt(value, arg);
          if (at) throw new DomainError('BAD_USER_INPUT', `${at}: text may not contain a NUL character (U+0000)`, at);
        }
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}
