import type { SubgraphClient } from './subgraph-client.ts';
import { WAITING_FOR_EVENTS } from './subgraph-client.ts';

/**
 * The services' own mutations a dataset is loaded with, one typed function each. Writes that
 * name another service's records (a community, an organization) wait for its events to arrive.
 */
const wait = WAITING_FOR_EVENTS;
type Input = Record<string, unknown>;

export async function registerRegion(client: SubgraphClient, input: Input): Promise<void> {
  await client.mutate('self-governance', `mutation ($input: RegisterRegionInput!) { registerRegion(input: $input) { code } }`, { input });
}

export async function importOrganizations(client: SubgraphClient, records: Input[]): Promise<string[]> {
  const data = await client.mutate<{ importOrganizations: { ids: string[] } }>(
    'organizations',
    `mutation ($input: ImportOrganizationsInput!) { importOrganizations(input: $input) { count ids } }`,
    { input: { records } },
    wait,
  );
  return data.importOrganizations.ids;
}

export async function foundPartyOrganization(client: SubgraphClient, input: Input): Promise<string> {
  const data = await client.mutate<{ foundPartyOrganization: { id: string } }>(
    'party-building',
    `mutation ($input: FoundPartyOrganizationInput!) { foundPartyOrganization(input: $input) { id } }`,
    { input },
    wait,
  );
  return data.foundPartyOrganization.id;
}

export async function openPartyServiceStation(client: SubgraphClient, input: Input): Promise<void> {
  await client.mutate('party-building', `mutation ($input: OpenPartyServiceStationInput!) { openPartyServiceStation(input: $input) { id } }`, { input }, wait);
}

export async function createDeliberationPlatform(client: SubgraphClient, input: Input): Promise<void> {
  await client.mutate('self-governance', `mutation ($input: CreateDeliberationPlatformInput!) { createDeliberationPlatform(input: $input) { id } }`, { input });
}

export async function importDisputes(client: SubgraphClient, records: Input[]): Promise<void> {
  await client.mutate('self-governance', `mutation ($input: ImportDisputesInput!) { importDisputes(input: $input) { count } }`, { input: { records } });
}

export async function planMicroProject(client: SubgraphClient, input: Input): Promise<void> {
  await client.mutate('self-governance', `mutation ($input: PlanMicroProjectInput!) { planMicroProject(input: $input) { id } }`, { input });
}

export async function postMicroWish(client: SubgraphClient, input: Input): Promise<string> {
  const data = await client.mutate<{ postMicroWish: { id: string } }>(
    'self-governance',
    `mutation ($input: PostMicroWishInput!) { postMicroWish(input: $input) { id } }`,
    { input },
  );
  return data.postMicroWish.id;
}

export async function claimMicroWish(client: SubgraphClient, input: Input): Promise<void> {
  await client.mutate('self-governance', `mutation ($input: ClaimMicroWishInput!) { claimMicroWish(input: $input) { id } }`, { input });
}

export async function fulfillMicroWish(client: SubgraphClient, input: Input): Promise<void> {
  await client.mutate('self-governance', `mutation ($input: FulfillMicroWishInput!) { fulfillMicroWish(input: $input) { id } }`, { input });
}

export async function registerSocialWorker(client: SubgraphClient, input: Input): Promise<void> {
  await client.mutate('social-work', `mutation ($input: RegisterSocialWorkerInput!) { registerSocialWorker(input: $input) { id } }`, { input }, wait);
}

export async function openSocialWorkStation(client: SubgraphClient, input: Input): Promise<void> {
  await client.mutate('social-work', `mutation ($input: OpenSocialWorkStationInput!) { openSocialWorkStation(input: $input) { id } }`, { input }, wait);
}

export async function importVolunteers(client: SubgraphClient, records: Input[]): Promise<void> {
  await client.mutate('social-work', `mutation ($input: ImportVolunteersInput!) { importVolunteers(input: $input) { count } }`, { input: { records } }, wait);
}

export async function createFund(client: SubgraphClient, input: Input): Promise<string> {
  const data = await client.mutate<{ createFund: { id: string } }>(
    'funding',
    `mutation ($input: CreateFundInput!) { createFund(input: $input) { id } }`,
    { input },
    wait,
  );
  return data.createFund.id;
}

export async function createProgramme(client: SubgraphClient, input: Input): Promise<string> {
  const data = await client.mutate<{ createProgramme: { id: string } }>(
    'funding',
    `mutation ($input: CreateProgrammeInput!) { createProgramme(input: $input) { id } }`,
    { input },
  );
  return data.createProgramme.id;
}

export async function awardGrant(client: SubgraphClient, input: Input): Promise<void> {
  await client.mutate('funding', `mutation ($input: AwardGrantInput!) { awardGrant(input: $input) { id } }`, { input }, wait);
}

export async function pledgeMicroWish(client: SubgraphClient, input: Input): Promise<void> {
  await client.mutate('funding', `mutation ($input: PledgeMicroWishInput!) { pledgeMicroWish(input: $input) { id } }`, { input }, wait);
}

export async function lendVenue(client: SubgraphClient, input: Input): Promise<void> {
  await client.mutate('organizations', `mutation ($input: LendVenueInput!) { lendVenue(input: $input) { id } }`, { input });
}

/** Splits records into import calls of at most `size`. */
export function batches<T>(records: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < records.length; i += size) out.push(records.slice(i, i + size));
  return out;
}
