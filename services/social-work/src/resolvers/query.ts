import type { QueryResolvers } from '../generated/resolvers-types.ts';
import { findCaseByNeed, listCases } from '../domain/case-query-store.ts';
import { findCertificateByNumber, listCertificates } from '../domain/certificate-store.ts';
import { listSocialWorkers } from '../domain/social-worker-store.ts';
import { listEvaluations, listSupervisions } from '../domain/supervision-store.ts';
import { listVolunteerRecords } from '../domain/volunteer-record-store.ts';
import { listVolunteers } from '../domain/volunteer-store.ts';
import { listStations } from '../domain/workforce-store.ts';
import { lowerEnums } from './convert.ts';

/** Public: workers and stations. Everything else is narrowed to the caller (`loaders.viewer`; src/authorization.ts READS). */
export const Query: QueryResolvers = {
  socialWorker: (_root, { id }, { loaders }) => loaders.socialWorker.load(id),
  socialWorkers: (_root, { filter, ...page }, { db }) =>
    listSocialWorkers(db, lowerEnums(filter, ['certificationLevel', 'employment']), page),
  socialWorkStation: (_root, { id }, { loaders }) => loaders.station.load(id),
  socialWorkStations: (_root, { filter, ...page }, { db }) => listStations(db, lowerEnums(filter, ['kind']), page),
  supervisions: (_root, { filter, ...page }, { db, loaders }) => listSupervisions(db, filter, page, loaders.viewer),
  performanceEvaluations: (_root, { filter, ...page }, { db, loaders }) => listEvaluations(db, filter, page, loaders.viewer),
  volunteer: (_root, { id }, { loaders }) => loaders.volunteer.load(id),
  volunteers: (_root, { filter, ...page }, { db, loaders }) => listVolunteers(db, lowerEnums(filter, ['skill']), page, loaders.viewer),
  volunteerServiceRecord: (_root, { id }, { loaders }) => loaders.volunteerRecord.load(id),
  volunteerServiceRecords: (_root, { filter, ...page }, { db, loaders }) => listVolunteerRecords(db, filter, page, loaders.viewer),
  volunteerCertificate: (_root, { id }, { loaders }) => loaders.certificate.load(id),
  volunteerCertificateByNumber: (_root, { number }, { db, loaders }) => findCertificateByNumber(db, number, loaders.viewer),
  volunteerCertificates: (_root, { filter, ...page }, { db, loaders }) => listCertificates(db, filter, page, loaders.viewer),
  serviceCase: (_root, { id }, { loaders }) => loaders.serviceCase.load(id),
  serviceCaseByNeed: (_root, { needId }, { db, loaders }) => findCaseByNeed(db, needId, loaders.viewer),
  serviceCases: (_root, { filter, ...page }, { db, loaders }) =>
    listCases(db, lowerEnums(filter, ['status', 'category', 'urgency']), page, loaders.viewer),
};
