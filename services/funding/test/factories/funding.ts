import { randomInt } from 'node:crypto';
import type { AnySubgraph } from '@sanshe/testing';

export const CREATE_PROGRAMME = /* GraphQL */ `
  mutation ($input: CreateProgrammeInput!) { createProgramme(input: $input) { id name kind budgetFen awardedFen createdAt } }
`;

export const AWARD_GRANT = /* GraphQL */ `
  mutation ($input: AwardGrantInput!) {
    awardGrant(input: $input) { id title amountFen programme { id awardedFen } community { code } organization { id } awardedAt }
  }
`;

export interface ProgrammeResult {
  id: string;
  name: string;
  kind: string;
  budgetFen: number;
  awardedFen: number;
  createdAt: string;
}

export interface GrantResult {
  id: string;
  title: string;
  amountFen: number;
  programme: { id: string; awardedFen: number };
  community: { code: string };
  organization: { id: string } | null;
  awardedAt: string;
}

export async function createProgramme(service: AnySubgraph, overrides: Record<string, unknown> = {}): Promise<ProgrammeResult> {
  const input = { name: `青山区公益创投${randomInt(1_000_000)}`, kind: 'VENTURE_PHILANTHROPY', budgetFen: 1_000_000, ...overrides };
  const result = await service.request<{ createProgramme: ProgrammeResult }>(CREATE_PROGRAMME, { input });
  if (result.errors) throw new Error(`createProgramme: ${JSON.stringify(result.errors)}`);
  return result.data!.createProgramme;
}

export function grantInput(programmeId: string, overrides: Record<string, unknown> = {}) {
  return { programmeId, title: `社区居家养老服务项目${randomInt(1_000_000)}`, communityCode: '150204001001', amountFen: 100_000, ...overrides };
}

/** Sends awardGrant and returns the raw response: refusals are part of what tests look at. */
export function awardGrantRequest(service: AnySubgraph, programmeId: string, overrides: Record<string, unknown> = {}) {
  return service.request<{ awardGrant: GrantResult }>(AWARD_GRANT, { input: grantInput(programmeId, overrides) });
}

export async function awardGrant(service: AnySubgraph, programmeId: string, overrides: Record<string, unknown> = {}): Promise<GrantResult> {
  const result = await awardGrantRequest(service, programmeId, overrides);
  if (result.errors) throw new Error(`awardGrant: ${JSON.stringify(result.errors)}`);
  return result.data!.awardGrant;
}
