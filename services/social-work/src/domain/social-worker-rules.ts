import { z } from 'zod';
import { communityCode } from '@sanshe/events';
import { DomainError, parseInput, districtDate } from '@sanshe/service-kit';

/** A token subject as the identity provider issues it. */
const accountSubject = z.string().trim().min(1).max(200);

const registerInput = z.object({
  name: z.string().trim().min(2).max(40),
  communityCode,
  certificationLevel: z.enum(['assistant', 'intermediate', 'senior']).nullish().transform((v) => v ?? null),
  certificateNumber: z.string().trim().min(4).max(40).nullish().transform((v) => v ?? null),
  certifiedOn: z.iso.date().nullish().transform((v) => v ?? null),
  employment: z.enum(['agency', 'government_post']),
  employerOrganizationId: z.uuid().nullish().transform((v) => v ?? null),
  socialWorkGraduate: z.boolean().nullish().transform((v) => v ?? false),
  // Checked against the stations (NOT_FOUND) rather than refused here: any string is looked up.
  stationId: z.string().trim().min(1).nullish().transform((v) => v ?? null),
  accountSubject: accountSubject.nullish().transform((v) => v ?? null),
});

export type RegisterSocialWorkerInput = z.output<typeof registerInput>;

/**
 * A certified worker has a level, a certificate number and its date together; an agency worker
 * names the agency, a government post names none.
 */
export function parseRegisterSocialWorker(input: unknown, today = new Date()): RegisterSocialWorkerInput {
  const parsed = parseInput(registerInput, input);
  const certificate = [parsed.certificationLevel, parsed.certificateNumber, parsed.certifiedOn];
  if (certificate.some((v) => v !== null) && certificate.some((v) => v === null)) {
    const missing = (['certificationLevel', 'certificateNumber', 'certifiedOn'] as const).find((f) => parsed[f] === null)!;
    throw new DomainError('BAD_USER_INPUT', 'a certificate has a level, a number and a date', `input.${missing}`);
  }
  if (parsed.certifiedOn !== null && parsed.certifiedOn > districtDate(today)) {
    throw new DomainError('BAD_USER_INPUT', 'a certificate cannot be dated in the future', 'input.certifiedOn');
  }
  if (parsed.employment === 'agency' && parsed.employerOrganizationId === null) {
    throw new DomainError('BAD_USER_INPUT', 'an agency social worker names the agency', 'input.employerOrganizationId');
  }
  if (parsed.employment === 'government_post' && parsed.employerOrganizationId !== null) {
    throw new DomainError('BAD_USER_INPUT', 'a government-bought post has no agency employer', 'input.employerOrganizationId');
  }
  return parsed;
}

const linkAccount = z.object({
  socialWorkerId: z.string().trim().min(1),
  accountSubject: accountSubject.nullish().transform((v) => v ?? null),
});

export type LinkAccountInput = z.output<typeof linkAccount>;

export function parseLinkAccount(input: unknown): LinkAccountInput {
  return parseInput(linkAccount, input);
}
