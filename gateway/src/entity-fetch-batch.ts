import { entityOperation, mergeEntityFetches, splitEntityResponse, type FetchResponse } from './entity-fetch-merge.ts';

/**
 * Collects the `_entities` fetches one client request sends one subgraph at the same moment and
 * sends them as one operation (entity-fetch-merge.ts says how and why).
 *
 * "At the same moment": Apollo's executor starts the fetches of a `Parallel` plan node in one
 * synchronous pass, each calling the data source's `process` before its first await. So a batch
 * is whatever arrives for the same request context before the next microtask; a fetch that
 * arrives later starts a batch of its own. Nothing waits on a timer: a lone fetch goes out one
 * microtask later than it would have.
 *
 * Only fetches of the same request (the same context object) are merged: they carry the same
 * identity, so one signed identity header is right for all of them.
 */
export interface BatchMember<TOptions> {
  options: TOptions;
  query: string;
  variables: Record<string, unknown>;
}

export type SendFetch<TOptions> = (
  options: TOptions,
  request: { query: string; variables: Record<string, unknown>; operationName?: string | null },
) => Promise<FetchResponse>;

interface Pending<TOptions> {
  members: { member: BatchMember<TOptions>; resolve: (response: FetchResponse) => void; reject: (error: unknown) => void }[];
}

export class EntityFetchBatcher<TOptions> {
  readonly #pending = new WeakMap<object, Pending<TOptions>>();
  readonly #send: SendFetch<TOptions>;
  /** Fetches sent in a merged operation, and the merged operations sent (the gateway's /metrics). */
  merged = { fetches: 0, operations: 0 };

  constructor(send: SendFetch<TOptions>) {
    this.#send = send;
  }

  /** Whether `query` may join a batch; other fetches are sent as they are. */
  static accepts(query: string): boolean {
    return entityOperation(query) !== null;
  }

  /** Sends `member` with whatever else `requestKey`'s request sends this subgraph in the same pass. */
  fetch(requestKey: object, member: BatchMember<TOptions>): Promise<FetchResponse> {
    return new Promise((resolve, reject) => {
      let pending = this.#pending.get(requestKey);
      if (!pending) {
        pending = { members: [] };
        this.#pending.set(requestKey, pending);
        const batch = pending;
        queueMicrotask(() => {
          this.#pending.delete(requestKey);
          void this.#flush(batch);
        });
      }
      pending.members.push({ member, resolve, reject });
    });
  }

  async #flush(batch: Pending<TOptions>): Promise<void> {
    const { members } = batch;
    if (members.length === 1) {
      const [only] = members as [Pending<TOptions>['members'][number]];
      this.#send(only.member.options, { query: only.member.query, variables: only.member.variables }).then(only.resolve, only.reject);
      return;
    }
    try {
      const request = mergeEntityFetches(members.map(({ member }) => ({ query: member.query, variables: member.variables })));
      this.merged.fetches += members.length;
      this.merged.operations += 1;
      const response = await this.#send(members[0]!.member.options, request);
      members.forEach(({ resolve }, index) => resolve(splitEntityResponse(response, index)));
    } catch (error) {
      // A transport failure (timeout, refused connection) is every member's failure.
      for (const { reject } of members) reject(error);
    }
  }
}
