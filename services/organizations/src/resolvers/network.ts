import type {
  FederationMembershipResolvers,
  IncubationCenterKind,
  IncubationCenterResolvers,
  IncubationStage,
  IncubationStintResolvers,
  VenueLoanResolvers,
} from '../generated/resolvers-types.ts';
import type { OrganizationRow } from '../db/schema.ts';
import type { Identity } from '@sanshe/service-kit';
import type { IncubationStintRow } from '../db/schema.ts';
import { mayReadOrganization } from '../authorization.ts';
import type { Loaders } from '../loaders.ts';
import { upper } from './enums.ts';

/** A reference to an organization from a row of this service always resolves. */
async function organization(loaders: Loaders, id: string): Promise<OrganizationRow> {
  const row = await loaders.organization.load(id);
  if (!row) throw new Error(`organization ${id} referenced but missing`);
  return row;
}

/**
 * A centre's stints of organizations the caller may see: a stint of an organization still
 * preparing, outside the caller's scope, is neither listed nor counted.
 */
async function visibleStints(loaders: Loaders, identity: Identity, centerId: string): Promise<IncubationStintRow[]> {
  const all = await loaders.stintsByCenter.load(centerId);
  const orgs = await loaders.organization.loadMany(all.map((s) => s.organizationId));
  return all.filter((_s, i) => {
    const org = orgs[i];
    return org != null && !(org instanceof Error) && mayReadOrganization(identity, org);
  });
}

export const IncubationCenter: IncubationCenterResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.incubationCenter.load(ref.id),
  kind: (row) => upper<IncubationCenterKind>(row.kind),
  occupancy: async (row, _args, { loaders, identity }) => (await visibleStints(loaders, identity, row.id)).filter((s) => s.endedOn === null).length,
  stints: async (row, { activeOnly }, { loaders, identity }) => {
    const all = await visibleStints(loaders, identity, row.id);
    return activeOnly ? all.filter((s) => s.endedOn === null) : all;
  },
  createdAt: (row) => row.createdAt.toISOString(),
};

export const IncubationStint: IncubationStintResolvers = {
  center: async (row, _args, { loaders }) => (await loaders.incubationCenter.load(row.centerId))!,
  organization: (row, _args, { loaders }) => organization(loaders, row.organizationId),
  stage: (row) => upper<IncubationStage>(row.stage),
  graduatedOn: (row) => (row.stage === 'graduated' ? row.endedOn : null),
  active: (row) => row.endedOn === null,
};

export const FederationMembership: FederationMembershipResolvers = {
  federation: (row, _args, { loaders }) => organization(loaders, row.federationId),
  member: (row, _args, { loaders }) => organization(loaders, row.memberId),
  active: (row) => row.leftOn === null,
};

export const VenueLoan: VenueLoanResolvers = {
  organization: (row, _args, { loaders }) => organization(loaders, row.organizationId),
  community: (row) => ({ code: row.communityCode }),
  zeroRent: (row) => row.monthlyRentFen === 0,
};
