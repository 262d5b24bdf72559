import type { GraphQLResponse } from '@apollo/server';
import { anonymous } from '@sanshe/service-kit';
import type { GatewayContext } from '../context.ts';
import type { CachedBody, ResponseCache } from './store.ts';

/**
 * Background refresh of stale entries: the operation that produced an entry is run again in this
 * worker, and its result replaces the entry.
 *
 * It runs through the worker's own Apollo server (`executeOperation`), so it passes the same
 * validation rules, query-shape limits and safelist as a client's request and uses the same query
 * plan cache. It does not pass the HTTP context function, so it is never counted against a real
 * client's rate limit (the limiter keys on the caller's address, which a refresh does not have);
 * the refreshes themselves are bounded by the deduplication below: one per key in flight, and only
 * for keys that are being read.
 *
 * They are also bounded in number (`maxConcurrent` per worker). A refresh is background work: with
 * hundreds of pages going stale each TTL, unbounded refreshes would take the whole machine and the
 * requests that did miss the cache would queue behind them. A stale read that finds the budget
 * spent is answered stale and its key waits in line; each refresh that ends starts the key that
 * has waited longest. The line is first come, first served so that every stale key read gets its
 * turn: when stale keys were instead refreshed by whichever read found a free slot first, some
 * keys lost that race for most of the stale window. With 500 community pages read at saturation
 * the oldest answers given were 34 s old (the bound is ttl + stale, 35 s); with the line, 12–14 s
 * (BENCHMARKS.md, "Stale pages wait in line"). Before a waiting key runs, the cache is asked
 * again: an entry another worker refreshed meanwhile (fresh) or is refreshing now, or one that
 * expired or a write cleared (gone), is dropped from the line instead of read again. The line
 * holds at most `maxWaiting` keys; a stale read beyond that starts nothing, and the key's next
 * read tries again.
 *
 * The caller is anonymous, built as the context function builds one, plus a marker. The cache's
 * plugin skips requests that carry the marker entirely: no lookup, so a refresh always reaches the
 * subgraphs and can never find a stale entry and start another refresh; no store, because storing
 * is done here, where a failure can be told apart and logged.
 */
const REFRESH = Symbol('sanshe.gateway.response-cache.refresh');

export function isRefreshContext(context: object): boolean {
  // A symbol-keyed own property: it survives the shallow copy Apollo makes of every context.
  return (context as { [REFRESH]?: true })[REFRESH] === true;
}

/** What is needed to run the operation behind a cache key again. */
export interface RefreshableOperation {
  key: string;
  query: string;
  operationName?: string;
  variables?: Record<string, unknown>;
}

export type ExecuteOperation = (operation: RefreshableOperation, contextValue: GatewayContext) => Promise<GraphQLResponse>;

interface WarnLogger {
  warn(details: object, message: string): void;
}

export interface StaleRefresherOptions {
  cache: ResponseCache;
  execute: ExecuteOperation;
  /** Called with each result stored (to relay it to the other workers). */
  onStored?: (key: string, body: CachedBody, storedAt: number) => void;
  /** Called when a refresh starts (to tell the other workers to leave that key alone meanwhile). */
  onStarted?: (key: string, startedAt: number) => void;
  logger?: WarnLogger;
  /** At most this many refreshes run at once (per worker); default 2. */
  maxConcurrent?: number;
  /** At most this many stale keys wait for a refresh (per worker); default 10,000. */
  maxWaiting?: number;
}

export class StaleRefresher {
  readonly #options: StaleRefresherOptions;
  readonly #inFlight = new Map<string, Promise<void>>();
  // Stale keys waiting for a free slot, oldest first (a Map iterates in insertion order).
  readonly #waiting = new Map<string, RefreshableOperation>();
  readonly #maxConcurrent: number;
  readonly #maxWaiting: number;
  #closed = false;
  started = 0;
  /** Stale reads that started no refresh because the budget was spent (their key waits, or is already waiting). */
  deferred = 0;
  /** Waiting keys dropped unrefreshed when their turn came: fresh again, expired, cleared by a write, or being refreshed by another worker. */
  skipped = 0;

