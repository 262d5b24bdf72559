import { randomInt } from 'node:crypto';
import type { AnySubgraph } from '@sanshe/testing';
import { residentIdCheckCharacter } from '../../src/domain/resident-id.ts';
import { ok } from './graphql.ts';

/** A valid, random resident ID number born in 1960–1999 in Qingshan (150204). */
/** ID numbers handed out in this test file: a batch of 1,000 random ones collided about once in 27 runs. */
const issued = new Set<string>();

/** A valid resident ID number (real birth date, check character), never the same twice in a test file. */
export function validIdNumber(): string {
  for (;;) {
    const birth = `${1960 + randomInt(40)}${String(1 + randomInt(12)).padStart(2, '0')}${String(1 + randomInt(28)).padStart(2, '0')}`;
    const first17 = `150204${birth}${String(randomInt(1000)).padStart(3, '0')}`;
    const id = first17 + residentIdCheckCharacter(first17);
    if (!issued.has(id)) {
      issued.add(id);
      return id;
    }
  }
}

export const validPhone = () => `13${randomInt(10)}${String(randomInt(10 ** 8)).padStart(8, '0')}`;

export const VOLUNTEER_FIELDS = 'id name phone idNumber community { code } skills registeredAt';

export const REGISTER_VOLUNTEER = `mutation ($input: RegisterVolunteerInput!) { registerVolunteer(input: $input) { ${VOLUNTEER_FIELDS} } }`;

export interface VolunteerResult {
  id: string;
  name: string;
  phone: string;
  idNumber: string;
  community: { code: string };
  skills: string[];
  registeredAt: string;
}

export function volunteerInput(overrides: Record<string, unknown> = {}) {
  return { name: '李春花', phone: validPhone(), idNumber: validIdNumber(), communityCode: '150204001001', skills: ['ELDERLY_CARE'], ...overrides };
}

export async function registerVolunteer(service: AnySubgraph, overrides: Record<string, unknown> = {}) {
  const input = volunteerInput(overrides);
  const data = await ok<{ registerVolunteer: VolunteerResult }>(service, REGISTER_VOLUNTEER, { input });
  return { volunteer: data.registerVolunteer, input };
}

export const RECORD_FIELDS = 'id volunteer { id } recordingOrganization { id } activity serviceDate startsAt endsAt minutes duration { minutes hours remainderMinutes text } verified verifiedAt recordedAt';

export const RECORD_SERVICE = `mutation ($input: RecordVolunteerServiceInput!) { recordVolunteerService(input: $input) { ${RECORD_FIELDS} } }`;
export const VERIFY_SERVICE = `mutation ($input: VerifyVolunteerServiceInput!) { verifyVolunteerService(input: $input) { ${RECORD_FIELDS} } }`;

export interface RecordResult {
  id: string;
  serviceDate: string;
  minutes: number;
  verified: boolean;
  duration: { minutes: number; hours: number; remainderMinutes: number; text: string };
  [key: string]: unknown;
}

/** Records a service (a duration on a date unless overridden) and, unless `verify` is false, verifies it. */
export async function recordService(
  service: AnySubgraph,
  volunteerId: string,
  organizationId: string,
  overrides: Record<string, unknown> = {},
  verify = true,
): Promise<RecordResult> {
  const input = { volunteerId, organizationId, activity: '社区助老送餐', serviceDate: '2024-03-01', minutes: 60, ...overrides };
  const recorded = (await ok<{ recordVolunteerService: RecordResult }>(service, RECORD_SERVICE, { input })).recordVolunteerService;
  if (!verify) return recorded;
  return (await ok<{ verifyVolunteerService: RecordResult }>(service, VERIFY_SERVICE, { input: { recordId: recorded.id, organizationId } })).verifyVolunteerService;
}

export const CERTIFICATE_FIELDS =
  'id number volunteer { id } issuer { id } handlerName issuedOn total { minutes hours remainderMinutes text } recordCount firstServiceDate lastServiceDate recomputedMinutes';

export const ISSUE_CERTIFICATE = `mutation ($input: IssueVolunteerCertificateInput!) { issueVolunteerCertificate(input: $input) { ${CERTIFICATE_FIELDS} } }`;

export interface CertificateResult {
  id: string;
  number: string;
  handlerName: string;
  issuedOn: string;
  total: { minutes: number; hours: number; remainderMinutes: number; text: string };
  recordCount: number;
  firstServiceDate: string;
  lastServiceDate: string;
  recomputedMinutes: number;
  [key: string]: unknown;
}
