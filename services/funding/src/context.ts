import type { Database, ServiceContext, Tx as AnyTx } from '@sanshe/service-kit';
import type * as schema from './db/schema.ts';
import type { Loaders } from './loaders.ts';

export type Db = Database<typeof schema>;
/** A transaction of the funding database: every change and its events are written through one. */
export type Tx = AnyTx<typeof schema>;
/** Reads take either the pool or a transaction. */
export type Queryable = Db | Tx;
export type Context = ServiceContext<typeof schema, Loaders>;
