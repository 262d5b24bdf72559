import type { MutationResolvers } from '../generated/resolvers-types.ts';
import { callerOf } from '../authorization.ts';
import { dateOrToday } from '../domain/dates.ts';
import { addFederationMember, designateHub, removeFederationMember, type HubKind } from '../domain/federation-store.ts';
import { parseCenterInput } from '../domain/incubation-rules.ts';
import { admitToIncubation, createIncubationCenter, moveStint } from '../domain/incubation-store.ts';
import { parseLendInput } from '../domain/venue-rules.ts';
import { endVenueLoan, lendVenue } from '../domain/venue-store.ts';
import { lower } from './enums.ts';
import { districtDate } from '@sanshe/service-kit';

/** Federations and hubs, incubation, venues: the support network around organizations. */
export const networkMutations: MutationResolvers = {
  designateHub: (_root, { id, kind }, { db, identity }) => designateHub(db, callerOf(identity, 'designateHub'), id, lower<HubKind>(kind)),
  addFederationMember: (_root, { federationId, memberId, joinedOn }, { db, identity }) => {
    const caller = callerOf(identity, 'addFederationMember');
    return addFederationMember(db, caller, federationId, memberId, dateOrToday(joinedOn, 'joinedOn'));
  },
  removeFederationMember: (_root, { federationId, memberId, leftOn }, { db, identity }) => {
    const caller = callerOf(identity, 'removeFederationMember');
    return removeFederationMember(db, caller, federationId, memberId, dateOrToday(leftOn, 'leftOn'));
  },
  createIncubationCenter: (_root, { input }, { db, identity }) => {
    const caller = callerOf(identity, 'createIncubationCenter');
    return createIncubationCenter(db, caller, parseCenterInput({ ...input, kind: lower(input.kind) }, districtDate()));
  },
  admitToIncubation: (_root, { input }, { db, identity }) => {
    const caller = callerOf(identity, 'admitToIncubation');
    return admitToIncubation(db, caller, {
      centerId: input.centerId,
      organizationId: input.organizationId,
      admittedOn: dateOrToday(input.admittedOn, 'input.admittedOn'),
    });
  },
  advanceIncubationStage: (_root, { id, on }, { db, identity }) => {
    const caller = callerOf(identity, 'advanceIncubationStage');
    return moveStint(db, caller, id, 'advance', dateOrToday(on, 'on'));
  },
  graduateFromIncubation: (_root, { id, graduatedOn }, { db, identity }) => {
    const caller = callerOf(identity, 'graduateFromIncubation');
    return moveStint(db, caller, id, 'graduate', dateOrToday(graduatedOn, 'graduatedOn'));
  },
  withdrawFromIncubation: (_root, { id, endedOn }, { db, identity }) => {
    const caller = callerOf(identity, 'withdrawFromIncubation');
    return moveStint(db, caller, id, 'withdraw', dateOrToday(endedOn, 'endedOn'));
  },
  lendVenue: (_root, { input }, { db, identity }) => {
    const caller = callerOf(identity, 'lendVenue');
    return lendVenue(db, caller, parseLendInput(input));
  },
  endVenueLoan: (_root, { id, endedOn }, { db, identity }) => {
    const caller = callerOf(identity, 'endVenueLoan');
    return endVenueLoan(db, caller, id, dateOrToday(endedOn, 'endedOn'));
  },
};
