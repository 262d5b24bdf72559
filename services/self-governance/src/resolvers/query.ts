import type { QueryResolvers } from '../generated/resolvers-types.ts';
import { listCommunities } from '../domain/region-store.ts';
import { listDisclosures } from '../domain/disclosure-store.ts';
import { listDisputes } from '../domain/dispute-store.ts';
import { listEvaluations } from '../domain/evaluation-store.ts';
import { listMicroProjects } from '../domain/micro-project-store.ts';
import { listMicroWishes } from '../domain/micro-wish-store.ts';
import { listNeeds } from '../domain/need-store.ts';
import { listMeetings } from '../domain/platform-store.ts';
import { listProposals } from '../domain/proposal-store.ts';
import { optionalFromGraph as down } from '../domain/validation.ts';
import { mayReadDisclosure, mayReadDispute, mayReadNeed, visibleOrNull } from '../read-access.ts';
import { loadCommunity } from './community.ts';
import { regionStatistics } from './statistics.ts';

export const Query: QueryResolvers = {
  community: (_root, { code }, { loaders }) => loadCommunity(loaders, code),
  region: (_root, { code }, { loaders }) => loaders.region.load(code),
  communities: (_root, args, { db }) => listCommunities(db, args),

  // By id: an id that is not a UUID (or a code of the wrong shape) is simply not found.
  residentsCommittee: (_root, { id }, { loaders }) => loaders.committee.load(id),
  communityServiceStation: (_root, { id }, { loaders }) => loaders.station.load(id),
  residentGroup: (_root, { id }, { loaders }) => loaders.group.load(id),
  grid: (_root, { code }, { loaders }) => loaders.grid.load(code),
  building: (_root, { id }, { loaders }) => loaders.building.load(id),
  buildingUnit: (_root, { id }, { loaders }) => loaders.unit.load(id),
  deliberationPlatform: (_root, { id }, { loaders }) => loaders.platform.load(id),
  deliberationMeeting: (_root, { id }, { loaders }) => loaders.meeting.load(id),
  proposal: (_root, { id }, { loaders }) => loaders.proposal.load(id),
  dispute: async (_root, { id }, { loaders, identity }) => visibleOrNull(await loaders.dispute.load(id), (r) => mayReadDispute(identity, r)),
  need: async (_root, { id }, { loaders, identity }) => visibleOrNull(await loaders.need.load(id), (r) => mayReadNeed(identity, r)),
  microWish: (_root, { id }, { loaders }) => loaders.microWish.load(id),
  microProject: (_root, { id }, { loaders }) => loaders.microProject.load(id),
  disclosure: async (_root, { id }, { loaders, identity }) => visibleOrNull(await loaders.disclosure.load(id), (r) => mayReadDisclosure(identity, r)),
  communityEvaluation: (_root, { id }, { loaders }) => loaders.evaluation.load(id),

  // Across communities, for the data office; `within` is a district, street or community code.
  deliberationMeetings: (_root, args, { db }) => listMeetings(db, { within: args.within, kind: down(args.kind), status: down(args.status) }, args),
  proposals: (_root, args, { db }) => listProposals(db, { within: args.within, stage: down(args.stage) }, args),
  disputes: (_root, args, { db, identity }) => listDisputes(db, { reader: identity, within: args.within, status: down(args.status), category: down(args.category) }, args),
  needs: (_root, args, { db, identity }) =>
    listNeeds(db, { reader: identity, within: args.within, status: down(args.status), category: down(args.category), urgency: down(args.urgency) }, args),
  microWishes: (_root, args, { db }) => listMicroWishes(db, { within: args.within, status: down(args.status), category: down(args.category) }, args),
  microProjects: (_root, args, { db }) =>
    listMicroProjects(db, { within: args.within, status: down(args.status), category: down(args.category) }, args),
  disclosures: (_root, args, { db, identity }) =>
    listDisclosures(db, { reader: identity, within: args.within, category: down(args.category), period: args.period, status: down(args.status) }, args),
  communityEvaluations: (_root, args, { db }) => listEvaluations(db, { within: args.within, kind: down(args.kind), period: args.period }, args),

  // Public aggregates for the data office (src/resolvers/statistics.ts).
  regionStatistics,
};
