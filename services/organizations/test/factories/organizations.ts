import { randomInt, randomUUID } from 'node:crypto';
import type { AnySubgraph } from '@sanshe/testing';
import { CREDIT_CODE_ALPHABET, creditCodeCheckCharacter } from '../../src/domain/credit-code.ts';

export const ORGANIZATION_FIELDS = /* GraphQL */ `
  id name state track category serviceFields legalForm creditCode filingNumber
  community { code } staffCount memberCount createdAt
`;

export const FILE_ORGANIZATION = /* GraphQL */ `
  mutation ($input: FileOrganizationInput!) { fileOrganization(input: $input) { ${ORGANIZATION_FIELDS} } }
`;

export const REGISTER_ORGANIZATION = /* GraphQL */ `
  mutation ($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { ${ORGANIZATION_FIELDS} } }
`;

export interface OrganizationResult {
  id: string;
  name: string;
  state: string;
  track: 'FILED' | 'REGISTERED';
  category: string;
  serviceFields: string[];
  legalForm: string | null;
  creditCode: string | null;
  filingNumber: string | null;
  community: { code: string };
  staffCount: number;
  memberCount: number;
  createdAt: string;
}

/** Second character of a credit code per legal form (9 = "other", accepted for every form). */
export const LEGAL_FORM_KIND = { SOCIAL_GROUP: '1', SOCIAL_SERVICE_AGENCY: '2', FOUNDATION: '3' } as const;
export type LegalFormName = keyof typeof LEGAL_FORM_KIND;

/** The first 17 characters of a civil-affairs credit code with a random organization code. */
export function creditCodeBody(kind: string = '1', division = '150204'): string {
  let body = '';
  for (let i = 0; i < 9; i += 1) body += CREDIT_CODE_ALPHABET[randomInt(CREDIT_CODE_ALPHABET.length)];
  return `5${kind}${division}${body}`;
}

/** A valid, random unified social credit code for a social organization of the given kind. */
export function validCreditCode(kind: string = '1', division = '150204'): string {
  const first17 = creditCodeBody(kind, division);
  return first17 + creditCodeCheckCharacter(first17);
}

export function fileInput(overrides: Record<string, unknown> = {}) {
  return {
    name: `先锋道邻里互助会${randomInt(1_000_000)}`,
    communityCode: '150204001001',
    category: 'COMMUNITY_SERVICE',
    serviceFields: ['ELDERLY', 'VOLUNTEERING'],
    filingNumber: `青先备-${randomUUID().slice(0, 8)}`,
    ...overrides,
  };
}

export function registerInput(overrides: Record<string, unknown> = {}) {
  const legalForm = (overrides.legalForm as LegalFormName | undefined) ?? 'SOCIAL_SERVICE_AGENCY';
  return {
    name: `青山区社会工作服务中心${randomInt(1_000_000)}`,
    communityCode: '150204001001',
    category: 'COMMUNITY_SERVICE',
    serviceFields: ['ELDERLY'],
    legalForm,
    creditCode: validCreditCode(LEGAL_FORM_KIND[legalForm]),
    ...overrides,
  };
}

/** Files an organization through the organizations subgraph's mutation; throws on any error. */
export async function fileOrganization(service: AnySubgraph, overrides: Record<string, unknown> = {}): Promise<OrganizationResult> {
  const input = fileInput(overrides);
  const result = await service.request<{ fileOrganization: OrganizationResult }>(FILE_ORGANIZATION, { input });
  if (result.errors) throw new Error(`fileOrganization ${input.name}: ${JSON.stringify(result.errors)}`);
  return result.data!.fileOrganization;
}

/** Registers an organization through the organizations subgraph's mutation; throws on any error. */
export async function registerOrganization(service: AnySubgraph, overrides: Record<string, unknown> = {}): Promise<OrganizationResult> {
  const input = registerInput(overrides);
  const result = await service.request<{ registerOrganization: OrganizationResult }>(REGISTER_ORGANIZATION, { input });
  if (result.errors) throw new Error(`registerOrganization ${input.name}: ${JSON.stringify(result.errors)}`);
  return result.data!.registerOrganization;
}
