import type { CommunityResolvers } from '../generated/resolvers-types.ts';
import { listServiceStations, listResidentGroups } from '../domain/community-bodies-store.ts';
import { listDisclosures } from '../domain/disclosure-store.ts';
import { listDisputes } from '../domain/dispute-store.ts';
import { listEvaluations } from '../domain/evaluation-store.ts';
import { listAreaLeaders, listGrids } from '../domain/grid-store.ts';
import { listMicroProjects } from '../domain/micro-project-store.ts';
import { listMicroWishes } from '../domain/micro-wish-store.ts';
import { listNeeds } from '../domain/need-store.ts';
import { listMeetings, listPlatforms } from '../domain/platform-store.ts';
import { listProposals } from '../domain/proposal-store.ts';
import { period } from '../domain/validation.ts';
import { optionalFromGraph as down } from '../domain/validation.ts';

/** What self-governance tells about a community beyond the region tree: connections a portal pages through. */
export const communityFields: CommunityResolvers = {
  residentsCommittee: (row, _args, { loaders }) => loaders.committeeByCommunity.load(row.code),
  serviceStations: (row, args, { db }) => listServiceStations(db, row.code, args),
  residentGroups: (row, args, { db }) => listResidentGroups(db, row.code, args),
  grids: (row, args, { db }) => listGrids(db, row.code, args),
  areaLeaders: (row, args, { db }) => listAreaLeaders(db, row.code, down(args.level), args),
  deliberationPlatforms: (row, args, { db }) => listPlatforms(db, row.code, args),
  deliberationMeetings: (row, args, { db }) =>
    listMeetings(db, { communityCode: row.code, kind: down(args.kind), status: down(args.status) }, args),
  proposals: (row, args, { db }) => listProposals(db, { communityCode: row.code, stage: down(args.stage) }, args),
  disputes: (row, args, { db, identity }) =>
    listDisputes(db, { reader: identity, communityCode: row.code, status: down(args.status), category: down(args.category), gridCode: args.gridCode }, args),
  needs: (row, args, { db, identity }) =>
    listNeeds(
      db,
      { reader: identity, communityCode: row.code, status: down(args.status), category: down(args.category), urgency: down(args.urgency), gridCode: args.gridCode },
      args,
    ),
  microWishes: (row, args, { db }) =>
    listMicroWishes(db, { communityCode: row.code, status: down(args.status), category: down(args.category), gridCode: args.gridCode }, args),
  microProjects: (row, args, { db }) =>
    listMicroProjects(db, { communityCode: row.code, status: down(args.status), category: down(args.category) }, args),
  disclosures: (row, args, { db, identity }) =>
    listDisclosures(db, { reader: identity, communityCode: row.code, category: down(args.category), period: args.period, status: down(args.status) }, args),
  disclosureCoverage: (row, args, { loaders }) => loaders.coverage.load({ code: row.code, period: period(args.period, 'period') }),
  evaluations: (row, args, { db }) => listEvaluations(db, { communityCode: row.code, kind: down(args.kind), period: args.period }, args),
};
