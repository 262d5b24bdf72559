import type { PartyKind } from './party-rules.ts';
import { coveredPermille } from './coverage.ts';

/** Every kind, in the order of the GraphQL enum: `partyOrganizationsByKind` lists each one, zeros included. */
export const PARTY_KINDS: readonly PartyKind[] = ['street_working_committee', 'community_committee', 'general_branch', 'branch', 'joint_branch'];

export interface PartyKindCount {
  kind: PartyKind;
  count: number;
}

/** Party-building's part of `RegionStatistics` for one region and period (see README, "Statistics"). */
export interface PartyStatistics {
  id: string;
  partyOrganizations: number;
  partyOrganizationsByKind: PartyKindCount[];
  partyMembers: number;
  partyServiceStations: number;
  jointMeetingsHeld: number;
  partyCoveragePerMille: number | null;
}

/** What the statistics statement adds up for one region (and kind, for party organizations). */
export interface StatisticsFacts {
  kind: PartyKind | null;
  organizations: number;
  members: number;
  stations: number;
  meetings: number;
  /** Active social organizations (coverage rule of coverage.ts) and how many of them are covered. */
  activeOrganizations: number;
  coveredOrganizations: number;
}

/**
 * One region's figures from its rows of facts. A region without rows gets zeros and a null
 * coverage (nothing to cover) — the same rule as `PartyCoverage.coveredPermille`.
 */
export function partyStatisticsOf(id: string, facts: readonly StatisticsFacts[]): PartyStatistics {
  const byKind = new Map<PartyKind, number>(PARTY_KINDS.map((k) => [k, 0]));
  let members = 0;
  let stations = 0;
  let meetings = 0;
  let active = 0;
  let covered = 0;
  for (const f of facts) {
    if (f.kind !== null) byKind.set(f.kind, (byKind.get(f.kind) ?? 0) + f.organizations);
    members += f.members;
    stations += f.stations;
    meetings += f.meetings;
    active += f.activeOrganizations;
    covered += f.coveredOrganizations;
  }
  const partyOrganizationsByKind = PARTY_KINDS.map((kind) => ({ kind, count: byKind.get(kind)! }));
  return {
    id,
    partyOrganizations: partyOrganizationsByKind.reduce((n, k) => n + k.count, 0),
    partyOrganizationsByKind,
    partyMembers: members,
    partyServiceStations: stations,
    jointMeetingsHeld: meetings,
    partyCoveragePerMille: coveredPermille(covered, active),
  };
}

