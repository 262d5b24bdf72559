import { encodeIdentity, IDENTITY_HEADER, SECRET_HEADER, type Identity } from '@sanshe/service-kit';

/**
 * GraphQL over HTTP for the platform's own tools (the city generator, the seed datasets, the
 * benchmark): through the gateway with a token, or straight to the owning subgraph with its secret
 * and a signed identity, as the gateway would send it.
 *
 * Some refusals only mean "not yet": a community the organizations service has not heard of
 * (UNKNOWN_COMMUNITY) or an organization social-work has not learnt (NOT_FOUND) until the
 * region/organization events arrive. Those are retried with backoff, for `waitMs` at most. A
 * refused import wrote nothing (one transaction per call), so retrying it is safe.
 */
export interface GraphQLError {
  message: string;
  extensions?: { code?: string; field?: string };
}

export class GraphQLRequestError extends Error {
  readonly code: string | undefined;
  readonly field: string | undefined;
  constructor(error: GraphQLError) {
    super(`${error.message} (${error.extensions?.code ?? 'no code'}${error.extensions?.field ? `, ${error.extensions.field}` : ''})`);
    this.code = error.extensions?.code;
    this.field = error.extensions?.field;
  }
}

export interface RequestOptions {
  retryCodes?: string[];
  waitMs?: number;
  /** The subgraph that owns the operation: a direct client sends it there, the gateway client ignores it. */
  service?: string;
}

/**
 * Refusals that only mean a region's or organization's event has not reached the subgraph yet:
 * the loaders retry these for up to `EVENT_WAIT_MS`.
 */
export const WAITING_FOR_EVENTS = ['UNKNOWN_COMMUNITY', 'NOT_FOUND'];
export const EVENT_WAIT_MS = 300_000;

export interface Client {
  request<T>(query: string, variables?: Record<string, unknown>, options?: RequestOptions): Promise<T>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Through the gateway with a bearer token (or anonymous). */
export function createClient(url: string, token: string | null): Client {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  return createHttpClient(() => ({ url, headers }));
}

/** Each subgraph's URL with its secret and `identity` signed for it: the gateway's credentials. */
export function subgraphTargets(
  serviceUrls: Record<string, string>,
  secrets: Record<string, string>,
  identity: Identity,
): Record<string, { url: string; headers: Record<string, string> }> {
  return Object.fromEntries(
    Object.entries(serviceUrls).map(([service, url]) => {
      const secret = secrets[service];
      if (!secret) throw new Error(`no secret for ${service}`);
      return [service, { url, headers: { [SECRET_HEADER]: secret, [IDENTITY_HEADER]: encodeIdentity(identity, secret) } }];
    }),
  );
}

/**
 * Straight to the owning subgraph with its secret and a signed identity, as the gateway would send
 * it: a 1 MB import skips the gateway's second parse and re-serialization of its variables, and
 * the gateway's per-identity rate limit (for people) does not throttle a tool's many writes.
 */
export function createDirectClient(targets: Record<string, { url: string; headers: Record<string, string> }>): Client {
  return createHttpClient((service) => {
    const target = service ? targets[service] : undefined;
    if (!target) throw new Error(`no subgraph target for ${service ?? 'an operation without a service'}`);
    return target;
  });
}

function createHttpClient(route: (service: string | undefined) => { url: string; headers: Record<string, string> }): Client {
  return {
    async request<T>(query: string, variables: Record<string, unknown> = {}, options: RequestOptions = {}) {
      const { url, headers } = route(options.service);
      const deadline = Date.now() + (options.waitMs ?? 120_000);
      for (let attempt = 0; ; attempt += 1) {
        let result: { data?: T; errors?: GraphQLError[] };
        try {
          const response = await fetch(url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
            body: JSON.stringify({ query, variables }),
          });
          if (response.status === 429) {
            await sleep(Number(response.headers.get('retry-after') ?? 1) * 1000);
            continue;
          }
          result = (await response.json()) as typeof result;
          if (!response.ok && !result.errors) throw new Error(`HTTP ${response.status}`);
        } catch (error) {
          // The gateway restarting or a connection reset: the call wrote nothing we rely on yet.
          if (Date.now() > deadline) throw error;
          await sleep(Math.min(250 * 2 ** attempt, 5_000));
          continue;
        }
        const error = result.errors?.[0];
        if (!error) return result.data as T;
        const retriable = (options.retryCodes ?? []).includes(error.extensions?.code ?? '');
        if (!retriable || Date.now() > deadline) throw new GraphQLRequestError(error);
        await sleep(Math.min(250 * 2 ** attempt, 5_000));
      }
    },
  };
}

/** Runs `task` for every item with at most `concurrency` in flight; the first failure stops new work. */
export async function forEachConcurrently<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed: unknown = null;
  const worker = async () => {
    while (failed === null && next < items.length) {
      const item = items[next++]!;
      try {
        await task(item);
      } catch (error) {
        failed ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  if (failed !== null) throw failed;
}
