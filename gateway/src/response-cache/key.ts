import type { Identity } from '@sanshe/service-kit';

/**
 * What an entry is keyed on. An anonymous caller sees public data only, the same for every
 * anonymous caller, so the key needs no identity: the query's hash, the operation name and the
 * variables.
 */
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

export function cacheKey(queryHash: string, operationName: string | null | undefined, variables: Record<string, unknown> | undefined): string {
  return `${queryHash}\u0000${operationName ?? ''}\u0000${canonicalJson(variables ?? {})}`;
}
