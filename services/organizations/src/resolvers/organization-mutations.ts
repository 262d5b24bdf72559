import type { MutationResolvers } from '../generated/resolvers-types.ts';
import { callerOf } from '../authorization.ts';
import { gradeOrganization, recordAnnualInspection } from '../domain/assessment-store.ts';
import { dateOrToday } from '../domain/dates.ts';
import { gradeForScore } from '../domain/grading.ts';
import {
  deregisterOrganization,
  filePreparedOrganization,
  recommendOrganization,
  registerExistingOrganization,
  reinstateOrganization,
  suspendOrganization,
} from '../domain/lifecycle-store.ts';
import {
  parseCreditCode,
  parseFileInput,
  parseFilingNumber,
  parseLegalForm,
  parsePrepareInput,
  parseProfileInput,
  parseReason,
  parseRegisterInput,
} from '../domain/organization-rules.ts';
import { fileOrganization, prepareOrganization, registerOrganization, updateProfile } from '../domain/organization-store.ts';
import { importOrganizations } from '../domain/organization-import.ts';
import { parseImportRecords } from '../domain/import-rules.ts';
import { lower, lowerEnums, ORGANIZATION_ENUMS } from './enums.ts';

const IMPORT_ENUMS = ['track', ...ORGANIZATION_ENUMS] as const;

/**
 * Creation and every lifecycle step. Each names its caller first (an anonymous one is refused
 * there), parses its arguments, and leaves role and scope to the transaction, which knows the
 * target's region (src/authorization.ts).
 */
export const organizationMutations: MutationResolvers = {
  fileOrganization: (_root, { input }, { db, identity }) => {
    const caller = callerOf(identity, 'fileOrganization');
    return fileOrganization(db, caller, parseFileInput(lowerEnums(input, ORGANIZATION_ENUMS)));
  },
  registerOrganization: (_root, { input }, { db, identity }) => {
    const caller = callerOf(identity, 'registerOrganization');
    return registerOrganization(db, caller, parseRegisterInput(lowerEnums(input, ORGANIZATION_ENUMS)));
  },
  importOrganizations: (_root, { input }, { db, identity }) => {
    const caller = callerOf(identity, 'importOrganizations');
    const records = input.records.map((record) => lowerEnums(record as Record<string, unknown>, IMPORT_ENUMS));
    return importOrganizations(db, caller, parseImportRecords(records));
  },
  prepareOrganization: (_root, { input }, { db, identity }) => {
    const caller = callerOf(identity, 'prepareOrganization');
    return prepareOrganization(db, caller, parsePrepareInput(lowerEnums(input, ORGANIZATION_ENUMS)));
  },
  filePreparedOrganization: (_root, { id, filingNumber }, { db, identity }) => {
    const caller = callerOf(identity, 'filePreparedOrganization');
    return filePreparedOrganization(db, caller, id, parseFilingNumber(filingNumber));
  },
  recommendOrganization: (_root, { id }, { db, identity }) => recommendOrganization(db, callerOf(identity, 'recommendOrganization'), id),
  registerExistingOrganization: (_root, { id, legalForm, creditCode }, { db, identity }) => {
    const caller = callerOf(identity, 'registerExistingOrganization');
    const form = parseLegalForm(lower(legalForm));
    return registerExistingOrganization(db, caller, id, form, parseCreditCode(creditCode, form, 'creditCode'));
  },
  recordAnnualInspection: (_root, { id, year, result }, { db, identity }) =>
    recordAnnualInspection(db, callerOf(identity, 'recordAnnualInspection'), id, { year, result: lower(result) }),
  gradeOrganization: (_root, { id, score, gradedOn }, { db, identity }) => {
    const caller = callerOf(identity, 'gradeOrganization');
    gradeForScore(score); // the score's range is the caller's input error, checked before anything else
    return gradeOrganization(db, caller, id, { score, gradedOn: dateOrToday(gradedOn, 'gradedOn') });
  },
  suspendOrganization: (_root, { id, reason }, { db, identity }) => {
    const caller = callerOf(identity, 'suspendOrganization');
    return suspendOrganization(db, caller, id, parseReason(reason));
  },
  reinstateOrganization: (_root, { id }, { db, identity }) => reinstateOrganization(db, callerOf(identity, 'reinstateOrganization'), id),
  deregisterOrganization: (_root, { id, reason }, { db, identity }) => {
    const caller = callerOf(identity, 'deregisterOrganization');
    return deregisterOrganization(db, caller, id, parseReason(reason));
  },
  updateOrganizationProfile: (_root, { id, input }, { db, identity }) => {
    const caller = callerOf(identity, 'updateOrganizationProfile');
    return updateProfile(db, caller, id, parseProfileInput(lowerEnums(input, ['serviceFields'])));
  },
};
