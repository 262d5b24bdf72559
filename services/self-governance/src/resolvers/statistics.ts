import { DomainError, parseStatisticsId, selectedFields, statisticsKey, type StatisticsKey } from '@sanshe/service-kit';
import type { QueryResolvers, RegionStatisticsResolvers } from '../generated/resolvers-types.ts';
import { FIGURE_FIELDS, statisticsKeysFor, type CountFigure, type StatisticsRef } from '../domain/region-statistics.ts';
import { toGraph } from '../domain/validation.ts';
import type { Context } from '../context.ts';
import { toGraphLevel } from './region.ts';

/**
 * `RegionStatistics`: public aggregates, no identity needed (src/read-access.ts). Regions come
 * through `loaders.region`, children through `loaders.childRegions` and the figures through
 * `loaders.regionStatistics` — each one statement for every region of the request, so 20
 * regions cost what 1 costs.
 */

/**
 * Unknown codes are the caller's error, named all at once.
 *
 * Looks ahead: when the caller asks for the regions' children too (the dashboard: a district and
 * its streets), their regions load beside the asked ones, and every region's figures that will be
 * asked for load in one batch — one statistics statement over the district's communities instead
 * of one for the district and another for its streets. The field resolvers then find them cached.
 */
export const regionStatistics: QueryResolvers['regionStatistics'] = async (_root, { codes, from, to }, { loaders }, info) => {
  const keys = statisticsKeysFor(codes, from, to);
  const childFields = selectedFields(info, ['children']);
  const [regions, children] = await Promise.all([
    loaders.region.loadMany(keys.map((k) => k.regionCode)),
    childFields ? loaders.childRegions.loadMany(keys.map((k) => k.regionCode)) : null,
  ]);
  const unknown = keys.filter((_k, i) => !regions[i] || regions[i] instanceof Error).map((k) => k.regionCode);
  if (unknown.length > 0) {
    throw new DomainError('NOT_FOUND', `codes: no region ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ' …' : ''}`, 'codes', { unknownCodes: unknown });
  }
  const wanted: StatisticsKey[] = [];
  if (asksForFigures(selectedFields(info))) wanted.push(...keys);
  if (children && asksForFigures(childFields)) {
    for (const list of children) if (Array.isArray(list)) wanted.push(...list.map((region) => statisticsKey(region.code, from, to)));
  }
  // Not awaited: loadMany never rejects (a failed batch comes back as errors, which the field
  // resolvers' own loads then report).
  if (wanted.length > 0) void loaders.regionStatistics.loadMany(wanted);
  return keys.map((key, i) => ({ ...key, region: regions[i] as StatisticsRef['region'] }));
};

const asksForFigures = (fields: Set<string> | null) => fields !== null && [...fields].some((f) => FIGURE_FIELDS.has(f));

const figure =
  (name: CountFigure) =>
  async (ref: StatisticsRef, _args: unknown, { loaders }: Context): Promise<number> =>
    (await loaders.regionStatistics.load(ref))[name];

export const RegionStatistics: RegionStatisticsResolvers = {
  // Another subgraph's id comes back here only when the plan needs this subgraph's fields; a
  // region that is not registered is no entity (null).
  __resolveReference: async (ref, { loaders }) => {
    const key = parseStatisticsId(ref.id);
    const region = await loaders.region.load(key.regionCode);
    return region ? { ...key, region } : null;
  },
  name: (ref) => ref.region.name,
  level: (ref) => toGraphLevel(ref.region.level),
  children: async (ref, _args, { loaders }) =>
    (await loaders.childRegions.load(ref.regionCode)).map((region) => ({ ...statisticsKey(region.code, ref.from, ref.to), region })),
  communities: figure('communities'),
  villages: figure('villages'),
  population: figure('population'),
  households: figure('households'),
  deliberationPlatforms: figure('deliberationPlatforms'),
  deliberationMeetingsHeld: figure('deliberationMeetingsHeld'),
  proposalsByStage: async (ref, _args, { loaders }) =>
    (await loaders.regionStatistics.load(ref)).proposalsByStage.map((s) => ({ stage: toGraph(s.stage), count: s.count })),
  disputesReported: figure('disputesReported'),
  disputesResolved: figure('disputesResolved'),
  needsReported: figure('needsReported'),
  needsFulfilled: figure('needsFulfilled'),
  microWishesPosted: figure('microWishesPosted'),
  microWishesFulfilled: figure('microWishesFulfilled'),
  microProjects: figure('microProjects'),
  microProjectCategories: figure('microProjectCategories'),
};
