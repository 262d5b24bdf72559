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

export function connectDatabase<TSchema extends Record<string, unknown>>(
  url: string,
  schema: TSchema,
  options: { max?: number; applicationName?: string } = {},
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
  const db = drizzle(sql, { schema });
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
