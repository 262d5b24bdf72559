import type { Identity } from '@sanshe/service-kit';
import { createDirectClient, GraphQLRequestError, subgraphTargets, type Client } from '../graphql-client.ts';
import type { ServiceName } from '../services.ts';

/**
 * Loads datasets through the subgraphs' own mutations, each called with the credentials the
 * gateway itself uses (the subgraph's secret and a signed identity) — the platform tools' direct
 * client (graphql-client.ts). A dataset is tens of thousands of writes: through the gateway they
 * would be throttled by the per-identity rate limit that protects interactive users, so the loader
 * runs beside the gateway, inside the platform that `pnpm start` (or a test) started and whose
 * secrets it holds.
 */
export interface DatasetTarget {
  serviceUrls: Record<ServiceName, string>;
  secrets: Record<ServiceName, string>;
  identity: Identity;
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
  readonly #client: Client;

  constructor(target: DatasetTarget) {
    this.#client = createDirectClient(subgraphTargets(target.serviceUrls, target.secrets, target.identity));
  }

  /** A write; refusals listed in `waitingFor` are retried for up to a minute (events in flight). */
  async mutate<T>(service: ServiceName, query: string, variables: Record<string, unknown>, waitingFor: string[] = []): Promise<T> {
    try {
      return await this.#client.request<T>(query, variables, { service, retryCodes: waitingFor, waitMs: 60_000 });
    } catch (error) {
      if (!(error instanceof GraphQLRequestError)) throw new DatasetError(`${service}: ${(error as Error).message}`, undefined, service);
      throw new DatasetError(`${service}: ${error.message}`, error.code, service);
    }
  }

  async query<T>(service: ServiceName, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    return this.mutate<T>(service, query, variables);
  }
}
