import { anonymous, type Identity } from '@sanshe/service-kit';
import { testOperator, type AnySubgraph, type GraphQLResponse, type TestSubgraphs } from '@sanshe/testing';
import { selfGovernanceSubgraph } from '../../src/app.ts';
import { registerRegions } from './regions.ts';

/** Self-governance as its tests hold it (the name says which service a helper expects). */
export type SelfGovernance = AnySubgraph;

export const COMMUNITY = '150204001001';
export const OTHER_COMMUNITY = '150204001002';
export const OTHER_STREET_COMMUNITY = '150204002001';

/** A self-governance subgraph on the file's bus and a database of its own, with the Qingshan sample regions. */
export async function startSelfGovernance(subgraphs: TestSubgraphs, overrides: Record<string, string> = {}): Promise<SelfGovernance> {
  const service = await subgraphs.start('self-governance', selfGovernanceSubgraph, overrides);
  await registerRegions(service);
  return service;
}

/**
 * Who reads: the test operator (district office, every region) sees residents' personal data
 * unmasked; an anonymous caller sees public records masked; a partner agency of the district sees
 * non-public records (disputes, needs) within its scope, masked.
 */
export const operator: Identity = testOperator;
export const outsider: Identity = anonymous;
export const districtPartner: Identity = { subject: 'partner-qingshan', roles: ['partner_agency'], scope: ['150204'], organizationId: null, partnerId: 'partner-1' };

/** Runs an operation that must succeed and returns its data. */
export async function ok<T = Record<string, any>>(service: SelfGovernance, query: string, variables?: Record<string, unknown>, identity: Identity = operator): Promise<T> {
  const result = await service.request<T>(query, variables, identity);
  if (result.errors) throw new Error(`${result.errors[0]!.message} ${JSON.stringify(result.errors[0]!.extensions)}`);
  return result.data!;
}

/** Runs an operation that must be refused and returns the first error's extensions. */
export async function refused(service: SelfGovernance, query: string, variables?: Record<string, unknown>) {
  const result: GraphQLResponse = await service.request(query, variables);
  if (!result.errors) throw new Error(`expected a refusal, got ${JSON.stringify(result.data)}`);
  return result.errors[0]!.extensions as { code: string; field?: string; [key: string]: unknown };
}

export async function countRows(service: SelfGovernance, table: string): Promise<number> {
  const [row] = await service.database.sql.unsafe(`select count(*)::int as n from ${table}`);
  return row!.n as number;
}

/** Rows in `outbox` of one event type: proves a refused mutation wrote no event either. */
export async function outboxCount(service: SelfGovernance, type?: string): Promise<number> {
  const [row] = type
    ? await service.database.sql`select count(*)::int as n from outbox where type = ${type}`
    : await service.database.sql`select count(*)::int as n from outbox`;
  return row!.n as number;
}

export const resident = (name: string, phone: string | null = null) => ({ name, phone });

export const PLATFORM = `mutation ($input: CreateDeliberationPlatformInput!) { createDeliberationPlatform(input: $input) { id name } }`;
export const PROPOSAL_FIELDS = `id stage nextAction proposer { kind label }
  history { action stage summary participantCount rating meeting { id } vote { id outcome } }
  votes { id action eligible present votesFor votesAgainst abstentions quorumMet passed outcome meeting { id } }`;
export const SUBMIT = `mutation ($input: SubmitProposalInput!) { submitProposal(input: $input) { ${PROPOSAL_FIELDS} } }`;
export const JOINT_REVIEW = `mutation ($input: ProposalVoteInput!) { jointReviewProposal(input: $input) { ${PROPOSAL_FIELDS} } }`;
export const DELIBERATE = `mutation ($input: DeliberateProposalInput!) { deliberateProposal(input: $input) { ${PROPOSAL_FIELDS} } }`;
export const RESOLVE = `mutation ($input: ProposalVoteInput!) { resolveProposal(input: $input) { ${PROPOSAL_FIELDS} } }`;
export const EVALUATE = `mutation ($input: EvaluateProposalInput!) { evaluateProposal(input: $input) { ${PROPOSAL_FIELDS} } }`;

export const vote = (eligible: number, present: number, votesFor: number, votesAgainst = 0, abstentions = 0) => ({
  eligible,
  present,
  votesFor,
  votesAgainst,
  abstentions,
});

export async function createPlatform(service: SelfGovernance, name = '先锋道第一社区居民议事会', communityCode = COMMUNITY): Promise<string> {
  const data = await ok<{ createDeliberationPlatform: { id: string } }>(service, PLATFORM, { input: { communityCode, name } });
  return data.createDeliberationPlatform.id;
}

export async function submitProposal(service: SelfGovernance, platformId: string, title = '加装电梯') {
  const data = await ok<{ submitProposal: { id: string; stage: string } }>(service, SUBMIT, {
    input: { platformId, title, description: '3号楼老人多，居民提议加装电梯。', proposer: { kind: 'RESIDENT', label: '李桂兰' } },
  });
  return data.submitProposal;
}

export const NEED = `mutation ($input: ReportNeedInput!) { reportNeed(input: $input) { id status } }`;
export const WISH = `mutation ($input: PostMicroWishInput!) { postMicroWish(input: $input) { id status need { id status } } }`;

export async function reportNeed(service: SelfGovernance, overrides: Record<string, unknown> = {}) {
  const data = await ok<{ reportNeed: { id: string } }>(service, NEED, {
    input: { communityCode: COMMUNITY, category: 'ELDERLY_CARE', urgency: 'HIGH', summary: '独居老人需要助餐服务', reporter: resident('赵淑芬', '13912345678'), ...overrides },
  });
  return data.reportNeed.id;
}

export async function postWish(service: SelfGovernance, title = '想要一台收音机') {
  const data = await ok<{ postMicroWish: { id: string; need: { id: string } } }>(service, WISH, {
    input: { communityCode: COMMUNITY, title, category: 'ELDERLY_CARE', poster: resident('钱玉珍', '13712345678') },
  });
  return { wishId: data.postMicroWish.id, needId: data.postMicroWish.need.id };
}
