import { z } from 'zod';
import { communityCode } from '@sanshe/events';
import { parseInput } from '@sanshe/service-kit';
import { isoDate, refuseFuture } from './district-date.ts';
import { resolveServiceTime, type ServiceTime } from './hours.ts';
import { idRef } from './id-input.ts';
import { isMobileNumber, isValidResidentId } from './resident-id.ts';

export const VOLUNTEER_SKILLS = [
  'elderly_care',
  'child_care',
  'disability_support',
  'medical',
  'psychological',
  'legal',
  'repair',
  'environment',
  'education',
  'culture_and_sports',
  'it',
  'emergency_rescue',
  'other',
] as const;

function registerSchema(today: Date) {
  return z.object({
    name: z.string().trim().min(2).max(40),
    phone: z
      .string()
      .trim()
      .refine(isMobileNumber, 'an 11-digit mainland mobile number'),
    idNumber: z
      .string()
      .trim()
      .transform((v) => v.toUpperCase())
      .refine((v) => isValidResidentId(v, today), 'an 18-character resident ID number with a valid birth date and check character'),
    communityCode,
    skills: z
      .array(z.enum(VOLUNTEER_SKILLS))
      .nullish()
      .transform((s) => [...new Set(s ?? [])]),
  });
}

export function parseRegisterVolunteer(input: unknown, today = new Date()) {
  return parseInput(registerSchema(today), input);
}

const recordService = z.object({
  volunteerId: idRef,
  organizationId: idRef,
  activity: z.string().trim().min(2).max(200),
  serviceDate: isoDate.nullish().transform((v) => v ?? null),
  startsAt: z.iso
    .datetime({ offset: true })
    .nullish()
    .transform((v) => (v ? new Date(v) : null)),
  endsAt: z.iso
    .datetime({ offset: true })
    .nullish()
    .transform((v) => (v ? new Date(v) : null)),
  minutes: z.number().int().nullish().transform((v) => v ?? null),
});

export interface RecordVolunteerServiceInput extends ServiceTime {
  volunteerId: string;
  organizationId: string;
  activity: string;
}

/** A service record's input: who, which recording organization, what, and its service time (see hours.ts). */
export function parseRecordVolunteerService(input: unknown, now = new Date()): RecordVolunteerServiceInput {
  const parsed = parseInput(recordService, input);
  const time = resolveServiceTime(parsed, now);
  return { volunteerId: parsed.volunteerId, organizationId: parsed.organizationId, activity: parsed.activity, ...time };
}

const verify = z.object({ recordId: idRef, organizationId: idRef });

export function parseVerifyVolunteerService(input: unknown) {
  return parseInput(verify, input);
}

const issue = z.object({
  volunteerId: idRef,
  organizationId: idRef,
  handlerName: z.string().trim().min(2).max(40),
  issuedOn: isoDate.nullish().transform((v) => v ?? null),
});

export function parseIssueCertificate(input: unknown, today = new Date()) {
  const parsed = parseInput(issue, input);
  if (parsed.issuedOn !== null) refuseFuture(parsed.issuedOn, today, 'input.issuedOn', 'an issue date');
  return parsed;
}

export type RegisterVolunteerInput = ReturnType<typeof parseRegisterVolunteer>;
export type VerifyVolunteerServiceInput = ReturnType<typeof parseVerifyVolunteerService>;
export type IssueCertificateInput = ReturnType<typeof parseIssueCertificate>;
