import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { Agent } from 'undici';

// Apollo's fetcher types, taken from the data source so no extra dependency is needed for them.
type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherResponse = Awaited<ReturnType<Fetcher>>;

/**
 * One connection pool for all subgraph calls in this process. Keep-alive saves a TCP handshake
 * per subgraph fetch; 30 s stays below the subgraphs' 65 s server keep-alive so the gateway, not
 * the subgraph, closes idle sockets (no race on a socket the server is closing).
 */
export function createSubgraphAgent(): Agent {
  return new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000 });
}

/** What `isTimeout` in the data source recognises: the deadline, not the subgraph, ended the call. */
class SubgraphTimeout extends Error {
  override name = 'TimeoutError';
}

/**
 * A fetcher for RemoteGraphQLDataSource with a hard deadline on every call, body included:
 * Apollo's default fetcher has none, so a subgraph that accepts the connection and never answers
 * would hold the client's request forever. No retries: a subgraph call may be a mutation.
 *
 * It sends with undici's own `request` API on the shared keep-alive agent, not WHATWG `fetch`:
 * fetch builds Request and Response objects, web streams and composed AbortSignals on every call —
 * under load that was about a third of the gateway's CPU (see BENCHMARKS.md). The answer is the
 * small part of a fetch Response that RemoteGraphQLDataSource reads (ok, status, headers, json,
 * text); a refused or reset connection is thrown as fetch throws it (`TypeError('fetch failed')`
 * with the cause) and the deadline as a TimeoutError, so failures are classified as before.
 */
export function createSubgraphFetcher(timeoutMs: number, agent: Agent): Fetcher {
  const targets = new Map<string, { origin: string; path: string }>();
  const targetOf = (url: string) => {
    let target = targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      target = { origin: parsed.origin, path: parsed.pathname + parsed.search };
      targets.set(url, target);
    }
    return target;
  };

  return async (url, init) => {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const outer = init?.signal as AbortSignal | undefined;
    const onOuterAbort = () => controller.abort();
    outer?.addEventListener('abort', onOuterAbort, { once: true });
    try {
      const { origin, path } = targetOf(url);
      const response = await agent.request({
        origin,
        path,
        method: (init?.method ?? 'POST') as 'POST',
        headers: init?.headers as Record<string, string> | undefined,
        body: init?.body as string | undefined,
        signal: controller.signal,
      });
      const text = await response.body.text();
      const raw = response.headers;
      const headers = {
        get(name: string): string | null {
          const value = raw[name.toLowerCase()];
          return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
        },
      };
      const status = response.statusCode;
      return {
        ok: status >= 200 && status < 300,
        status,
        statusText: String(status),
        url,
        headers,
        json: async () => JSON.parse(text) as unknown,
        text: async () => text,
      } as unknown as FetcherResponse;
    } catch (error) {
      if (timedOut) throw new SubgraphTimeout(`no answer within ${timeoutMs} ms`, { cause: error });
      throw new TypeError('fetch failed', { cause: error });
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onOuterAbort);
    }
  };
}
