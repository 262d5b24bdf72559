import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GraphQLError } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { KeyValueCache } from '@apollo/utils.keyvaluecache';

/**
 * Safelist mode: only operations from a persisted-operations manifest run. The manifest is
 * Apollo's format ({ format: "apollo-persisted-query-manifest", operations: [{ id, body }] },
 * id = sha256 of body). Clients send the full query or just its hash (APQ); either way the hash
 * must be in the manifest.
 */
export interface Safelist {
  hashes: Set<string>;
  /** A read-only APQ cache: hashes resolve to manifest bodies; clients cannot add to it. */
  cache: KeyValueCache<string>;
  plugin: ApolloServerPlugin;
}

/**
 * `builtIn` are the gateway's own operations (the export routes' documents): they are always
 * allowed, so switching safelist mode on never breaks an export.
 */
export function loadSafelist(path: string, builtIn: string[] = []): Safelist {
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { format?: string; operations?: { id: string; body: string }[] };
  if (manifest.format !== 'apollo-persisted-query-manifest' || !Array.isArray(manifest.operations)) {
    throw new Error(`${path} is not an apollo-persisted-query-manifest`);
  }
  const bodies = new Map<string, string>();
  for (const op of manifest.operations) {
    const hash = createHash('sha256').update(op.body).digest('hex');
    if (hash !== op.id) throw new Error(`${path}: operation ${op.id} does not hash to its id`);
    bodies.set(hash, op.body);
  }
  for (const body of builtIn) bodies.set(createHash('sha256').update(body).digest('hex'), body);
  return {
    hashes: new Set(bodies.keys()),
    cache: {
      async get(key: string) {
        return bodies.get(key.replace(/^apq:/, ''));
      },
      async set() {},
      async delete() {
        return true;
      },
    },
    plugin: {
      async requestDidStart() {
        return {
          // After parsing and validation: Apollo reports errors thrown earlier as validation errors.
          async didResolveOperation({ queryHash }) {
            if (!bodies.has(queryHash)) {
              throw new GraphQLError('this gateway runs only safelisted operations', {
                extensions: { code: 'OPERATION_NOT_SAFELISTED', http: { status: 400 } },
              });
            }
          },
        };
      },
    },
  };
}
