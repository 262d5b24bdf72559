/** Parents of GraphQL types that are not rows of their own. */
import type { DisputePartyRow } from '../db/schema.ts';

/**
 * A resident's stored (unmasked) contact and the record it belongs to: the record's community
 * decides whether the caller sees it unmasked, and the audit line names the record and field.
 */
export interface ContactRef {
  name: string;
  phone: string | null;
  communityCode: string;
  /** The record: CommitteeMember, ResidentGroup, AreaLeader, Need, MicroWish. */
  entity: string;
  entityId: string;
  /** The field of the record holding the contact: person, leader, reporter, poster. */
  field: string;
}

/** A dispute party with its dispute's community. */
export type DisputePartyRef = DisputePartyRow & { communityCode: string };

export interface AttendanceRef {
  eligible: number;
  present: number;
}

export interface OrganizationRef {
  id: string;
}
