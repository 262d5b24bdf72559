import type { MutationResolvers } from '../generated/resolvers-types.ts';
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
import { lower, lowerEnums, ORGANIZATION_ENUMS } from './enums.ts';

/** Creation and every lifecycle step; each parses its arguments before touching the database. */
export const organizationMutations: MutationResolvers = {
  fileOrganization: (_root, { input }, { db }) => fileOrganization(db, parseFileInput(lowerEnums(input, ORGANIZATION_ENUMS))),
  registerOrganization: (_root, { input }, { db }) => registerOrganization(db, parseRegisterInput(lowerEnums(input, ORGANIZATION_ENUMS))),
  prepareOrganization: (_root, { input }, { db }) => prepareOrganization(db, parsePrepareInput(lowerEnums(input, ORGANIZATION_ENUMS))),
  filePreparedOrganization: (_root, { id, filingNumber }, { db }) => filePreparedOrganization(db, id, parseFilingNumber(filingNumber)),
  recommendOrganization: (_root, { id }, { db }) => recommendOrganization(db, id),
  registerExistingOrganization: (_root, { id, legalForm, creditCode }, { db }) => {
    const form = parseLegalForm(lower(legalForm));
    return registerExistingOrganization(db, id, form, parseCreditCode(creditCode, form, 'creditCode'));
  },
  recordAnnualInspection: (_root, { id, year, result }, { db }) => recordAnnualInspection(db, id, { year, result: lower(result) }),
  gradeOrganization: (_root, { id, score, gradedOn }, { db }) => {
    gradeForScore(score); // the score's range is the caller's input error, checked before anything else
    return gradeOrganization(db, id, { score, gradedOn: dateOrToday(gradedOn, 'gradedOn') });
  },
  suspendOrganization: (_root, { id, reason }, { db }) => suspendOrganization(db, id, parseReason(reason)),
  reinstateOrganization: (_root, { id }, { db }) => reinstateOrganization(db, id),
  deregisterOrganization: (_root, { id, reason }, { db }) => deregisterOrganization(db, id, parseReason(reason)),
  updateOrganizationProfile: (_root, { id, input }, { db }) => updateProfile(db, id, parseProfileInput(lowerEnums(input, ['serviceFields']))),
};
