import DataLoader from 'dataloader';
import { inArray } from 'drizzle-orm';
import { regions, type RegionRow } from './db/schema.ts';
import type { Db } from './context.ts';

/** Created per request: a list of communities resolving their streets is one query, not N. */
export function createLoaders(db: Db) {
  return {
    region: new DataLoader<string, RegionRow | null>(async (codes) => {
      const rows = await db.select().from(regions).where(inArray(regions.code, [...codes]));
      const byCode = new Map(rows.map((r) => [r.code, r]));
      return codes.map((c) => byCode.get(c) ?? null);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
