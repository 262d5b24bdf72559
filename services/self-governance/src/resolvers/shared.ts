import type { RegionRow } from '../db/schema.ts';
import type { Loaders } from '../loaders.ts';

export const iso = (value: Date | null): string | null => value?.toISOString() ?? null;

/** Every row hangs off a registered community (foreign key), so the lookup cannot miss. */
export async function communityOf(loaders: Loaders, code: string): Promise<RegionRow> {
  const row = await loaders.region.load(code);
  if (!row) throw new Error(`community ${code} is missing from the region tree`);
  return row;
}

export async function required<T>(value: Promise<T | null>, what: string): Promise<T> {
  const row = await value;
  if (row === null) throw new Error(`${what} is missing`);
  return row;
}
