import { randomInt } from 'node:crypto';
import type { AnySubgraph } from '@sanshe/testing';

export const PARTY_FIELDS = /* GraphQL */ `
  id name kind regionCode community { code } parent { id } fullMembers probationaryMembers
  coveredOrganizations { id } foundedAt
`;

export const FOUND_PARTY_ORGANIZATION = /* GraphQL */ `
  mutation ($input: FoundPartyOrganizationInput!) { foundPartyOrganization(input: $input) { ${PARTY_FIELDS} } }
`;

export interface PartyOrganizationResult {
  id: string;
  name: string;
  kind: string;
  regionCode: string;
  community: { code: string } | null;
  parent: { id: string } | null;
  fullMembers: number;
  probationaryMembers: number;
  coveredOrganizations: { id: string }[];
  foundedAt: string;
}

export function foundInput(overrides: Record<string, unknown> = {}) {
  return {
    name: `先锋道第一社区党支部${randomInt(1_000_000)}`,
    kind: 'BRANCH',
    regionCode: '150204001001',
    fullMembers: 5,
    probationaryMembers: 1,
    ...overrides,
  };
}

/** Founds a party organization through the mutation; throws on any error. */
export async function foundPartyOrganization(service: AnySubgraph, overrides: Record<string, unknown> = {}): Promise<PartyOrganizationResult> {
  const input = foundInput(overrides);
  const result = await service.request<{ foundPartyOrganization: PartyOrganizationResult }>(FOUND_PARTY_ORGANIZATION, { input });
  if (result.errors) throw new Error(`foundPartyOrganization ${input.name}: ${JSON.stringify(result.errors)}`);
  return result.data!.foundPartyOrganization;
}
