import type { RegionLevel as Level } from '@sanshe/events';
import type { RegionLevel, RegionResolvers } from '../generated/resolvers-types.ts';
import { isCommunityRow, listChildren } from '../domain/region-store.ts';

export const toGraphLevel = (level: Level): RegionLevel => level.toUpperCase() as RegionLevel;

export const Region: RegionResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.region.load(ref.code),
  level: (row) => toGraphLevel(row.level),
  parent: (row, _args, { loaders }) => (row.parentCode ? loaders.region.load(row.parentCode) : null),
  children: (row, args, { db }) => listChildren(db, row.code, args),
  community: (row) => (isCommunityRow(row) ? row : null),
};
