import { randomInt } from 'node:crypto';
import { expect } from 'vitest';
import type { Identity } from '@sanshe/service-kit';
import type { AnySubgraph, GraphQLResponse } from '@sanshe/testing';
import { fileInput } from './organizations.ts';

/** What the lifecycle tests read back about an organization. */
export const LIFECYCLE_FIELDS = /* GraphQL */ `
  id name state track legalForm creditCode filingNumber establishedOn hubKind
  history { action fromState toState reason occurredAt }
  inspections { year result }
  grade { grade label score gradedOn validUntil current }
  grades { grade score gradedOn validUntil current }
`;

export interface LifecycleResult {
  id: string;
  name: string;
  state: string;
  track: string | null;
  legalForm: string | null;
  creditCode: string | null;
  filingNumber: string | null;
  establishedOn: string | null;
  hubKind: string | null;
  history: { action: string; fromState: string | null; toState: string; reason: string | null; occurredAt: string }[];
  inspections: { year: number; result: string }[];
  grade: { grade: number; label: string; score: number; gradedOn: string; validUntil: string; current: boolean } | null;
  grades: { grade: number; score: number; gradedOn: string; validUntil: string; current: boolean }[];
}

/** Runs an operation that must succeed and returns its data. */
export async function ok<T = Record<string, any>>(service: AnySubgraph, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await service.request<T>(query, variables);
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data as T;
}

/** Runs an operation that must be refused, and returns the refusal's extensions (code, field…). */
export async function refused(service: AnySubgraph, query: string, variables: Record<string, unknown> = {}, identity?: Identity) {
  const result: GraphQLResponse = await service.request(query, variables, identity);
  expect(result.errors?.length, `expected a refusal of ${query}`).toBeGreaterThan(0);
  expect(result.errors![0]!.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
  return { message: result.errors![0]!.message, ...result.errors![0]!.extensions } as { message: string; code: string; field?: string } & Record<string, unknown>;
}

export function prepareInput(overrides: Record<string, unknown> = {}) {
  const { filingNumber: _drop, ...base } = fileInput();
  return { ...base, name: `筹备中的邻里互助会${randomInt(1_000_000)}`, ...overrides };
}

export async function prepareOrganization(service: AnySubgraph, overrides: Record<string, unknown> = {}): Promise<LifecycleResult> {
  const data = await ok<{ prepareOrganization: LifecycleResult }>(
    service,
    `mutation ($input: PrepareOrganizationInput!) { prepareOrganization(input: $input) { ${LIFECYCLE_FIELDS} } }`,
    { input: prepareInput(overrides) },
  );
  return data.prepareOrganization;
}

/** The lifecycle mutations by action, as a test calls them: `call(id)` runs the step. */
export const STEP = {
  file: (id: string, filingNumber = `青先备-${randomInt(1_000_000_000)}`) => ({
    query: `mutation ($id: ID!, $n: String!) { r: filePreparedOrganization(id: $id, filingNumber: $n) { ${LIFECYCLE_FIELDS} } }`,
    variables: { id, n: filingNumber },
  }),
  recommend: (id: string) => ({ query: `mutation ($id: ID!) { r: recommendOrganization(id: $id) { ${LIFECYCLE_FIELDS} } }`, variables: { id } }),
  register: (id: string, creditCode: string, legalForm = 'SOCIAL_SERVICE_AGENCY') => ({
    query: `mutation ($id: ID!, $f: LegalForm!, $c: String!) { r: registerExistingOrganization(id: $id, legalForm: $f, creditCode: $c) { ${LIFECYCLE_FIELDS} } }`,
    variables: { id, f: legalForm, c: creditCode },
  }),
  inspect: (id: string, year = 2025, result = 'PASSED') => ({
    query: `mutation ($id: ID!, $y: Int!, $r: InspectionResult!) { r: recordAnnualInspection(id: $id, year: $y, result: $r) { ${LIFECYCLE_FIELDS} } }`,
    variables: { id, y: year, r: result },
  }),
  grade: (id: string, score = 850, gradedOn: string | null = null) => ({
    query: `mutation ($id: ID!, $s: Int!, $d: String) { r: gradeOrganization(id: $id, score: $s, gradedOn: $d) { ${LIFECYCLE_FIELDS} } }`,
    variables: { id, s: score, d: gradedOn },
  }),
  suspend: (id: string, reason = '未按规定报送年度工作报告') => ({
    query: `mutation ($id: ID!, $r: String!) { r: suspendOrganization(id: $id, reason: $r) { ${LIFECYCLE_FIELDS} } }`,
    variables: { id, r: reason },
  }),
  reinstate: (id: string) => ({ query: `mutation ($id: ID!) { r: reinstateOrganization(id: $id) { ${LIFECYCLE_FIELDS} } }`, variables: { id } }),
  deregister: (id: string, reason = '自行解散，清算完毕') => ({
    query: `mutation ($id: ID!, $r: String!) { r: deregisterOrganization(id: $id, reason: $r) { ${LIFECYCLE_FIELDS} } }`,
    variables: { id, r: reason },
  }),
};

export async function step(service: AnySubgraph, call: { query: string; variables: Record<string, unknown> }): Promise<LifecycleResult> {
  return (await ok<{ r: LifecycleResult }>(service, call.query, call.variables)).r;
}
