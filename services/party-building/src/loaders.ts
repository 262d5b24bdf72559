import DataLoader from 'dataloader';
import { desc, eq, inArray } from 'drizzle-orm';
import { isUuid, selectRows, statisticsByIds, type Identity } from '@sanshe/service-kit';
import {
  coverage,
  jointMeetings,
  partyDues,
  partyOrganizations,
  serviceStations,
  type JointMeetingRow,
  type PartyDuesRow,
  type PartyOrganizationRow,
  type ServiceStationRow,
} from './db/schema.ts';
import type { Db } from './context.ts';
import { coverageOf } from './domain/coverage-store.ts';
import type { RegionCoverage } from './domain/coverage.ts';
import { partyStatistics } from './domain/statistics-store.ts';
import type { PartyStatistics } from './domain/statistics.ts';

/** Rows by id; ids that are not UUIDs are never sent to Postgres (they would be a cast error). */
function byId<T extends { id: string }>(load: (ids: string[]) => Promise<T[]>) {
  return new DataLoader<string, T | null>(async (ids) => {
    const valid = ids.filter(isUuid);
    const rows = valid.length ? await load(valid) : [];
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

/** Per request: a list asking each row for a related record costs one query per relation, not per row. */
export function createLoaders(db: Db, identity: Identity) {
  return {
    partyOrganization: byId<PartyOrganizationRow>((ids) => selectRows(db, partyOrganizations, inArray(partyOrganizations.id, ids))),
    serviceStation: byId<ServiceStationRow>((ids) => selectRows(db, serviceStations, inArray(serviceStations.id, ids))),
    jointMeeting: byId<JointMeetingRow>((ids) => selectRows(db, jointMeetings, inArray(jointMeetings.id, ids))),
    coveringOf: new DataLoader<string, PartyOrganizationRow | null>(async (organizationIds) => {
      const valid = organizationIds.filter(isUuid);
      const rows = valid.length
        ? await db
            .select({ organizationId: coverage.organizationId, party: partyOrganizations })
            .from(coverage)
            .innerJoin(partyOrganizations, eq(coverage.partyOrganizationId, partyOrganizations.id))
            .where(inArray(coverage.organizationId, valid))
        : [];
      const byOrg = new Map(rows.map((r) => [r.organizationId, r.party]));
      return organizationIds.map((id) => byOrg.get(id) ?? null);
    }),
    coveredBy: new DataLoader<string, string[]>(async (partyIds) => {
      const rows = await selectRows(db, coverage, inArray(coverage.partyOrganizationId, [...partyIds]));
      return partyIds.map((id) => rows.filter((r) => r.partyOrganizationId === id).map((r) => r.organizationId));
    }),
    duesOf: new DataLoader<string, PartyDuesRow[]>(async (partyIds) => {
      const rows = await selectRows(db, partyDues, inArray(partyDues.partyOrganizationId, [...partyIds]), [desc(partyDues.year)]);
      return partyIds.map((id) => rows.filter((r) => r.partyOrganizationId === id));
    }),
    /** Coverage of many communities (a portal's community list) in one statement. */
    coverage: new DataLoader<string, RegionCoverage>(async (codes) => {
      const figures = await coverageOf(db, identity, codes);
      return codes.map((code) => figures.get(code)!);
    }),
    /**
     * `RegionStatistics` by entity id: every representation of an `_entities` call in one batch,
     * answered with one statement per distinct period. A malformed id fails alone (BAD_USER_INPUT).
     */
    statistics: new DataLoader<string, PartyStatistics>((ids) => statisticsByIds(ids, (keys) => partyStatistics(db, keys))),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
