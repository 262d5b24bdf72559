import DataLoader from 'dataloader';
import { inArray } from 'drizzle-orm';
import { isUuid } from '@sanshe/service-kit';
import { organizations, type OrganizationRow } from './db/schema.ts';
import type { Db } from './context.ts';

/** Per request, so entity batches from the gateway become one query. */
export function createLoaders(db: Db) {
  return {
    organization: new DataLoader<string, OrganizationRow | null>(async (ids) => {
      const valid = ids.filter(isUuid);
      const rows = valid.length ? await db.select().from(organizations).where(inArray(organizations.id, valid)) : [];
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
