/**
 * Organization states that count for coverage: those legally in operation. An allow-list, so a
 * state the replica learns later (e.g. preparing 筹备) stays out until someone decides otherwise.
 */
export const ACTIVE_ORGANIZATION_STATES = ['filed', 'recommended', 'registered'] as const;

/** Counts behind a region's party coverage (组织覆盖), computed by coverage-store.ts. */
export interface CoverageCounts {
  /** Active social organizations: filed, recommended or registered — not suspended, not deregistered. */
  organizationCount: number;
  /** Active organizations covered by a party organization (own branch or joint branch). */
  coveredOrganizationCount: number;
  /** Of those, covered through a joint branch. */
  jointBranchCoveredCount: number;
  /** Suspended organizations: outside the share until reinstated; they keep their coverage row. */
  suspendedOrganizationCount: number;
  partyOrganizationCount: number;
  jointBranchCount: number;
  needsReorganisationCount: number;
  serviceStationCount: number;
}

/** One region's coverage; `known` is false when known_regions has no such region (yet). */
export interface RegionCoverage extends CoverageCounts {
  regionCode: string;
  known: boolean;
}

/**
 * Covered per thousand active organizations, rounded DOWN: 1,000 ‰ only when every organization
 * is covered (rounding half up would show 999.5 ‰ as complete). Null when there is nothing to
 * cover — "0 of 0" is no share at all, not 0 ‰ and not 1,000 ‰.
 */
export function coveredPermille(covered: number, total: number): number | null {
  if (total === 0) return null;
  return Math.floor((covered * 1000) / total);
}
