import type { MutationResolvers } from '../generated/resolvers-types.ts';
import { dateOrToday, districtDate } from '../domain/dates.ts';
import { addFederationMember, designateHub, removeFederationMember, type HubKind } from '../domain/federation-store.ts';
import { parseCenterInput } from '../domain/incubation-rules.ts';
import { admitToIncubation, createIncubationCenter, moveStint } from '../domain/incubation-store.ts';
import { parseLendInput } from '../domain/venue-rules.ts';
import { endVenueLoan, lendVenue } from '../domain/venue-store.ts';
import { lower } from './enums.ts';

/** Federations and hubs, incubation, venues: the support network around organizations. */
export const networkMutations: MutationResolvers = {
  designateHub: (_root, { id, kind }, { db }) => designateHub(db, id, lower<HubKind>(kind)),
  addFederationMember: (_root, { federationId, memberId, joinedOn }, { db }) =>
    addFederationMember(db, federationId, memberId, dateOrToday(joinedOn, 'joinedOn')),
  removeFederationMember: (_root, { federationId, memberId, leftOn }, { db }) =>
    removeFederationMember(db, federationId, memberId, dateOrToday(leftOn, 'leftOn')),
  createIncubationCenter: (_root, { input }, { db }) =>
    createIncubationCenter(db, parseCenterInput({ ...input, kind: lower(input.kind) }, districtDate())),
  admitToIncubation: (_root, { input }, { db }) =>
    admitToIncubation(db, {
      centerId: input.centerId,
      organizationId: input.organizationId,
      admittedOn: dateOrToday(input.admittedOn, 'input.admittedOn'),
    }),
  advanceIncubationStage: (_root, { id, on }, { db }) => moveStint(db, id, 'advance', dateOrToday(on, 'on')),
  graduateFromIncubation: (_root, { id, graduatedOn }, { db }) => moveStint(db, id, 'graduate', dateOrToday(graduatedOn, 'graduatedOn')),
  withdrawFromIncubation: (_root, { id, endedOn }, { db }) => moveStint(db, id, 'withdraw', dateOrToday(endedOn, 'endedOn')),
  lendVenue: (_root, { input }, { db }) => lendVenue(db, parseLendInput(input)),
  endVenueLoan: (_root, { id, endedOn }, { db }) => endVenueLoan(db, id, dateOrToday(endedOn, 'endedOn')),
};
