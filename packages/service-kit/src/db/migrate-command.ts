import { parseEnvironment, vars, z } from '@sanshe/env';
import { runMigrations } from './database.ts';

/** Body of each service's `pnpm migrate`: reads DATABASE_URL and applies the committed migrations. */
export async function migrateFromEnvironment(service: string, migrationsFolder: URL): Promise<void> {
  const env = parseEnvironment({ database: z.object({ DATABASE_URL: vars.url() }) });
  await runMigrations(env.database.DATABASE_URL, migrationsFolder.pathname);
  console.log(`${service}: migrations applied`);
}
