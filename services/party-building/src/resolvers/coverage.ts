import type { Resolvers } from '../generated/resolvers-types.ts';
import { listPartyOrganizations } from '../domain/party-lists.ts';
import { coveredPermille } from '../domain/coverage.ts';
import { listUncoveredOrganizations } from '../domain/coverage-store.ts';
import { parseRegionCode } from '../domain/region-scope.ts';

/** Coverage by region, and what party-building contributes to the Community entity. */
export const coverageResolvers: Resolvers = {
  Query: {
    partyCoverage: async (_root, { regionCode }, { loaders }) => {
      const coverage = await loaders.coverage.load(parseRegionCode(regionCode).code);
      return coverage.known ? coverage : null;
    },
  },
  PartyCoverage: {
    coveredPermille: (c) => coveredPermille(c.coveredOrganizationCount, c.organizationCount),
    uncoveredOrganizations: (c, args, { db }) => listUncoveredOrganizations(db, c.regionCode, args),
  },
  Community: {
    __resolveReference: (ref) => ({ code: ref.code }),
    partyOrganizations: (community, args, { db, identity }) => listPartyOrganizations(db, identity, { regionCode: community.code, exact: true }, args),
    // A community this service has not heard of yet still gets its (zero) figures, not an error.
    partyCoverage: (community, _args, { loaders }) => loaders.coverage.load(community.code),
  },
};
