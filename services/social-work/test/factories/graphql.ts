import { expect } from 'vitest';
import type { Identity } from '@sanshe/service-kit';
import type { AnySubgraph } from '@sanshe/testing';

/** Runs an operation that must succeed (as `identity`, else the test operator); returns its data. */
export async function ok<T = Record<string, unknown>>(service: AnySubgraph, query: string, variables: Record<string, unknown> = {}, identity?: Identity): Promise<T> {
  const result = await service.request<T>(query, variables, identity);
  if (result.errors) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(result.errors)}`);
  return result.data!;
}

/** Runs an operation that must be refused with a typed error; returns its code and field. */
export async function refused(service: AnySubgraph, query: string, variables: Record<string, unknown> = {}, identity?: Identity) {
  const result = await service.request(query, variables, identity);
  expect(result.errors, JSON.stringify(variables)).toBeDefined();
  const { code, field } = (result.errors![0]!.extensions ?? {}) as { code?: string; field?: string };
  expect(code, JSON.stringify(result.errors)).not.toBe('INTERNAL_SERVER_ERROR');
  return { code, field };
}

/** Resolves representations through `_entities`, selecting `selection` on each type given. */
export async function entities<T = unknown>(service: AnySubgraph, representations: Record<string, unknown>[], selection: string, identity?: Identity): Promise<T[]> {
  const data = await ok<{ _entities: T[] }>(service, `query ($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`, { r: representations }, identity);
  return data._entities;
}

/** Fails when any of `secrets` appears anywhere in `output`. */
export function expectNoneOf(output: unknown, secrets: Iterable<string>) {
  const text = JSON.stringify(output);
  for (const secret of secrets) expect(text, `${secret} leaked`).not.toContain(secret);
}
