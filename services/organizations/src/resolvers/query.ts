import { DomainError } from '@sanshe/service-kit';
import { regionCode } from '@sanshe/events';
import type { QueryResolvers } from '../generated/resolvers-types.ts';
import { visibleOrganizations } from '../authorization.ts';
import { visibleOrNull } from './organization.ts';
import { listIncubationCenters } from '../domain/incubation-store.ts';
import { parseFilter, searchOrganizations } from '../domain/organization-search.ts';
import { lowerEnums } from './enums.ts';

const FILTER_ENUMS = ['track', 'category', 'serviceField', 'state', 'hubKind'] as const;

export const Query: QueryResolvers = {
  organization: async (_root, { id }, { loaders, identity }) => visibleOrNull(identity, await loaders.organization.load(id)),
  organizations: (_root, { filter, first, after }, { db, identity }) =>
    searchOrganizations(db, parseFilter(filter ? lowerEnums(filter, FILTER_ENUMS) : {}), { first, after }, visibleOrganizations(identity)),
  incubationCenter: (_root, { id }, { loaders }) => loaders.incubationCenter.load(id),
  incubationCenters: (_root, { regionCode: code, first, after }, { db }) => {
    if (code != null && !regionCode.safeParse(code).success) {
      throw new DomainError('BAD_USER_INPUT', 'a region code has 6, 9 or 12 digits', 'regionCode');
    }
    return listIncubationCenters(db, { regionCode: code, first, after });
  },
};
