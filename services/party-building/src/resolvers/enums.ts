import type { PartyOrganizationKind, ReorganisationReason, StationPlacement } from '../generated/resolvers-types.ts';
import type { PartyKind } from '../domain/party-rules.ts';
import type { StationPlacement as Placement } from '../domain/station-rules.ts';

/** GraphQL enums are the stored values upper-cased: one rule both ways. */
export const toKind = (kind: PartyOrganizationKind) => kind.toLowerCase() as PartyKind;
export const fromKind = (kind: PartyKind) => kind.toUpperCase() as PartyOrganizationKind;
export const toPlacement = (placement: StationPlacement) => placement.toLowerCase() as Placement;
export const fromPlacement = (placement: Placement) => placement.toUpperCase() as StationPlacement;
export const fromReason = (reason: string) => reason.toUpperCase() as ReorganisationReason;
