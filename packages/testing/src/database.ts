import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { ensurePostgres } from '@sanshe/infra/local';
import { repoRoot, SERVICE_DATABASE, type ServiceName } from '@sanshe/infra/services';
import { connectDatabase, runMigrations, type AnyPgTx, type DatabaseHandle } from '@sanshe/service-kit';
import { testInfra } from './infra.ts';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * Runs `fn` in one transaction of a test subgraph's database, as a consumer runs its handler: for
 * tests that call domain functions taking a transaction directly.
 */
export function inTransaction<T>(database: Pick<DatabaseHandle<Record<string, unknown>>, 'db'>, fn: (tx: AnyPgTx) => Promise<T>): Promise<T> {
  return (database.db as unknown as { transaction<R>(f: (tx: AnyPgTx) => Promise<R>): Promise<R> }).transaction(fn);
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
}

/**
 * A fresh database for one test file, cloned from the service's migrated template. Where
 * PostgreSQL is embedded (no templates), a new embedded database is migrated instead.
 */
export async function createTestDatabase(service: ServiceName): Promise<TestDatabase> {
  const infra = testInfra();
  const name = `t_${SERVICE_DATABASE[service]}_${randomBytes(5).toString('hex')}`;
  if (infra.adminUrl) {
    const template = new URL(infra.templateUrls[service]!).pathname.slice(1);
    const admin = postgres(infra.adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}" template "${template}"`);
    await admin.end();
    return { url: withDatabase(infra.adminUrl, name), drop: () => dropDatabase(infra.adminUrl!, name) };
  }
  const target = await ensurePostgres({ forceEmbedded: true, dataDir: ':memory:' });
  const url = await target.ensureDatabase(name);
  await runMigrations(url, join(repoRoot, 'services', service, 'drizzle'));
  return { url, drop: () => target.stop() };
}

export interface PartlyMigratedDatabase extends TestDatabase {
  /** Applies the service's remaining migrations. */
  migrateOn(): Promise<void>;
  /** A pool on the database, as the service opens one; `drop()` closes it first. */
  connect<TSchema extends Record<string, unknown>>(schema: TSchema): DatabaseHandle<TSchema>;
}

/**
 * An empty database migrated only up to the migration tagged `lastTag` (as `0005_…` in the
 * service's drizzle journal), for a test of what a later migration does to rows written the old
 * way: write them, then `migrateOn()`. Needs a PostgreSQL server (testInfra().adminUrl).
 */
export async function createDatabaseMigratedTo(service: ServiceName, lastTag: string): Promise<PartlyMigratedDatabase> {
  const infra = testInfra();
  if (!infra.adminUrl) throw new Error('a partly migrated database needs a PostgreSQL server');
  const migrations = join(repoRoot, 'services', service, 'drizzle');
  // The migrations folder as it was then: the journal cut after lastTag.
  const earlier = mkdtempSync(join(tmpdir(), `${service}-migrations-`));
  cpSync(migrations, earlier, { recursive: true });
  const journalPath = join(earlier, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
  const last = journal.entries.findIndex((e) => e.tag === lastTag);
  if (last < 0) throw new Error(`${service} has no migration tagged ${lastTag}`);
  journal.entries = journal.entries.slice(0, last + 1);
  writeFileSync(journalPath, JSON.stringify(journal));

  const name = `t_${SERVICE_DATABASE[service]}_${randomBytes(5).toString('hex')}`;
  const admin = postgres(infra.adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = withDatabase(infra.adminUrl, name);
  await runMigrations(url, earlier);
  const pools: DatabaseHandle<Record<string, unknown>>['close'][] = [];
  return {
    url,
    migrateOn: () => runMigrations(url, migrations),
    connect<TSchema extends Record<string, unknown>>(schema: TSchema) {
      const handle = connectDatabase(url, schema);
      pools.push(() => handle.close());
      return handle;
    },
    async drop() {
      for (const close of pools) await close();
      rmSync(earlier, { recursive: true, force: true });
      await dropDatabase(infra.adminUrl!, name);
    },
  };
}
