import type { AnySubgraph, GraphQLResponse } from '@sanshe/testing';

/** Runs an operation that must succeed and returns its data. */
export async function must<T = Record<string, unknown>>(service: AnySubgraph, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await service.request<T>(query, variables);
  if (result.errors) throw new Error(`${query.trim().split('\n')[0]}: ${JSON.stringify(result.errors)}`);
  return result.data!;
}

/** Runs an operation and returns the raw response: refusals are what the test looks at. */
export const attempt = <T = Record<string, unknown>>(service: AnySubgraph, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> =>
  service.request<T>(query, variables);

/** The refusal's code and field (and the rest of its extensions). */
export function refusalOf(result: GraphQLResponse<unknown>): Record<string, unknown> {
  if (!result.errors?.length) throw new Error(`expected a refusal, got ${JSON.stringify(result.data)}`);
  return result.errors[0]!.extensions ?? {};
}

export const CREATE_FUND = /* GraphQL */ `
  mutation ($input: CreateFundInput!) { createFund(input: $input) { id name source purpose regionCode availableFen receivedFen committedFen paidFen } }
`;
export const CREATE_PROGRAMME_ON_FUND = /* GraphQL */ `
  mutation ($input: CreateProgrammeInput!) { createProgramme(input: $input) { id name kind budgetFen fund { id } } }
`;
export const AWARD = /* GraphQL */ `
  mutation ($input: AwardGrantInput!) { awardGrant(input: $input) { id amountFen status tranches { id seq amountFen status } } }
`;
export const REPORT_MILESTONE = /* GraphQL */ `mutation ($id: ID!) { reportMilestone(trancheId: $id) { id seq status milestoneMetAt } }`;
export const PAY_TRANCHE = /* GraphQL */ `mutation ($id: ID!) { payTranche(trancheId: $id) { id seq status paidAt grant { id status paidFen payableFen } } }`;
export const FUND_STATE = /* GraphQL */ `query ($id: ID!) { fund(id: $id) { availableFen committedFen paidFen receivedFen } }`;
export const GRANT_STATE = /* GraphQL */ `
  query ($id: ID!) { grant(id: $id) { id status suspensionReason amountFen paidFen payableFen tranches { id seq status amountFen milestoneMetAt } evaluation { score rating } } }
`;

export interface FundResult {
  id: string;
  regionCode: string | null;
  availableFen: number;
}

export async function createFund(service: AnySubgraph, input: Record<string, unknown>): Promise<FundResult> {
  return (await must<{ createFund: FundResult }>(service, CREATE_FUND, { input: { name: '青山区政府购买服务资金', source: 'DISTRICT_BUDGET', ...input } })).createFund;
}

export async function createProgrammeOn(service: AnySubgraph, fundId: string, input: Record<string, unknown> = {}): Promise<{ id: string }> {
  return (await must<{ createProgramme: { id: string } }>(service, CREATE_PROGRAMME_ON_FUND, { input: { name: '青山区公益创投', kind: 'VENTURE_PHILANTHROPY', budgetFen: 0, fundId, ...input } }))
    .createProgramme;
}

export interface AwardedGrant {
  id: string;
  amountFen: number;
  tranches: { id: string; seq: number; amountFen: number; status: string }[];
}

export async function award(service: AnySubgraph, input: Record<string, unknown>): Promise<AwardedGrant> {
  return (await must<{ awardGrant: AwardedGrant }>(service, AWARD, { input: { title: '社区居家养老服务项目', communityCode: '150204001001', ...input } })).awardGrant;
}

export type GrantState = {
  id: string;
  status: string;
  suspensionReason: string | null;
  amountFen: number;
  paidFen: number;
  payableFen: number;
  tranches: { id: string; seq: number; status: string; amountFen: number; milestoneMetAt: string | null }[];
  evaluation: { score: number; rating: string } | null;
};

export async function grantState(service: AnySubgraph, id: string): Promise<GrantState> {
  return (await must<{ grant: GrantState }>(service, GRANT_STATE, { id })).grant;
}

export async function fundState(service: AnySubgraph, id: string) {
  return (await must<{ fund: { availableFen: number; committedFen: number; paidFen: number; receivedFen: number } }>(service, FUND_STATE, { id })).fund;
}
