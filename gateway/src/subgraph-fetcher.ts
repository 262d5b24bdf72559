import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { Agent, fetch as undiciFetch } from 'undici';

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

/**
 * A fetcher for RemoteGraphQLDataSource with a hard deadline on every call, body included:
 * Apollo's default fetcher has none, so a subgraph that accepts the connection and never answers
 * would hold the client's request forever. No retries: a subgraph call may be a mutation.
 */
export function createSubgraphFetcher(timeoutMs: number, agent: Agent): Fetcher {
  return async (url, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal as AbortSignal, deadline]) : deadline;
    const response = await undiciFetch(url, {
      method: init?.method,
      headers: init?.headers,
      body: init?.body,
      signal,
      dispatcher: agent,
    });
    return response as unknown as FetcherResponse;
  };
}
