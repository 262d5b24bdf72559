import DataLoader from 'dataloader';
import { inArray } from 'drizzle-orm';
import { isUuid } from '@sanshe/service-kit';
import { grants, programmes, type GrantRow, type ProgrammeRow } from './db/schema.ts';
import { communityTotals, programmeAwarded, type CommunityTotals } from './domain/grant-store.ts';
import type { Db } from './context.ts';

function byIdLoader<Row extends { id: string }>(load: (ids: string[]) => Promise<Row[]>) {
  return new DataLoader<string, Row | null>(async (ids) => {
    const valid = ids.filter(isUuid);
    const rows = valid.length ? await load(valid) : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/** Per request; community totals for a page of communities are two grouped statements. */
export function createLoaders(db: Db) {
  return {
    programme: byIdLoader<ProgrammeRow>((ids) => db.select().from(programmes).where(inArray(programmes.id, ids))),
    grant: byIdLoader<GrantRow>((ids) => db.select().from(grants).where(inArray(grants.id, ids))),
    programmeAwarded: new DataLoader<string, number>((ids) => programmeAwarded(db, ids)),
    communityTotals: new DataLoader<string, CommunityTotals>((codes) => communityTotals(db, codes)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
