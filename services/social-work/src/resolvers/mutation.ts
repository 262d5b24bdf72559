import type { MutationResolvers } from '../generated/resolvers-types.ts';
import { gateMutation } from '../authorization.ts';
import { parseAssignCase, parseCloseCase, parseRecordCaseService } from '../domain/case-rules.ts';
import { assignCase, closeCase, recordCaseService } from '../domain/case-store.ts';
import { issueCertificate } from '../domain/certificate-store.ts';
import { parseLinkAccount, parseRegisterSocialWorker } from '../domain/social-worker-rules.ts';
import { linkSocialWorkerAccount, registerSocialWorker } from '../domain/social-worker-store.ts';
import { recordEvaluation, recordSupervision } from '../domain/supervision-store.ts';
import { parseSocialWorkerTraining, parseVolunteerCommendation, parseVolunteerTraining } from '../domain/training-rules.ts';
import { parseImportVolunteerRecords, parseImportVolunteers } from '../domain/import-rules.ts';
import { importVolunteerRecords, importVolunteers } from '../domain/volunteer-import-store.ts';
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

/**
 * Thin: refuse a caller whose role can never do this (gateMutation), parse (BAD_USER_INPUT naming
 * the field), then one transaction that checks the rule of src/authorization.ts on the rows it
 * reads, writes, records its event and its audit line.
 */
export const Mutation: MutationResolvers = {
  registerSocialWorker: (_root, { input }, { db, identity }) => {
    gateMutation(identity, 'registerSocialWorker');
    return registerSocialWorker(db, parseRegisterSocialWorker(lowerEnums(input, ['certificationLevel', 'employment'])), identity);
  },
  reassignSocialWorker: (_root, { input }, { db, identity }) => {
    gateMutation(identity, 'reassignSocialWorker');
    return reassignSocialWorker(db, parseReassignSocialWorker(input), identity);
  },
  linkSocialWorkerAccount: (_root, { input }, { db, identity }) => {
    gateMutation(identity, 'linkSocialWorkerAccount');
    return linkSocialWorkerAccount(db, parseLinkAccount(input), identity);
  },
  recordSocialWorkerTraining: (_root, { input }, { db, identity }) => {
    gateMutation(identity, 'recordSocialWorkerTraining');
    return recordSocialWorkerTraining(db, parseSocialWorkerTraining(input), identity);
  },
  openSocialWorkStation: (_root, { input }, { db, identity }) => {
    gateMutation(identity, 'openSocialWorkStation');
    return openStation(db, parseOpenStation(lowerEnums(input, ['kind'])), identity);
  },
  recordSupervision: (_root, { input }, { db, identity }) => {
    gateMutation(identity, 'recordSupervision');
    return recordSupervision(db, parseSupervision(input), identity);
  },
  recordPerformanceEvaluation: (_root, { input }, { db, identity }) => {
    gateMutation(identity, 'recordPerformanceEvaluation');
    return recordEvaluation(db, parseEvaluation(input), identity);
  },
  registerVolunteer: (_root, { input }, { db, identity }) => {
    gateMutation(identity, 'registerVolunteer');
    return registerVolunteer(db, parseRegisterVolunteer(lowerEnums(input, ['skills'])), identity);
  },
  importVolunteers: (_root, { input }, { db, identity }) => {
    gateMutation(identity, 'importVolunteers');
    const records = input.records.map((record) => lowerEnums(record, ['skills']));
    return importVolunteers(db, parseImportVolunteers({ records }), identity);
  },
  recordVolunteerTraining: (_root, { input }, { db, identity }) => {
    gateMutation(identity, 'recordVolunteerTraining');
    return recordVolunteerTraining(db, parseVolunteerTraining(input), identity);
  },
  recordVolunteerCommendation: (_root, { input }, { db, identity }) => {
    gateMutation(identity, 'recordVolunteerCommendation');
    return recordVolunteerCommendation(db, parseVolunteerCommendation(input), identity);
  },
  recordVolunteerService: (_root, { input }, { db, identity }) => {
    gateMutation(identity, 'recordVolunteerService');
    return recordVolunteerService(db, parseRecordVolunteerService(input), identity);
  },
  verifyVolunteerService: (_root, { input }, { db, identity }) => {
    gateMutation(identity, 'verifyVolunteerService');
    return verifyVolunteerService(db, parseVerifyVolunteerService(input), identity);
  },
  importVolunteerRecords: (_root, { input }, { db, identity }) => {
    gateMutation(identity, 'importVolunteerRecords');
    return importVolunteerRecords(db, parseImportVolunteerRecords(input), identity);
  },
  issueVolunteerCertificate: (_root, { input }, { db, identity }) => {
    gateMutation(identity, 'issueVolunteerCertificate');
    return issueCertificate(db, parseIssueCertificate(input), identity);
  },
  assignServiceCase: (_root, { input }, { db, identity }) => {
    gateMutation(identity, 'assignServiceCase');
    return assignCase(db, parseAssignCase(input), identity);
  },
  recordCaseService: (_root, { input }, { db, identity }) => {
    gateMutation(identity, 'recordCaseService');
    return recordCaseService(db, parseRecordCaseService(input), identity);
  },
  closeServiceCase: (_root, { input }, { db, identity }) => {
    gateMutation(identity, 'closeServiceCase');
    return closeCase(db, parseCloseCase(lowerEnums(input, ['reason'])), identity);
  },
};
