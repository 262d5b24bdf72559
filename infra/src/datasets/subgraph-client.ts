import { encodeIdentity, IDENTITY_HEADER, SECRET_HEADER, type Identity } from '@sanshe/service-kit';
import type { ServiceName } from '../services.ts';

/**
 * Loads datasets through the subgraphs' own mutations, each called with the credentials the
 * gateway itself uses (the subgraph's secret and a signed identity). A dataset is tens of
 * thousands of writes: through the gateway they would be throttled by the per-identity rate
 * limit that protects interactive users, so the loader runs beside the gateway, inside the
 * platform that `pnpm start` (or a test) started and whose secrets it holds.
 */
export interface DatasetTarget {
  serviceUrls: Record<ServiceName, string>;
  secrets: Record<ServiceName, string>;
  identity: Identity;
}

interface GraphQLError {
  message: string;
  extensions?: { code?: string; field?: string };
}

export class DatasetError extends Error {
  readonly code: string | undefined;
  readonly service: ServiceName;
  constructor(message: string, code: string | undefined, service: ServiceName) {
    super(message);
    this.code = code;
    this.service = service;
  }
}

/** Refusals that mean "another service's event has not arrived yet": retried for a while. */
export const WAITING_FOR_EVENTS = ['UNKNOWN_COMMUNITY', 'NOT_FOUND'];

export class SubgraphClient {
  readonly #target: DatasetTarget;
  readonly #headers: Record<ServiceName, Record<string, string>>;

  constructor(target: DatasetTarget) {
    this.#target = target;
    this.#headers = Object.fromEntries(
      Object.entries(target.secrets).map(([service, secret]) => [
        service,
        { 'content-type': 'application/json', [SECRET_HEADER]: secret, [IDENTITY_HEADER]: encodeIdentity(target.identity, secret) },
      ]),
    ) as unknown as Record<ServiceName, Record<string, string>>;
  }

  async request<T>(service: ServiceName, query: string, variables: Record<string, unknown> = {}): Promise<{ data?: T; errors?: GraphQLError[] }> {
    const response = await fetch(this.#target.serviceUrls[service], {
      method: 'POST',
      headers: this.#headers[service],
      body: JSON.stringify({ query, variables }),
    });
    if (!response.ok && response.status !== 400) throw new DatasetError(`${service} answered HTTP ${response.status}`, undefined, service);
    return (await response.json()) as { data?: T; errors?: GraphQLError[] };
  }

  /** A write; refusals listed in `waitingFor` are retried for up to a minute (events in flight). */
  async mutate<T>(service: ServiceName, query: string, variables: Record<string, unknown>, waitingFor: string[] = []): Promise<T> {
    const deadline = Date.now() + 60_000;
    for (let delay = 100; ; delay = Math.min(delay * 2, 1_000)) {
      const result = await this.request<T>(service, query, variables);
      const error = result.errors?.[0];
      if (!error) return result.data as T;
      const code = error.extensions?.code;
      if (!waitingFor.includes(code ?? '') || Date.now() > deadline) {
        const field = error.extensions?.field ? ` [${error.extensions.field}]` : '';
        throw new DatasetError(`${service}: ${error.message} (${code ?? 'no code'})${field}`, code, service);
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  async query<T>(service: ServiceName, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    return this.mutate<T>(service, query, variables);
  }
}
