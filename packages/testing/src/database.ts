import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import postgres from 'postgres';
import { ensurePostgres } from '@sanshe/infra/local';
import { repoRoot, SERVICE_DATABASE, type ServiceName } from '@sanshe/infra/services';
import { runMigrations } from '@sanshe/service-kit';
import { testInfra } from './infra.ts';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
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
    return {
      url: withDatabase(infra.adminUrl, name),
      async drop() {
        const a = postgres(infra.adminUrl!, { max: 1, onnotice: () => {} });
        await a.unsafe(`drop database if exists "${name}" with (force)`);
        await a.end();
      },
    };
  }
  const target = await ensurePostgres({ forceEmbedded: true, dataDir: ':memory:' });
  const url = await target.ensureDatabase(name);
  await runMigrations(url, join(repoRoot, 'services', service, 'drizzle'));
  return { url, drop: () => target.stop() };
}
