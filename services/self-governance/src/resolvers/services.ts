import type { Resolvers } from '../generated/resolvers-types.ts';
import { toGraph } from '../domain/validation.ts';
import { communityOf, iso, maskedLabel } from './shared.ts';

/** Disputes, needs, micro-wishes and micro-projects. */
export const serviceResolvers: Resolvers = {
  Dispute: {
    __resolveReference: (ref, { loaders }) => loaders.dispute.load(ref.id),
    community: (row, _args, { loaders }) => communityOf(loaders, row.communityCode),
    grid: (row, _args, { loaders }) => (row.gridCode ? loaders.grid.load(row.gridCode) : null),
    category: (row) => toGraph(row.category),
    parties: (row, _args, { loaders }) => loaders.partiesOf.load(row.id),
    status: (row) => toGraph(row.status),
    reportedAt: (row) => row.reportedAt.toISOString(),
    mediationStartedAt: (row) => iso(row.mediationStartedAt),
    closedAt: (row) => iso(row.closedAt),
  },
  Need: {
    __resolveReference: (ref, { loaders }) => loaders.need.load(ref.id),
    community: (row, _args, { loaders }) => communityOf(loaders, row.communityCode),
    grid: (row, _args, { loaders }) => (row.gridCode ? loaders.grid.load(row.gridCode) : null),
    category: (row) => toGraph(row.category),
    urgency: (row) => toGraph(row.urgency),
    reporter: (row) => ({ name: row.reporterName, phone: row.reporterPhone }),
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
    poster: (row) => ({ name: row.posterName, phone: row.posterPhone }),
    status: (row) => toGraph(row.status),
    claimant: (row) => (row.claimantKind === null ? null : row),
    need: (row, _args, { loaders }) => loaders.needOfWish.load(row.id),
    fulfilledVia: (row) => (row.fulfilledVia === null ? null : toGraph(row.fulfilledVia)),
    postedAt: (row) => row.postedAt.toISOString(),
    claimedAt: (row) => iso(row.claimedAt),
    fulfilledAt: (row) => iso(row.fulfilledAt),
  },
  MicroWishClaimant: {
    kind: (row) => toGraph(row.claimantKind!),
    id: (row) => row.claimantId,
    label: (row, _args, { identity }) => maskedLabel(row.claimantLabel, row.claimantKind !== 'organization', identity),
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
