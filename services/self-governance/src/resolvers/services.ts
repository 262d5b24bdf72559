import type { Resolvers } from '../generated/resolvers-types.ts';
import { toGraph } from '../domain/validation.ts';
import { mayReadDispute, mayReadNeed, mayReadWishDetails, visibleOrNull } from '../read-access.ts';
import { claimantLabel } from './personal.ts';
import { communityOf, iso } from './shared.ts';

/** Disputes, needs, micro-wishes and micro-projects. */
export const serviceResolvers: Resolvers = {
  Dispute: {
    __resolveReference: async (ref, { loaders, identity }) => visibleOrNull(await loaders.dispute.load(ref.id), (r) => mayReadDispute(identity, r)),
    community: (row, _args, { loaders }) => communityOf(loaders, row.communityCode),
    grid: (row, _args, { loaders }) => (row.gridCode ? loaders.grid.load(row.gridCode) : null),
    category: (row) => toGraph(row.category),
    parties: async (row, _args, { loaders }) => (await loaders.partiesOf.load(row.id)).map((p) => ({ ...p, communityCode: row.communityCode })),
    status: (row) => toGraph(row.status),
    reportedAt: (row) => row.reportedAt.toISOString(),
    mediationStartedAt: (row) => iso(row.mediationStartedAt),
    closedAt: (row) => iso(row.closedAt),
  },
  Need: {
    __resolveReference: async (ref, { loaders, identity }) => visibleOrNull(await loaders.need.load(ref.id), (r) => mayReadNeed(identity, r)),
    community: (row, _args, { loaders }) => communityOf(loaders, row.communityCode),
    grid: (row, _args, { loaders }) => (row.gridCode ? loaders.grid.load(row.gridCode) : null),
    category: (row) => toGraph(row.category),
    urgency: (row) => toGraph(row.urgency),
    reporter: (row) => ({ name: row.reporterName, phone: row.reporterPhone, communityCode: row.communityCode, entity: 'Need', entityId: row.id, field: 'reporter' }),
    status: (row) => toGraph(row.status),
    microWish: (row, _args, { loaders }) => (row.microWishId ? loaders.microWish.load(row.microWishId) : null),
    reportedAt: (row) => row.reportedAt.toISOString(),
    serviceStartedAt: (row) => iso(row.serviceStartedAt),
    closedAt: (row) => iso(row.closedAt),
  },
  MicroWish: {
    __resolveReference: (ref, { loaders }) => loaders.microWish.load(ref.id),
    community: (row, _args, { loaders }) => communityOf(loaders, row.communityCode),
    grid: (row, _args, { loaders }) => (row.gridCode ? loaders.grid.load(row.gridCode) : null),
    category: (row) => toGraph(row.category),
    description: (row, _args, { identity }) => (mayReadWishDetails(identity, row) ? row.description : null),
    poster: (row) => ({ name: row.posterName, phone: row.posterPhone, communityCode: row.communityCode, entity: 'MicroWish', entityId: row.id, field: 'poster' }),
    status: (row) => toGraph(row.status),
    claimant: (row) => (row.claimantKind === null ? null : row),
    need: async (row, _args, { loaders, identity }) => visibleOrNull(await loaders.needOfWish.load(row.id), (r) => mayReadNeed(identity, r)),
    fulfilledVia: (row) => (row.fulfilledVia === null ? null : toGraph(row.fulfilledVia)),
    postedAt: (row) => row.postedAt.toISOString(),
    claimedAt: (row) => iso(row.claimedAt),
    fulfilledAt: (row) => iso(row.fulfilledAt),
  },
  MicroWishClaimant: {
    kind: (row) => toGraph(row.claimantKind!),
    id: (row) => row.claimantId,
    label: claimantLabel,
    organization: (row) => (row.claimantKind === 'organization' && row.claimantId ? { id: row.claimantId } : null),
  },
  MicroProject: {
    __resolveReference: (ref, { loaders }) => loaders.microProject.load(ref.id),
    community: (row, _args, { loaders }) => communityOf(loaders, row.communityCode),
    category: (row) => toGraph(row.category),
    proposal: (row, _args, { loaders }) => (row.proposalId ? loaders.proposal.load(row.proposalId) : null),
    implementer: (row) => (row.organizationId ? { id: row.organizationId } : null),
    status: (row) => toGraph(row.status),
    createdAt: (row) => row.createdAt.toISOString(),
    startedAt: (row) => iso(row.startedAt),
    closedAt: (row) => iso(row.closedAt),
  },
};
