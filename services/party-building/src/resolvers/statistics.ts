import type { Resolvers } from '../generated/resolvers-types.ts';
import { fromKind } from './enums.ts';

/** Party-building's fields of the `RegionStatistics` entity (self-governance owns it and hands out ids). */
export const statisticsResolvers: Resolvers = {
  RegionStatistics: {
    __resolveReference: (ref, { loaders }) => loaders.statistics.load(ref.id),
  },
  PartyOrganizationKindCount: {
    kind: (c) => fromKind(c.kind),
  },
};
