import type { OrganizationCategory, OrganizationTrack, RegionStatisticsResolvers, ServiceField } from '../generated/resolvers-types.ts';
import { gradeLabel } from '../domain/grading.ts';
import { perTenThousand } from '../domain/region-statistics.ts';
import { upper } from './enums.ts';

/**
 * The organizations' fields of the shared `RegionStatistics` entity. Aggregates only, public and
 * the same for every caller: no identity is consulted. The gateway sends `population` (from
 * self-governance) with the representation when organizationsPer10kResidents is asked for.
 */
export const RegionStatistics: RegionStatisticsResolvers = {
  __resolveReference: async (ref, { loaders }) => ({
    ...(await loaders.regionStatistics.load(ref.id)),
    population: 'population' in ref ? ref.population : null,
  }),
  organizationsByTrack: (s) => s.organizationsByTrack.map(({ track, count }) => ({ track: upper<OrganizationTrack>(track), count })),
  organizationsByCategory: (s) => s.organizationsByCategory.map(({ category, count }) => ({ category: upper<OrganizationCategory>(category), count })),
  organizationsByGrade: (s) => s.organizationsByGrade.map(({ grade, count }) => ({ grade, label: gradeLabel(grade), count })),
  organizationsByServiceField: (s) =>
    s.organizationsByServiceField.map(({ serviceField, count }) => ({ serviceField: upper<ServiceField>(serviceField), count })),
  organizationsPer10kResidents: (s) => perTenThousand(s.organizations, s.population),
};
