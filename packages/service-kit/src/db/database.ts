import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';

export type Database<TSchema extends Record<string, unknown>> = PostgresJsDatabase<TSchema>;
/** What a transaction callback receives; domain code writes through it so the outbox row commits with the change. */
export type Tx<TSchema extends Record<string, unknown>> = Parameters<Parameters<Database<TSchema>['transaction']>[0]>[0];

export interface DatabaseHandle<TSchema extends Record<string, unknown>> {
  db: Database<TSchema>;
  sql: postgres.Sql;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Counts statements sent, so tests and benchmarks can prove a list is not N queries. */
  statementCount(): number;
}

/**
 * Drizzle sends every statement it builds unnamed unless the query is `.prepare(name)`d, so
 * PostgreSQL parses and plans it again on each execution. For the platform's statements that is
 * most of their cost: planning a region-statistics statement takes longer than running it, and a
 * list's page-and-total roughly as long. Asking postgres.js to prepare them instead makes it keep
 * one named statement per distinct text on each connection, and PostgreSQL reuses its plan (a
 * custom plan per parameter set for the first five runs, then the generic plan where that is no
 * worse). Texts vary only with the shape of a query (which filters, how many ids in a batch), so
 * the set per connection stays bounded, and postgres.js retires connections after their lifetime.
 * Turn it off (DATABASE_PREPARE=false) behind a pooler in transaction mode, which cannot keep
 * named statements.
 */
function preparing(sql: postgres.Sql): postgres.Sql {
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === 'unsafe') {
        return (query: string, parameters?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) =>
          target.unsafe(query, parameters, { ...options, prepare: true });
      }
      // Transactions and savepoints hand drizzle a new client: it must prepare as well.
      if (property === 'begin' || property === 'savepoint') {
        const open = Reflect.get(target, property, receiver) as (...args: unknown[]) => Promise<unknown>;
        return (...args: unknown[]) => {
          const body = args.at(-1) as (client: postgres.Sql) => unknown;
          return open.call(target, ...args.slice(0, -1), (client: postgres.Sql) => body(preparing(client)));
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

export function connectDatabase<TSchema extends Record<string, unknown>>(
  url: string,
  schema: TSchema,
  options: { max?: number; applicationName?: string; prepare?: boolean } = {},
): DatabaseHandle<TSchema> {
  let statements = 0;
  const sql = postgres(url, {
    max: options.max ?? 10,
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => {},
    debug: () => {
      statements += 1;
    },
    connection: { application_name: options.applicationName ?? 'sanshe' },
    // bigint columns (fen sums) come back as JS numbers only when safe; we keep them as strings otherwise.
    types: {},
  });
  const db = drizzle(options.prepare === false ? sql : preparing(sql), { schema });
  return {
    db,
    sql,
    async ping() {
      await sql`select 1`;
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
    statementCount: () => statements,
  };
}

/** Applies committed drizzle-kit migrations. Called by each service's `migrate` command, never on import. */
export async function runMigrations(url: string, migrationsFolder: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(sql), { migrationsFolder });
  } finally {
    await sql.end({ timeout: 5 });
  }
}
