import type { QueryResolvers } from '../generated/resolvers-types.ts';
import { findCaseByNeed, listCases } from '../domain/case-query-store.ts';
import { findCertificateByNumber, listCertificates } from '../domain/certificate-store.ts';
import { listSocialWorkers } from '../domain/social-worker-store.ts';
import { listEvaluations, listSupervisions } from '../domain/supervision-store.ts';
import { listVolunteerRecords } from '../domain/volunteer-record-store.ts';
import { listVolunteers } from '../domain/volunteer-store.ts';
import { listStations } from '../domain/workforce-store.ts';
import { lowerEnums } from './convert.ts';

export const Query: QueryResolvers = {
  socialWorker: (_root, { id }, { loaders }) => loaders.socialWorker.load(id),
  socialWorkers: (_root, { filter, ...page }, { db }) =>
    listSocialWorkers(db, lowerEnums(filter, ['certificationLevel', 'employment']), page),
  socialWorkStation: (_root, { id }, { loaders }) => loaders.station.load(id),
  socialWorkStations: (_root, { filter, ...page }, { db }) => listStations(db, lowerEnums(filter, ['kind']), page),
  supervisions: (_root, { filter, ...page }, { db }) => listSupervisions(db, filter, page),
  performanceEvaluations: (_root, { filter, ...page }, { db }) => listEvaluations(db, filter, page),
  volunteer: (_root, { id }, { loaders }) => loaders.volunteer.load(id),
  volunteers: (_root, { filter, ...page }, { db }) => listVolunteers(db, lowerEnums(filter, ['skill']), page),
  volunteerServiceRecord: (_root, { id }, { loaders }) => loaders.volunteerRecord.load(id),
  volunteerServiceRecords: (_root, { filter, ...page }, { db }) => listVolunteerRecords(db, filter, page),
  volunteerCertificate: (_root, { id }, { loaders }) => loaders.certificate.load(id),
  volunteerCertificateByNumber: (_root, { number }, { db }) => findCertificateByNumber(db, number),
  volunteerCertificates: (_root, { filter, ...page }, { db }) => listCertificates(db, filter, page),
  serviceCase: (_root, { id }, { loaders }) => loaders.serviceCase.load(id),
  serviceCaseByNeed: (_root, { needId }, { db }) => findCaseByNeed(db, needId),
  serviceCases: (_root, { filter, ...page }, { db }) => listCases(db, lowerEnums(filter, ['status', 'category', 'urgency']), page),
};
