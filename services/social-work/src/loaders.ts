import DataLoader from 'dataloader';
import { inArray } from 'drizzle-orm';
import { isUuid } from '@sanshe/service-kit';
import { socialWorkers, type SocialWorkerRow } from './db/schema.ts';
import { countCertified } from './domain/social-worker-store.ts';
import type { Db } from './context.ts';

/** Per request: a page of communities asking for certified counts is one grouped query. */
export function createLoaders(db: Db) {
  return {
    socialWorker: new DataLoader<string, SocialWorkerRow | null>(async (ids) => {
      const valid = ids.filter(isUuid);
      const rows = valid.length ? await db.select().from(socialWorkers).where(inArray(socialWorkers.id, valid)) : [];
      const byId = new Map(rows.map((r) => [r.id, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    certifiedCount: new DataLoader<string, number>((codes) => countCertified(db, codes)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
