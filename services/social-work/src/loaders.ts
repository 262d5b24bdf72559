import DataLoader from 'dataloader';
import { inArray } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { isUuid } from '@sanshe/service-kit';
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
import { countCertified } from './domain/social-worker-store.ts';
import { countVolunteers, sumVerifiedMinutesByVolunteer, sumVolunteerMinutesByCommunity } from './domain/volunteer-store.ts';
import type { Db } from './context.ts';

/** Rows by id, one statement per batch; ids that are not UUIDs are null without asking Postgres. */
function byId<T extends { id: string }>(db: Db, table: PgTable, id: PgColumn) {
  return new DataLoader<string, T | null>(async (ids) => {
    const valid = [...new Set(ids.filter(isUuid))];
    const rows = valid.length ? ((await db.select().from(table).where(inArray(id, valid))) as T[]) : [];
    const found = new Map(rows.map((r) => [r.id, r]));
    return ids.map((key) => found.get(key) ?? null);
  });
}

/** Per request: a page of communities, workers or cases asking for counts is one grouped query each. */
export function createLoaders(db: Db) {
  return {
    socialWorker: byId<SocialWorkerRow>(db, socialWorkers, socialWorkers.id),
    station: byId<SocialWorkStationRow>(db, socialWorkStations, socialWorkStations.id),
    volunteer: byId<VolunteerRow>(db, volunteers, volunteers.id),
    volunteerRecord: byId<VolunteerServiceRecordRow>(db, volunteerServiceRecords, volunteerServiceRecords.id),
    certificate: byId<VolunteerCertificateRow>(db, volunteerCertificates, volunteerCertificates.id),
    serviceCase: byId<ServiceCaseRow>(db, serviceCases, serviceCases.id),
    certifiedCount: new DataLoader<string, number>((codes) => countCertified(db, codes)),
    volunteerCount: new DataLoader<string, number>((codes) => countVolunteers(db, codes)),
    volunteerMinutes: new DataLoader<string, number>((codes) => sumVolunteerMinutesByCommunity(db, codes)),
    openCasesOfCommunity: new DataLoader<string, number>((codes) => openCasesByCommunity(db, codes)),
    openCasesOfWorker: new DataLoader<string, number>((ids) => openCasesByWorker(db, ids)),
    verifiedMinutes: new DataLoader<string, number>((ids) => sumVerifiedMinutesByVolunteer(db, ids)),
    caseTotals: new DataLoader<string, { count: number; minutes: number }>((ids) => caseServiceTotals(db, ids)),
    certificateMinutes: new DataLoader<string, number>((ids) => recomputeCertificateMinutes(db, ids)),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
