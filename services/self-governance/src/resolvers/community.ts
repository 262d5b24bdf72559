import type { CommunityResolvers } from '../generated/resolvers-types.ts';
import { isCommunityRow } from '../domain/region-store.ts';
import { toGraphLevel } from './region.ts';
import type { Loaders } from '../loaders.ts';
import type { RegionRow } from '../db/schema.ts';

async function community(loaders: Loaders, code: string): Promise<RegionRow | null> {
  const row = await loaders.region.load(code);
  return isCommunityRow(row) ? row : null;
}

async function ancestor(loaders: Loaders, code: string | null): Promise<RegionRow> {
  const row = code ? await loaders.region.load(code) : null;
  // The tree is written parent-first and never pruned, so a community's ancestors exist.
  if (!row) throw new Error(`region tree is missing ancestor ${code}`);
  return row;
}

export const Community: CommunityResolvers = {
  __resolveReference: (ref, { loaders }) => community(loaders, ref.code),
  level: (row) => toGraphLevel(row.level),
  street: (row, _args, { loaders }) => ancestor(loaders, row.streetCode),
  district: (row, _args, { loaders }) => ancestor(loaders, row.districtCode),
};

export { community as loadCommunity };