  constructor(options: StaleRefresherOptions) {
    this.#options = options;
    this.#maxConcurrent = options.maxConcurrent ?? 2;
    this.#maxWaiting = options.maxWaiting ?? 10_000;
    if (!Number.isInteger(this.#maxConcurrent) || this.#maxConcurrent < 1) throw new RangeError('maxConcurrent must be a positive integer');
    if (!Number.isInteger(this.#maxWaiting) || this.#maxWaiting < 0) throw new RangeError('maxWaiting must be a non-negative integer');
  }

  get inFlight(): number {
    return this.#inFlight.size;
  }

  /** Stale keys waiting for a refresh slot. */
  get waiting(): number {
    return this.#waiting.size;
  }

  /**
   * Starts a refresh of `operation.key` unless one is already running; when the budget is spent
   * the key waits in line instead (unless it already waits, or the line is full). True when it
   * started one now.
   */
  refresh(operation: RefreshableOperation): boolean {
    if (this.#closed || this.#inFlight.has(operation.key) || this.#options.cache.refreshingElsewhere(operation.key)) return false;
    if (this.#inFlight.size >= this.#maxConcurrent) {
      this.deferred += 1;
      // Keeps its place if it already waits: the line is ordered by the first stale read. A key
      // in flight is never in the line: it leaves the line when it starts.
      if (!this.#waiting.has(operation.key) && this.#waiting.size < this.#maxWaiting) this.#waiting.set(operation.key, operation);
      return false;
    }
    this.#waiting.delete(operation.key);
    this.#start(operation);
    return true;
  }

  /** Resolves when every refresh started so far, and every key waiting, has finished (tests; shutdown). */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all(this.#inFlight.values());
  }

  /** No new refreshes, and none of the waiting ones: the server is stopping. */
  close(): void {
    this.#closed = true;
    this.#waiting.clear();
  }

  #start(operation: RefreshableOperation): void {
    this.started += 1;
    this.#options.onStarted?.(operation.key, this.#options.cache.now());
    const run = this.#run(operation).finally(() => {
      this.#inFlight.delete(operation.key);
      this.#next();
    });
    this.#inFlight.set(operation.key, run);
  }

  /** Gives a freed slot to the key that has waited longest and is still stale. */
  #next(): void {
    for (const [key, operation] of this.#waiting) {
      if (this.#closed || this.#inFlight.size >= this.#maxConcurrent) return;
      this.#waiting.delete(key);
      if (this.#options.cache.stateOf(key) !== 'stale' || this.#options.cache.refreshingElsewhere(key)) {
        this.skipped += 1;
        continue;
      }
      this.#start(operation);
    }
  }

  async #run(operation: RefreshableOperation): Promise<void> {
    const { cache, execute, onStored, logger } = this.#options;
    // Let the stale answer that triggered this go out first.
    await new Promise((resolve) => setImmediate(resolve));
    const contextValue: GatewayContext & { [REFRESH]: true } = { identity: anonymous, [REFRESH]: true };
    const startedAt = cache.now();
    const details = { operationName: operation.operationName ?? null };
    try {
      const response = await execute(operation, contextValue);
      if (response.body.kind !== 'single') {
        logger?.warn(details, 'response cache: a refresh returned an incremental response; keeping the stale entry');
        return;
      }
      const result = response.body.singleResult;
      if (result.errors && result.errors.length > 0) {
        logger?.warn(
          { ...details, errors: result.errors.map((e) => e.extensions?.code ?? e.message) },
          'response cache: refresh failed; the stale entry is served until it expires',
        );
        return;
      }
      // Refused when a mutation cleared the cache while the refresh ran: its result may predate it.
      if (cache.set(operation.key, result, startedAt)) onStored?.(operation.key, result, startedAt);
    } catch (error) {
      // After close the server is stopping and refuses operations: that is not worth a warning.
      if (!this.#closed) logger?.warn({ ...details, err: error }, 'response cache: refresh failed; the stale entry is served until it expires');
    }
  }
}
