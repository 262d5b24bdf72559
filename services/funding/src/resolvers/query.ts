import type { QueryResolvers } from '../generated/resolvers-types.ts';
import { listFunds } from '../domain/fund-store.ts';
import { listGrants } from '../domain/grant-list.ts';
import { moneyByRegion } from '../domain/money-report.ts';
import { listProgrammes } from '../domain/programme-store.ts';
import { listRounds } from '../domain/round-store.ts';
import { mayReadApplication } from '../authorization.ts';
import { optionalFromGraphql } from './enums.ts';

/** Thin: each field is a loader or a domain list; unknown or malformed ids are null, never an error. */
export const Query: QueryResolvers = {
  fund: (_root, { id }, { loaders }) => loaders.fund.load(id),
  funds: (_root, { filter, ...page }, { db }) =>
    listFunds(db, { source: optionalFromGraphql(filter?.source), purpose: optionalFromGraphql(filter?.purpose), regionCode: filter?.regionCode }, page),
  programme: (_root, { id }, { loaders }) => loaders.programme.load(id),
  programmes: (_root, { filter, ...page }, { db }) =>
    listProgrammes(db, { kind: optionalFromGraphql(filter?.kind), fundId: filter?.fundId, ownerRegionCode: filter?.ownerRegionCode }, page),
  fundingRound: (_root, { id }, { loaders }) => loaders.round.load(id),
  fundingRounds: (_root, { filter, ...page }, { db }) => listRounds(db, { programmeId: filter?.programmeId, status: optionalFromGraphql(filter?.status) }, page),
  application: async (_root, { id }, { loaders, identity }) => {
    const application = await loaders.application.load(id);
    return application && mayReadApplication(identity, application) ? application : null;
  },
  grant: (_root, { id }, { loaders }) => loaders.grant.load(id),
  grants: (_root, { filter, ...page }, { db }) => listGrants(db, { ...filter, status: optionalFromGraphql(filter?.status) }, page),
  microWishPledge: (_root, { microWishId }, { loaders }) => loaders.pledgeOfWish.load(microWishId),
  moneyByRegion: (_root, args, { db }) => moneyByRegion(db, args),
};

