import type { ServiceName } from '@sanshe/infra/services';
import type { SubgraphTarget } from './environment.ts';

/**
 * A subgraph's /readyz sits next to its /graphql: resolved relative to the GraphQL URL so a
 * subgraph mounted under a path prefix (`http://host/sg/graphql` → `http://host/sg/readyz`) works.
 */
export function readyzUrl(subgraphUrl: string): string {
  const url = new URL(subgraphUrl);
  url.search = '';
  url.hash = '';
  url.pathname = url.pathname.replace(/\/+$/, '');
  return new URL('readyz', url).toString();
}

/**
 * The gateway is ready when every subgraph says it is: a gateway that cannot reach a subgraph
 * would answer part of every query with errors, so the load balancer should prefer another.
 * Each probe is bounded so a hung subgraph makes /readyz answer 503, not hang.
 */
export function subgraphReadiness(subgraphs: Record<ServiceName, SubgraphTarget>, timeoutMs: number) {
  const probes = Object.entries(subgraphs).map(([name, target]) => [name, readyzUrl(target.url)] as const);
  return async (): Promise<Record<string, boolean>> => {
    const results = await Promise.all(
      probes.map(async ([name, url]) => {
        try {
          const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
          await response.body?.cancel();
          return [name, response.status === 200] as const;
        } catch {
          return [name, false] as const;
        }
      }),
    );
    return Object.fromEntries(results);
  };
}
