import type { Identity } from '@sanshe/service-kit';

/** What the case tables need from a running service (test/integration/authorization.test.ts provides it). */
export interface Driver {
  /** Runs an operation as `identity` (the test operator when omitted) and returns data, or throws. */
  ok<T = any>(query: string, variables?: Record<string, unknown>, identity?: Identity): Promise<T>;
  sql(query: string, params?: unknown[]): Promise<Record<string, any>[]>;
}

/** A number that is new on every call: names, labels and periods never collide between attempts. */
let counter = 0;
export const next = () => (counter += 1);
