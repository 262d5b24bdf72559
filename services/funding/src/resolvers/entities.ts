import type {
  CommunityFundingResolvers,
  CommunityResolvers,
  MoneyByRegionResolvers,
  OrganizationResolvers,
  ProgrammeMoneyResolvers,
  RegionStatisticsResolvers,
} from '../generated/resolvers-types.ts';
import { listApplications } from '../domain/application-store.ts';
import { listGrants } from '../domain/grant-list.ts';
import { visibleApplications } from '../authorization.ts';
import { applications } from '../db/programme-tables.ts';
import { optionalFromGraphql } from './enums.ts';

/** Community and Organization belong to other subgraphs; funding contributes fields from its own data. */
export const Community: CommunityResolvers = {
  __resolveReference: (ref) => ({ code: ref.code }),
  funding: (community) => ({ code: community.code }),
};

export const CommunityFunding: CommunityFundingResolvers = {
  awardedFen: async (c, _a, { loaders }) => (await loaders.communityTotals.load(c.code)).awardedFen,
  grantCount: async (c, _a, { loaders }) => (await loaders.communityTotals.load(c.code)).grantCount,
  paidFen: async (c, _a, { loaders }) => (await loaders.communityTotals.load(c.code)).paidFen,
  subsidiesPaidFen: async (c, _a, { loaders }) => (await loaders.communityTotals.load(c.code)).subsidiesPaidFen,
  grants: (c, { status, ...page }, { db }) => listGrants(db, { communityCode: c.code, status: optionalFromGraphql(status) }, page),
};

export const Organization: OrganizationResolvers = {
  __resolveReference: (ref) => ({ id: ref.id }),
  applications: (o, { status, ...page }, { db, identity }) =>
    listApplications(db, { organizationId: o.id, status: optionalFromGraphql(status), visible: visibleApplications(identity, applications.communityCode, applications.organizationId) }, page),
  grants: (o, { status, ...page }, { db }) => listGrants(db, { organizationId: o.id, status: optionalFromGraphql(status) }, page),
};

export const MoneyByRegion: MoneyByRegionResolvers = {
  programme: (m, _a, { loaders }) => (m.programmeId ? loaders.programme.load(m.programmeId) : null),
};

export const ProgrammeMoney: ProgrammeMoneyResolvers = {
  programme: (m, _a, { loaders }) => (m.programmeId ? loaders.programme.load(m.programmeId) : null),
};

/** Funding's fields of the `RegionStatistics` entity (self-governance owns it and hands out ids). */
export const RegionStatistics: RegionStatisticsResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.statistics.load(ref.id),
};
