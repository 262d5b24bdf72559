import type { ApolloServerPlugin, GraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { Identity } from '@sanshe/service-kit';
import type { GatewayContext } from './context.ts';

/**
 * A short-lived cache of whole query responses, for anonymous callers only.
 *
 * Why only anonymous: what a signed-in caller sees depends on who they are (scope-narrowed lists,
 * unmasked personal data), and every unmasked read must reach a subgraph to be written to its
 * audit log — a cache would skip that. An anonymous caller sees public data only, the same for
 * every anonymous caller, so the key needs no identity: the query's hash, the operation name and
 * the variables. Portal pages and the public statistics are read far more often than they change;
 * a TTL of a few seconds takes most of that load off the subgraphs.
 *
 * Staleness is bounded by the TTL. A mutation through this worker also empties its cache (other
 * workers rely on the TTL). Responses with errors are never cached, nor are mutations.
 */
export interface ResponseCacheOptions {
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}

interface Entry {
  expiresAt: number;
  body: NonNullable<Extract<GraphQLResponse['body'], { kind: 'single' }>['singleResult']>;
}

export function isAnonymous(identity: Identity | undefined): boolean {
  return !identity || (identity.subject === null && identity.organizationId === null && identity.partnerId === null && identity.scope.length === 0 && identity.roles.every((r) => r === 'public'));
}

/** Variables in a canonical form: the same values in another key order are the same entry. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value as Record<string, unknown>).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

export class ResponseCache {
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #now: () => number;
  // A Map iterates in insertion order: re-inserting on a hit makes it an LRU.
  readonly #entries = new Map<string, Entry>();
  hits = 0;
  misses = 0;

  constructor(options: ResponseCacheOptions) {
    this.#ttlMs = options.ttlMs;
    this.#maxEntries = options.maxEntries;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): Entry['body'] | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (entry.expiresAt <= this.#now()) return undefined;
    this.#entries.set(key, entry);
    return entry.body;
  }

  set(key: string, body: Entry['body']): void {
    this.#entries.delete(key);
    this.#entries.set(key, { expiresAt: this.#now() + this.#ttlMs, body });
    while (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
  }

  clear(): void {
    this.#entries.clear();
  }

  plugin(): ApolloServerPlugin<GatewayContext> {
    const cache = this;
    return {
      async requestDidStart({ contextValue }) {
        const anonymous = isAnonymous(contextValue.identity);
        let key: string | null = null;
        return {
          async didResolveOperation({ operation }) {
            // Any write through this worker: what it cached may be stale now.
            if (operation?.operation === 'mutation') cache.clear();
          },
          async responseForOperation({ operation, operationName, queryHash, request }) {
            if (!anonymous || operation.operation !== 'query' || !queryHash) return null;
            key = `${queryHash}\u0000${operationName ?? ''}\u0000${canonicalJson(request.variables ?? {})}`;
            const body = cache.get(key);
            if (!body) {
              cache.misses += 1;
              return null;
            }
            cache.hits += 1;
            key = null; // nothing to store for a hit
            return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: body } };
          },
          async willSendResponse({ response }) {
            if (key === null || response.body.kind !== 'single') return;
            const result = response.body.singleResult;
            if (result.errors && result.errors.length > 0) return;
            cache.set(key, result);
          },
        };
      },
    };
  }
}
