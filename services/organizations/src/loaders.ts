import DataLoader from 'dataloader';
import { asc, desc, inArray, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { isUuid } from '@sanshe/service-kit';
import {
  annualInspections,
  evaluationGrades,
  federationMemberships,
  incubationCenters,
  incubationStints,
  organizationTransitions,
  organizations,
  venueLoans,
  type GradeRow,
  type IncubationCenterRow,
  type IncubationStintRow,
  type InspectionRow,
  type MembershipRow,
  type OrganizationRow,
  type TransitionRow,
  type VenueLoanRow,
} from './db/schema.ts';
import type { Db } from './context.ts';

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
      db.select().from(table).where(inArray(parent, ids)).orderBy(...order) as unknown as Promise<T[]>;

  return {
    organization: byId<OrganizationRow>((ids) => db.select().from(organizations).where(inArray(organizations.id, ids))),
    incubationCenter: byId<IncubationCenterRow>((ids) => db.select().from(incubationCenters).where(inArray(incubationCenters.id, ids))),
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
    venueLoans: grouped<VenueLoanRow>(
      rowsOf(venueLoans, venueLoans.organizationId, desc(venueLoans.startsOn), desc(venueLoans.createdAt)),
      (r) => r.organizationId,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
