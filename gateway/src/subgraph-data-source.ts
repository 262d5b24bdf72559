import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';

import { anonymous, encodeIdentity, IDENTITY_HEADER, SECRET_HEADER, type Logger } from '@sanshe/service-kit';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from './context.ts';
import { EntityFetchBatcher } from './entity-fetch-batch.ts';

/**
 * Codes a client sees when a subgraph could not be used. They say which side failed, so a client
 * can retry a timeout but not a misconfiguration, and the subgraph name is in `serviceName`.
 */
export type SubgraphErrorCode = 'SUBGRAPH_TIMEOUT' | 'SUBGRAPH_UNAVAILABLE' | 'SUBGRAPH_ERROR';

export interface SubgraphDataSourceOptions {
  name: string;
  url: string;
  secret: string;
  timeoutMs: number;
  fetcher: RemoteGraphQLDataSource['fetcher'];
  logger: Logger;
  /** Merge a request's simultaneous `_entities` fetches into one operation (entity-fetch-batch.ts). */
  batchEntityFetches?: boolean;
}

type ProcessOptions = GraphQLDataSourceProcessOptions<GatewayContext>;

// GraphQLDataSourceRequestKind.INCOMING_OPERATION: the enum is declared in the typings only, not
// exported at runtime by @apollo/gateway's entry point.
const INCOMING_OPERATION = 'incoming operation' as ProcessOptions['kind'];

/**
 * Sends one subgraph fetch of a query plan: with this subgraph's own secret (subgraphs answer
 * only the gateway) and the caller's identity from the gateway context.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  // Set in the constructor, not as initialised fields: the base constructor Object.assigns its
  // config and field initialisers would run after it.
  readonly #name: string;
  readonly #secret: string;
  readonly #timeoutMs: number;
  readonly #logger: Logger;
  // The signed header per identity object: the anonymous identity is one frozen object and a
  // remembered token yields the same identity object, so most fetches skip the HMAC.
  readonly #signed = new WeakMap<object, string>();
  readonly #batcher: EntityFetchBatcher<ProcessOptions> | null;

  constructor(options: SubgraphDataSourceOptions) {
    super({ url: options.url, fetcher: options.fetcher });
    this.#name = options.name;
    this.#secret = options.secret;
    this.#timeoutMs = options.timeoutMs;
    this.#logger = options.logger;
    this.#batcher = options.batchEntityFetches
      ? new EntityFetchBatcher<ProcessOptions>((original, request) =>
          this.#processOne({
            ...original,
            request: { ...original.request, query: request.query, variables: request.variables, operationName: request.operationName ?? original.request.operationName },
          }),
        )
      : null;
  }

  /** Entity fetches this source sent inside merged operations, and those operations (zero when merging is off). */
  get merged(): { fetches: number; operations: number } {
    return this.#batcher?.merged ?? { fetches: 0, operations: 0 };
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = options.request.http!.headers;
    headers.set(SECRET_HEADER, this.#secret);
    // `set`, not `append`: whatever the identity header held before, only the gateway's counts.
    // Health checks and schema loads have no request context; they go out as anonymous.
    const identity = (options.context as Partial<GatewayContext>).identity ?? anonymous;
    let signed = this.#signed.get(identity);
    if (signed === undefined) {
      signed = encodeIdentity(identity, this.#secret);
      this.#signed.set(identity, signed);
    }
    headers.set(IDENTITY_HEADER, signed);
  }

  override process(options: ProcessOptions) {
    const { request } = options;
    // Only a client operation's plain entity fetches: a fetch with its own HTTP options (tracing)
    // or outside a request (health checks, schema loads) goes as it is.
    if (this.#batcher && options.kind === INCOMING_OPERATION && !request.http && request.query && EntityFetchBatcher.accepts(request.query)) {
      return this.#batcher.fetch(options.context, { options, query: request.query, variables: request.variables ?? {} }) as ReturnType<RemoteGraphQLDataSource<GatewayContext>['process']>;
    }
    return this.#processOne(options);
  }

  async #processOne(options: ProcessOptions) {
    try {
      return await super.process(options);
    } catch (error) {
      // The executor puts a thrown error into the response as it is; without this a timeout or a
      // refused connection reaches the client as an uncoded INTERNAL_SERVER_ERROR.
      throw this.#toGraphQLError(error);
    }
  }

  #toGraphQLError(error: unknown): GraphQLError {
    const serviceName = this.#name;
    const fail = (code: SubgraphErrorCode, message: string) =>
      new GraphQLError(message, { originalError: error instanceof Error ? error : undefined, extensions: { code, serviceName } });

    if (isTimeout(error)) {
      this.#logger.warn({ subgraph: serviceName, timeoutMs: this.#timeoutMs }, 'subgraph timed out');
      return fail('SUBGRAPH_TIMEOUT', `subgraph "${serviceName}" did not answer within ${this.#timeoutMs} ms`);
    }
    if (error instanceof GraphQLError && isObject(error.extensions.response)) {
      // A non-2xx answer. 401/403 means the gateway's secret for this subgraph is wrong — an
      // operator problem, not the caller's, so it must not reach the client as UNAUTHENTICATED.
      const { status, body } = error.extensions.response as { status?: number; body?: unknown };
      this.#logger.error({ subgraph: serviceName, status, body }, 'subgraph answered with an HTTP error');
      return fail('SUBGRAPH_ERROR', `subgraph "${serviceName}" failed (HTTP ${status ?? 'error'})`);
    }
    if (error instanceof TypeError && error.message === 'fetch failed') {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      this.#logger.warn({ subgraph: serviceName, cause: cause?.code ?? cause?.message }, 'subgraph unreachable');
      return fail('SUBGRAPH_UNAVAILABLE', `subgraph "${serviceName}" is unavailable`);
    }
    this.#logger.error({ subgraph: serviceName, err: error }, 'subgraph request failed');
    return fail('SUBGRAPH_ERROR', `subgraph "${serviceName}" failed`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** AbortSignal.timeout aborts with a TimeoutError, sometimes wrapped once by fetch. */
function isTimeout(error: unknown): boolean {
  for (let current = error, depth = 0; isObject(current) && depth < 3; current = current.cause, depth += 1) {
    if (current.name === 'TimeoutError') return true;
  }
  return false;
}
