import type { MutationResolvers } from '../generated/resolvers-types.ts';
import { parseAssignCase, parseCloseCase, parseRecordCaseService } from '../domain/case-rules.ts';
import { assignCase, closeCase, recordCaseService } from '../domain/case-store.ts';
import { issueCertificate } from '../domain/certificate-store.ts';
import { parseRegisterSocialWorker } from '../domain/social-worker-rules.ts';
import { registerSocialWorker } from '../domain/social-worker-store.ts';
import { recordEvaluation, recordSupervision } from '../domain/supervision-store.ts';
import { parseSocialWorkerTraining, parseVolunteerCommendation, parseVolunteerTraining } from '../domain/training-rules.ts';
import { recordVolunteerService, verifyVolunteerService } from '../domain/volunteer-record-store.ts';
import {
  parseIssueCertificate,
  parseRecordVolunteerService,
  parseRegisterVolunteer,
  parseVerifyVolunteerService,
} from '../domain/volunteer-rules.ts';
import { recordVolunteerCommendation, recordVolunteerTraining, registerVolunteer } from '../domain/volunteer-store.ts';
import { parseEvaluation, parseOpenStation, parseReassignSocialWorker, parseSupervision } from '../domain/workforce-rules.ts';
import { openStation, reassignSocialWorker, recordSocialWorkerTraining } from '../domain/workforce-store.ts';
import { lowerEnums } from './convert.ts';

/** Thin: parse (BAD_USER_INPUT naming the field), then one transaction that writes and records its event. */
export const Mutation: MutationResolvers = {
  registerSocialWorker: (_root, { input }, { db }) =>
    registerSocialWorker(db, parseRegisterSocialWorker(lowerEnums(input, ['certificationLevel', 'employment']))),
  reassignSocialWorker: (_root, { input }, { db }) => reassignSocialWorker(db, parseReassignSocialWorker(input)),
  recordSocialWorkerTraining: (_root, { input }, { db }) => recordSocialWorkerTraining(db, parseSocialWorkerTraining(input)),
  openSocialWorkStation: (_root, { input }, { db }) => openStation(db, parseOpenStation(lowerEnums(input, ['kind']))),
  recordSupervision: (_root, { input }, { db }) => recordSupervision(db, parseSupervision(input)),
  recordPerformanceEvaluation: (_root, { input }, { db }) => recordEvaluation(db, parseEvaluation(input)),
  registerVolunteer: (_root, { input }, { db }) => registerVolunteer(db, parseRegisterVolunteer(lowerEnums(input, ['skills']))),
  recordVolunteerTraining: (_root, { input }, { db }) => recordVolunteerTraining(db, parseVolunteerTraining(input)),
  recordVolunteerCommendation: (_root, { input }, { db }) => recordVolunteerCommendation(db, parseVolunteerCommendation(input)),
  recordVolunteerService: (_root, { input }, { db }) => recordVolunteerService(db, parseRecordVolunteerService(input)),
  verifyVolunteerService: (_root, { input }, { db }) => verifyVolunteerService(db, parseVerifyVolunteerService(input)),
  issueVolunteerCertificate: (_root, { input }, { db }) => issueCertificate(db, parseIssueCertificate(input)),
  assignServiceCase: (_root, { input }, { db }) => assignCase(db, parseAssignCase(input)),
  recordCaseService: (_root, { input }, { db }) => recordCaseService(db, parseRecordCaseService(input)),
  closeServiceCase: (_root, { input }, { db }) => closeCase(db, parseCloseCase(lowerEnums(input, ['reason']))),
};
