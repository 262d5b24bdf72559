import type { Resolvers } from '../generated/resolvers-types.ts';
import { listMembers, listTerms } from '../domain/committee-store.ts';
import { listBuildings, listUnits } from '../domain/grid-store.ts';
import { optionalFromGraph, toGraph } from '../domain/validation.ts';
import { communityOf, iso, required } from './shared.ts';

/** 居委会 and its terms and members, 工作站, 居民小组, grids, buildings, units and the 三长. */
export const structureResolvers: Resolvers = {
  ResidentsCommittee: {
    __resolveReference: (ref, { loaders }) => loaders.committee.load(ref.id),
    community: (row, _args, { loaders }) => communityOf(loaders, row.communityCode),
    currentTerm: (row, _args, { loaders }) => loaders.currentTerm.load(row.id),
    terms: (row, args, { db }) => listTerms(db, row.id, args),
    createdAt: (row) => row.createdAt.toISOString(),
  },
  CommitteeTerm: {
    committee: (row, _args, { loaders }) => required(loaders.committee.load(row.committeeId), 'committee'),
    members: (row, args, { db }) => listMembers(db, row.id, { role: optionalFromGraph(args.role) }, args),
  },
  CommitteeMember: {
    term: (row, _args, { loaders }) => required(loaders.term.load(row.termId), 'term'),
    role: (row) => toGraph(row.role),
    person: async (row, _args, { loaders }) => {
      const term = await required(loaders.term.load(row.termId), 'term');
      const committee = await required(loaders.committee.load(term.committeeId), 'committee');
      return { name: row.name, phone: row.phone, communityCode: committee.communityCode, entity: 'CommitteeMember', entityId: row.id, field: 'person' };
    },
    joinedAt: (row) => row.createdAt.toISOString(),
  },
  CommunityServiceStation: {
    __resolveReference: (ref, { loaders }) => loaders.station.load(ref.id),
    community: (row, _args, { loaders }) => communityOf(loaders, row.communityCode),
  },
  ResidentGroup: {
    __resolveReference: (ref, { loaders }) => loaders.group.load(ref.id),
    community: (row, _args, { loaders }) => communityOf(loaders, row.communityCode),
    leader: (row) =>
      row.leaderName === null
        ? null
        : { name: row.leaderName, phone: row.leaderPhone, communityCode: row.communityCode, entity: 'ResidentGroup', entityId: row.id, field: 'leader' },
    leaderAppointedAt: (row) => iso(row.leaderAppointedAt),
  },
  Grid: {
    __resolveReference: (ref, { loaders }) => loaders.grid.load(ref.code),
    community: (row, _args, { loaders }) => communityOf(loaders, row.communityCode),
    leader: (row, _args, { loaders }) => loaders.leaderOf.load(row.code),
    buildings: (row, args, { db }) => listBuildings(db, row.code, args),
  },
  Building: {
    __resolveReference: (ref, { loaders }) => loaders.building.load(ref.id),
    grid: (row, _args, { loaders }) => required(loaders.grid.load(row.gridCode), 'grid'),
    leader: (row, _args, { loaders }) => loaders.leaderOf.load(row.id),
    units: (row, args, { db }) => listUnits(db, row.id, args),
  },
  BuildingUnit: {
    __resolveReference: (ref, { loaders }) => loaders.unit.load(ref.id),
    building: (row, _args, { loaders }) => required(loaders.building.load(row.buildingId), 'building'),
    leader: (row, _args, { loaders }) => loaders.leaderOf.load(row.id),
  },
  AreaLeader: {
    level: (row) => toGraph(row.level),
    grid: (row, _args, { loaders }) => required(loaders.grid.load(row.gridCode), 'grid'),
    building: (row, _args, { loaders }) => (row.buildingId ? loaders.building.load(row.buildingId) : null),
    unit: (row, _args, { loaders }) => (row.unitId ? loaders.unit.load(row.unitId) : null),
    person: (row) => ({ name: row.name, phone: row.phone, communityCode: row.communityCode, entity: 'AreaLeader', entityId: row.id, field: 'person' }),
    appointedAt: (row) => row.appointedAt.toISOString(),
  },
};

