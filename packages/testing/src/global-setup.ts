/**
 * Vitest global setup, run once per `pnpm test`: finds (or starts) PostgreSQL and NATS the same
 * way `pnpm start` does, and builds one migrated template database per service. Test files clone
 * the template (`CREATE DATABASE … TEMPLATE …`), which is much faster than migrating per file and
 * keeps files isolated from each other.
 */
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { ensureNats, ensurePostgres, type PostgresTarget, type NatsTarget } from '@sanshe/infra/local';
import { SERVICES, SERVICE_DATABASE, repoRoot } from '@sanshe/infra/services';
import { runMigrations } from '@sanshe/service-kit';
import { join } from 'node:path';
import type { TestInfra } from './infra.ts';

let pg: PostgresTarget | null = null;
let nats: NatsTarget | null = null;
let templates: string[] = [];

export async function setup(project: TestProject): Promise<void> {
  const log = (line: string) => console.log(`[test infra] ${line}`);
  pg = await ensurePostgres({ log });
  nats = await ensureNats({ log });
  if (nats.mode === 'absent') throw new Error('tests need NATS: install nats-server or set NATS_URL');
  // Each project (integration, e2e) runs its own setup: templates are named per setup call.
  const runId = `${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const templateUrls: Record<string, string> = {};
  if (pg.supportsTemplates) {
    await Promise.all(
      SERVICES.map(async (service) => {
        const name = `tpl_${SERVICE_DATABASE[service]}_${runId}`;
        const url = await pg!.ensureDatabase(name);
        await runMigrations(url, join(repoRoot, 'services', service, 'drizzle'));
        templateUrls[service] = url;
        templates.push(name);
      }),
    );
  }
  const infra: TestInfra = {
    postgresMode: pg.mode,
    adminUrl: pg.supportsTemplates ? pg.urlFor('postgres') : null,
    templateUrls,
    natsUrl: nats.url,
    maxConnections: pg.maxConnections,
  };
  project.provide('sansheInfra', infra);
  log(`${pg.describe()}; ${nats.describe()}`);
}

export async function teardown(): Promise<void> {
  if (pg?.supportsTemplates && templates.length > 0) {
    const admin = postgres(pg.urlFor('postgres'), { max: 1, onnotice: () => {} });
    for (const name of templates) await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
  templates = [];
  await nats?.stop();
  await pg?.stop();
}
