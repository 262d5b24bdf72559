import DataLoader from 'dataloader';
import { asc, desc, inArray, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { isUuid, selectRows, statisticsByIds } from '@sanshe/service-kit';
import {
  annualInspections,
  evaluationGrades,
  federationMemberships,
  incubationCenters,
  incubationStints,
  knownRegions,
  organizationTransitions,
  organizations,
  venueLoans,
  type GradeRow,
  type IncubationCenterRow,
  type IncubationStintRow,
  type InspectionRow,
  type MembershipRow,
  type OrganizationRow,
  type ProjectRow,
  type TransitionRow,
  type VenueLoanRow,
} from './db/schema.ts';
import type { Db } from './context.ts';
import { firstProjectsOf, projectCounts } from './domain/project-store.ts';
import { organizationStatistics, type OrganizationStatistics } from './domain/region-statistics.ts';

/** One row per id (null when unknown or not a UUID), in one query per batch. */
function byId<T extends { id: string }>(fetch: (ids: string[]) => Promise<T[]>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const valid = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
    const rows = valid.length ? await fetch(valid) : [];
    const found = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => found.get(id.toLowerCase()) ?? null);
  });
}

/** Every row belonging to each parent id, in one query per batch, in the query's order. */
function grouped<T>(fetch: (ids: string[]) => Promise<T[]>, parentOf: (row: T) => string) {
  return new DataLoader<string, T[]>(async (ids) => {
    const rows = await fetch([...new Set(ids)]);
    const groups = new Map<string, T[]>();
    for (const row of rows) {
      const key = parentOf(row);
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    return ids.map((id) => groups.get(id) ?? []);
  });
}

/** Per request, so entity batches from the gateway and nested lists become one query each. */
export function createLoaders(db: Db) {
  const rowsOf =
    <T>(table: PgTable, parent: PgColumn, ...order: SQL[]) =>
    (ids: string[]) =>
      selectRows(db, table, inArray(parent, ids), order) as unknown as Promise<T[]>;

  return {
    organization: byId<OrganizationRow>((ids) => selectRows(db, organizations, inArray(organizations.id, ids))),
    incubationCenter: byId<IncubationCenterRow>((ids) => selectRows(db, incubationCenters, inArray(incubationCenters.id, ids))),
    history: grouped<TransitionRow>(
      rowsOf(organizationTransitions, organizationTransitions.organizationId, asc(organizationTransitions.occurredAt), asc(organizationTransitions.id)),
      (r) => r.organizationId,
    ),
    inspections: grouped<InspectionRow>(
      rowsOf(annualInspections, annualInspections.organizationId, desc(annualInspections.year)),
      (r) => r.organizationId,
    ),
    grades: grouped<GradeRow>(
      rowsOf(evaluationGrades, evaluationGrades.organizationId, desc(evaluationGrades.gradedOn), desc(evaluationGrades.recordedAt)),
      (r) => r.organizationId,
    ),
    stintsByOrganization: grouped<IncubationStintRow>(
      rowsOf(incubationStints, incubationStints.organizationId, desc(incubationStints.admittedOn), desc(incubationStints.createdAt)),
      (r) => r.organizationId,
    ),
    stintsByCenter: grouped<IncubationStintRow>(
      rowsOf(incubationStints, incubationStints.centerId, desc(incubationStints.admittedOn), desc(incubationStints.createdAt)),
      (r) => r.centerId,
    ),
    membershipsByMember: grouped<MembershipRow>(
      rowsOf(federationMemberships, federationMemberships.memberId, desc(federationMemberships.joinedOn), desc(federationMemberships.createdAt)),
      (r) => r.memberId,
    ),
    membershipsByFederation: grouped<MembershipRow>(
      rowsOf(federationMemberships, federationMemberships.federationId, asc(federationMemberships.joinedOn), asc(federationMemberships.createdAt)),
      (r) => r.federationId,
    ),
    /** First pages of Organization.projects, keyed `<fetch>:<organization id>`: one statement per page size. */
    firstProjects: new DataLoader<string, { rows: ProjectRow[]; total: number }>(async (keys) => {
      const parsed = keys.map((k) => ({ fetch: Number(k.slice(0, k.indexOf(':'))), id: k.slice(k.indexOf(':') + 1) }));
      const pages = new Map<number, Map<string, { rows: ProjectRow[]; total: number }>>();
      for (const fetch of new Set(parsed.map((p) => p.fetch))) {
        pages.set(fetch, await firstProjectsOf(db, [...new Set(parsed.filter((p) => p.fetch === fetch).map((p) => p.id))], fetch));
      }
      return parsed.map((p) => pages.get(p.fetch)!.get(p.id) ?? { rows: [], total: 0 });
    }),
    projectCount: new DataLoader<string, number>(async (ids) => {
      const counts = await projectCounts(db, [...new Set(ids)]);
      return ids.map((id) => counts.get(id) ?? 0);
    }),
    /**
     * RegionStatistics by entity id: every representation of a gateway batch in one call, a fixed
     * number of statements per distinct period. A malformed id fails alone (BAD_USER_INPUT).
     */
    regionStatistics: new DataLoader<string, OrganizationStatistics>((ids) => statisticsByIds(ids, (keys) => organizationStatistics(db, keys))),
    /**
     * A region's name from this subgraph's copy of the region tree, for Community.name under
     * Organization.community (@provides): a page of organizations costs one statement here
     * instead of an entity request to self-governance. Null for a code the copy does not hold.
     */
    regionName: new DataLoader<string, string | null>(async (codes) => {
      const rows = await db.select({ code: knownRegions.code, name: knownRegions.name }).from(knownRegions).where(inArray(knownRegions.code, [...new Set(codes)]));
      const names = new Map(rows.map((r) => [r.code, r.name]));
      return codes.map((code) => names.get(code) ?? null);
    }),
    venueLoans: grouped<VenueLoanRow>(
      rowsOf(venueLoans, venueLoans.organizationId, desc(venueLoans.startsOn), desc(venueLoans.createdAt)),
      (r) => r.organizationId,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
