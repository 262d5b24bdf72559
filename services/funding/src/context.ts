import type { Database, ServiceContext } from '@sanshe/service-kit';
import type * as schema from './db/schema.ts';
import type { Loaders } from './loaders.ts';

export type Db = Database<typeof schema>;
export type Context = ServiceContext<typeof schema, Loaders>;
