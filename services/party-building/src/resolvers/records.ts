import type { Resolvers } from '../generated/resolvers-types.ts';
import { recordPartyDues } from '../domain/dues-store.ts';
import { fundShareOf, setFundShare } from '../domain/fund-share-store.ts';
import { earmarkFen } from '../domain/fund-share.ts';
import { listServiceStations, openServiceStation } from '../domain/station-store.ts';
import { listJointMeetings, recordJointMeeting } from '../domain/meeting-store.ts';
import { parseRegionCode } from '../domain/region-scope.ts';
import { fromPlacement, toPlacement } from './enums.ts';

/** Dues, the party service fund share, service stations and joint meetings. */
export function recordResolvers(options: { partyServiceFundShareBasisPoints: number }): Resolvers {
  return {
    Query: {
      partyServiceFundShare: (_root, { streetCode }, { db }) => fundShareOf(db, streetCode, options.partyServiceFundShareBasisPoints),
      partyServiceStation: (_root, { id }, { loaders }) => loaders.serviceStation.load(id),
      partyServiceStations: (_root, args, { db }) =>
        listServiceStations(
          db,
          {
            regionCode: parseRegionCode(args.regionCode).code,
            placement: args.placement ? toPlacement(args.placement) : null,
            partyOrganizationId: args.partyOrganizationId,
          },
          args,
        ),
      jointMeeting: (_root, { id }, { loaders }) => loaders.jointMeeting.load(id),
      jointMeetings: (_root, args, { db }) =>
        listJointMeetings(db, { regionCode: parseRegionCode(args.regionCode).code, hostId: args.hostId, from: args.from, to: args.to }, args),
    },
    Mutation: {
      recordPartyDues: (_root, { input }, { db, identity }) => recordPartyDues(db, identity, input),
      setPartyServiceFundShare: (_root, { input }, { db, identity }) => setFundShare(db, identity, input),
      openPartyServiceStation: (_root, { input }, { db, identity }) =>
        openServiceStation(db, identity, { ...input, placement: toPlacement(input.placement) }),
      recordJointMeeting: (_root, { input }, { db, identity }) => recordJointMeeting(db, identity, input),
    },
    PartyDues: {
      partyOrganization: async (row, _args, { loaders }) => (await loaders.partyOrganization.load(row.partyOrganizationId))!,
      fullyRebated: (row) => row.collectedFen > 0 && row.rebateFen === row.collectedFen,
      recordedAt: (row) => row.recordedAt.toISOString(),
    },
    PartyServiceFundShare: {
      source: (share) => (share.source === 'street' ? 'STREET' : 'DEFAULT'),
      earmarkFen: (share, { fundFen }) => earmarkFen(fundFen, share.basisPoints),
    },
    PartyServiceStation: {
      __resolveReference: (ref, { loaders }) => loaders.serviceStation.load(ref.id),
      community: (row) => ({ code: row.communityCode }),
      placement: (row) => fromPlacement(row.placement),
      partyOrganization: (row, _args, { loaders }) => (row.partyOrganizationId ? loaders.partyOrganization.load(row.partyOrganizationId) : null),
      openedAt: (row) => row.openedAt.toISOString(),
    },
    JointMeeting: {
      __resolveReference: (ref, { loaders }) => loaders.jointMeeting.load(ref.id),
      host: async (row, _args, { loaders }) => (await loaders.partyOrganization.load(row.hostId))!,
      recordedAt: (row) => row.recordedAt.toISOString(),
    },
  };
}
