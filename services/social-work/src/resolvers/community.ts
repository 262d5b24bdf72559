import type { CommunityResolvers } from '../generated/resolvers-types.ts';
import { listCases } from '../domain/case-query-store.ts';
import { listFundedPosts, vacantPosts, type FundedPostsStatus } from '../domain/funded-posts-store.ts';
import { listSocialWorkers } from '../domain/social-worker-store.ts';
import { listVolunteers } from '../domain/volunteer-store.ts';
import { listStations } from '../domain/workforce-store.ts';
import { lowerEnums } from './convert.ts';

export const Community: CommunityResolvers = {
  __resolveReference: (ref) => ({ code: ref.code }),
  socialWorkers: (community, { certified, ...page }, { db }) => listSocialWorkers(db, { communityCode: community.code, certified }, page),
  certifiedSocialWorkerCount: (community, _args, { loaders }) => loaders.certifiedCount.load(community.code),
  socialWorkStations: (community, { kind, ...page }, { db }) => listStations(db, lowerEnums({ within: community.code, kind }, ['kind']), page),
  volunteers: (community, { skill, ...page }, { db, loaders }) => listVolunteers(db, lowerEnums({ within: community.code, skill }, ['skill']), page, loaders.viewer),
  volunteerCount: (community, _args, { loaders }) => loaders.volunteerCount.load(community.code),
  volunteerMinutes: (community, _args, { loaders }) => loaders.volunteerMinutes.load(community.code),
  serviceCases: (community, { status, ...page }, { db, loaders }) =>
    listCases(db, lowerEnums({ communityCode: community.code, status }, ['status']), page, loaders.viewer),
  openServiceCaseCount: (community, _args, { loaders }) => loaders.openCasesOfCommunity.load(community.code),
  fundedSocialWorkPosts: async (community, _args, { loaders }) => (await loaders.fundedPosts.load(community.code)).funded,
  vacantFundedPosts: async (community, _args, { loaders }) => vacantPosts(await loaders.fundedPosts.load(community.code)),
  fundedPosts: (community, { status, ...page }, { db }) => listFundedPosts(db, community.code, status ? (status.toLowerCase() as FundedPostsStatus) : null, page),
};
