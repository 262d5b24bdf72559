import DataLoader from 'dataloader';
import { and, inArray, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { batchedAuditHandle, isUuid, selectRows, statisticsByIds, type Identity } from '@sanshe/service-kit';
import {
  serviceCases,
  socialWorkers,
  socialWorkStations,
  volunteerCertificates,
  volunteers,
  volunteerServiceRecords,
  type ServiceCaseRow,
  type SocialWorkerRow,
  type SocialWorkStationRow,
  type VolunteerCertificateRow,
  type VolunteerRow,
  type VolunteerServiceRecordRow,
} from './db/schema.ts';
import { caseServiceTotals, openCasesByCommunity, openCasesByWorker } from './domain/case-query-store.ts';
import { recomputeCertificateMinutes } from './domain/certificate-store.ts';
import { fundedPostFigures } from './domain/funded-posts-store.ts';
import { countCertified } from './domain/social-worker-store.ts';
import { socialWorkStatistics, type SocialWorkStatistics } from './domain/statistics-store.ts';
import { visible, viewerOf, type Viewer } from './domain/visibility.ts';
import { countVolunteers, sumVerifiedMinutesByVolunteer, sumVolunteerMinutesByCommunity } from './domain/volunteer-store.ts';
import type { Db } from './context.ts';

/**
 * Rows by id, one statement per batch; ids that are not UUIDs are null without asking Postgres.
 * With `where`, rows the caller may not see are null too (non-public records).
 */
function byId<T extends { id: string }>(db: Db, table: PgTable, id: PgColumn, where?: SQL) {
  return new DataLoader<string, T | null>(async (ids) => {
    const valid = [...new Set(ids.filter(isUuid))];
    const rows = valid.length ? ((await selectRows(db, table, and(inArray(id, valid), where))) as T[]) : [];
    const found = new Map(rows.map((r) => [r.id, r]));
    return ids.map((key) => found.get(key) ?? null);
  });
}

/**
 * Per request and per caller: a page of communities, workers or cases asking for counts is one
 * grouped query each. Loaders of non-public records and every count over them see only what the
 * caller may see (domain/visibility.ts).
 */
export function createLoaders(db: Db, identity: Identity) {
  const viewer: Viewer = viewerOf(identity);
  return {
    viewer,
    // Public records.
    socialWorker: byId<SocialWorkerRow>(db, socialWorkers, socialWorkers.id),
    station: byId<SocialWorkStationRow>(db, socialWorkStations, socialWorkStations.id),
    certifiedCount: new DataLoader<string, number>((codes) => countCertified(db, codes)),
    fundedPosts: new DataLoader<string, { funded: number; filledBy: number }>((codes) => fundedPostFigures(db, codes)),
    /** Public aggregates, the same for every caller: one statement per period for the whole batch. */
    /** `RegionStatistics` by entity id: one batch per `_entities` call; a malformed id fails alone. */
    statistics: new DataLoader<string, SocialWorkStatistics>((ids) => statisticsByIds(ids, (keys) => socialWorkStatistics(db, keys))),
    // Non-public records, narrowed to the caller.
    volunteer: byId<VolunteerRow>(db, volunteers, volunteers.id, visible.volunteer(viewer)),
    volunteerRecord: byId<VolunteerServiceRecordRow>(db, volunteerServiceRecords, volunteerServiceRecords.id, visible.volunteerRecord(viewer)),
    certificate: byId<VolunteerCertificateRow>(db, volunteerCertificates, volunteerCertificates.id, visible.certificate(viewer)),
    serviceCase: byId<ServiceCaseRow>(db, serviceCases, serviceCases.id, visible.serviceCase(viewer)),
    volunteerCount: new DataLoader<string, number>((codes) => countVolunteers(db, codes, viewer)),
    volunteerMinutes: new DataLoader<string, number>((codes) => sumVolunteerMinutesByCommunity(db, codes, viewer)),
    openCasesOfCommunity: new DataLoader<string, number>((codes) => openCasesByCommunity(db, codes, viewer)),
    openCasesOfWorker: new DataLoader<string, number>((ids) => openCasesByWorker(db, ids, viewer)),
    verifiedMinutes: new DataLoader<string, number>((ids) => sumVerifiedMinutesByVolunteer(db, ids, viewer)),
    // Totals of a record the caller already sees (a case's services, a certificate's records).
    caseTotals: new DataLoader<string, { count: number; minutes: number }>((ids) => caseServiceTotals(db, ids)),
    certificateMinutes: new DataLoader<string, number>((ids) => recomputeCertificateMinutes(db, ids)),
    /** Unfiltered: only to decide a rule (the community a certificate's volunteer lives in), never served. */
    volunteerRow: byId<VolunteerRow>(db, volunteers, volunteers.id),
    /** The audit lines of this request's personal-data reads: one insert per tick, not one per field. */
    personalDataAudit: batchedAuditHandle(db),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
