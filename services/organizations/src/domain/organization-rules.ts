import { z } from 'zod';
import { DomainError, parseInput } from '@sanshe/service-kit';
import { communityCode } from '@sanshe/events';
import { CREDIT_CODE_MESSAGES, creditCodeProblem, type LegalForm } from './credit-code.ts';
import { SERVICE_FIELDS } from './labels.ts';

export const CATEGORIES = ['trade_association', 'science_and_technology', 'charity', 'community_service'] as const;
export const LEGAL_FORMS = ['social_group', 'social_service_agency', 'foundation'] as const;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((v) => (v ? v : null));

/** The organization's own public contact points: organizational data, not a person's. */
const contacts = {
  description: optionalText(2000),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9][0-9 ()-]{4,28}[0-9]$/, 'a phone number has digits, spaces, brackets and dashes only')
    .nullish()
    .transform((v) => v ?? null),
  email: z.email('an e-mail address').max(200).nullish().transform((v) => v ?? null),
  website: z
    .url({ protocol: /^https?$/, error: 'an http(s) address' })
    .max(300)
    .nullish()
    .transform((v) => v ?? null),
};

const serviceFields = z
  .array(z.enum(SERVICE_FIELDS as [string, ...string[]]))
  .max(12)
  .transform((f) => [...new Set(f)]);
const count = z.number().int().nonnegative().max(1_000_000);

const common = {
  name: z.string().trim().min(2, 'a name has at least 2 characters').max(100),
  communityCode,
  category: z.enum(CATEGORIES),
  serviceFields,
  staffCount: count.nullish().transform((v) => v ?? 0),
  memberCount: count.nullish().transform((v) => v ?? 0),
  ...contacts,
};

export const filingNumber = z.string().trim().min(1, 'a filing number is required').max(40);

export const prepareInput = z.object(common);
export const fileInput = z.object({ ...common, filingNumber });
export const registerInput = z.object({ ...common, legalForm: z.enum(LEGAL_FORMS), creditCode: z.string().trim().toUpperCase() });

export type PrepareInput = z.output<typeof prepareInput>;
export type FileInput = z.output<typeof fileInput>;
export type RegisterInput = z.output<typeof registerInput>;

export function parsePrepareInput(input: unknown): PrepareInput {
  return parseInput(prepareInput, input);
}

export function parseFileInput(input: unknown): FileInput {
  return parseInput(fileInput, input);
}

/** A credit code checked against GB 32100-2015 and the legal form, normalised to upper case. */
export function parseCreditCode(raw: string, legalForm: LegalForm, field: string): string {
  const code = raw.trim().toUpperCase();
  const problem = creditCodeProblem(code, legalForm);
  if (problem) throw new DomainError('BAD_USER_INPUT', CREDIT_CODE_MESSAGES[problem], field, { reason: problem });
  return code;
}

export function parseRegisterInput(input: unknown): RegisterInput {
  const parsed = parseInput(registerInput, input);
  return { ...parsed, creditCode: parseCreditCode(parsed.creditCode, parsed.legalForm as LegalForm, 'input.creditCode') };
}

export function parseLegalForm(value: string, field = 'legalForm'): LegalForm {
  const parsed = z.enum(LEGAL_FORMS).safeParse(value);
  if (!parsed.success) throw new DomainError('BAD_USER_INPUT', `${field} must be one of ${LEGAL_FORMS.join(', ')}`, field);
  return parsed.data;
}

export function parseFilingNumber(value: string, field = 'filingNumber'): string {
  return parseInput(filingNumber, value, field);
}

const profileInput = z
  .object({
    serviceFields: serviceFields.optional(),
    staffCount: count.optional(),
    memberCount: count.optional(),
    description: contacts.description.optional(),
    phone: contacts.phone.optional(),
    email: contacts.email.optional(),
    website: contacts.website.optional(),
  })
  .strict();

/** Fields every organization has: they change, but are never cleared. */
const REQUIRED_PROFILE_FIELDS = ['serviceFields', 'staffCount', 'memberCount'];

export type ProfileChanges = Partial<{
  serviceFields: string[];
  staffCount: number;
  memberCount: number;
  description: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
}>;

/** Only the fields present change; a present null clears an optional field. */
export function parseProfileInput(input: Record<string, unknown>): ProfileChanges {
  const present = Object.keys(input).filter((k) => input[k] !== undefined);
  if (present.length === 0) throw new DomainError('BAD_USER_INPUT', 'nothing to change', 'input');
  const cleared = REQUIRED_PROFILE_FIELDS.find((k) => input[k] === null);
  if (cleared) throw new DomainError('BAD_USER_INPUT', `input.${cleared} cannot be cleared`, `input.${cleared}`);
  const parsed = parseInput(profileInput, input) as Record<string, unknown>;
  return Object.fromEntries(present.map((k) => [k, parsed[k]])) as ProfileChanges;
}

/** A lifecycle reason (suspension, deregistration): a short text. */
export function parseReason(value: string, field = 'reason'): string {
  return parseInput(z.string().trim().min(2, 'a reason has at least 2 characters').max(500), value, field);
}
