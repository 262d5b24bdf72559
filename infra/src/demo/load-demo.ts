import { DEMO_COMMUNITY, demoOrganizations, qingshanRegions } from './qingshan.ts';

interface GraphQLResult<T> {
  data?: T;
  errors?: { message: string; extensions?: { code?: string; field?: string } }[];
}

/** The demo loads as district-office staff of Qingshan (a bearer token from the dev issuer). */
let bearer: string | null = null;

async function graphql<T>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResult<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResult<T>;
}

/**
 * A write that depends on another service's event (a community code, an organization id) is
 * refused until the event arrives; retry those refusals for a while instead of sleeping blindly.
 */
async function mutate<T>(url: string, query: string, variables: Record<string, unknown>, waitingFor: string[] = []): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const result = await graphql<T>(url, query, variables);
    const error = result.errors?.[0];
    if (!error) return result.data as T;
    const retriable = waitingFor.includes(error.extensions?.code ?? '');
    if (!retriable || Date.now() > deadline) throw new Error(`${error.message} (${error.extensions?.code ?? 'no code'})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function isDemoLoaded(url: string): Promise<boolean> {
  const result = await graphql<{ region: { code: string } | null }>(url, `{ region(code: "150204") { code } }`);
  return result.data?.region != null;
}

/** Loads the demo through the gateway — the services' own mutations and events, nothing behind their backs. */
export async function loadDemo(url: string, token: string, log: (line: string) => void = console.log): Promise<void> {
  bearer = token;
  const regions = qingshanRegions();
  for (const input of regions) {
    await mutate(url, `mutation ($input: RegisterRegionInput!) { registerRegion(input: $input) { code } }`, { input });
  }
  log(`demo: ${regions.length} regions of Qingshan district registered`);

  const orgIds: string[] = [];
  for (const input of demoOrganizations.filed) {
    const data = await mutate<{ fileOrganization: { id: string } }>(
      url,
      `mutation ($input: FileOrganizationInput!) { fileOrganization(input: $input) { id } }`,
      { input: { ...input, communityCode: DEMO_COMMUNITY, memberCount: 12 } },
      ['UNKNOWN_COMMUNITY'],
    );
    orgIds.push(data.fileOrganization.id);
  }
  for (const input of demoOrganizations.registered) {
    const data = await mutate<{ registerOrganization: { id: string } }>(
      url,
      `mutation ($input: RegisterOrganizationInput!) { registerOrganization(input: $input) { id } }`,
      { input: { ...input, communityCode: DEMO_COMMUNITY, staffCount: 9, memberCount: 30 } },
      ['UNKNOWN_COMMUNITY'],
    );
    orgIds.push(data.registerOrganization.id);
  }
  log(`demo: ${orgIds.length} social organizations filed or registered`);

  const FOUND = `mutation ($input: FoundPartyOrganizationInput!) { foundPartyOrganization(input: $input) { id } }`;
  const committee = await mutate<{ foundPartyOrganization: { id: string } }>(
    url,
    FOUND,
    { input: { name: '先锋道第1社区党委', kind: 'COMMUNITY_COMMITTEE', regionCode: DEMO_COMMUNITY, fullMembers: 86, probationaryMembers: 3 } },
    ['UNKNOWN_COMMUNITY'],
  );
  // The two filed organizations have too few members for a branch of their own: a joint branch.
  await mutate(
    url,
    FOUND,
    {
      input: {
        name: '先锋道社会组织联合党支部',
        kind: 'JOINT_BRANCH',
        regionCode: DEMO_COMMUNITY,
        parentId: committee.foundPartyOrganization.id,
        fullMembers: 5,
        probationaryMembers: 1,
        organizationIds: orgIds.slice(0, 2),
      },
    },
    ['UNKNOWN_COMMUNITY', 'NOT_FOUND'],
  );
  log('demo: a community party committee and a joint branch founded');

  const REGISTER_WORKER = `mutation ($input: RegisterSocialWorkerInput!) { registerSocialWorker(input: $input) { id } }`;
  const workers = [
    { name: '王晓燕', certificationLevel: 'INTERMEDIATE', certificateNumber: 'S2016150204001', certifiedOn: '2016-11-20', employment: 'AGENCY', employerOrganizationId: orgIds[2], accountSubject: 'demo-social-worker' },
    { name: '李志强', certificationLevel: 'ASSISTANT', certificateNumber: 'A2018150204017', certifiedOn: '2018-12-01', employment: 'GOVERNMENT_POST' },
    { name: '赵敏', employment: 'GOVERNMENT_POST' },
  ];
  for (const worker of workers) {
    await mutate(url, REGISTER_WORKER, { input: { ...worker, communityCode: DEMO_COMMUNITY } }, ['UNKNOWN_COMMUNITY', 'NOT_FOUND']);
  }
  log(`demo: ${workers.length} social workers registered`);

  const programme = await mutate<{ createProgramme: { id: string } }>(
    url,
    `mutation ($input: CreateProgrammeInput!) { createProgramme(input: $input) { id } }`,
    // Seed 000: the district's purchase-of-services catalogue, 800万 yuan a year.
    { input: { name: '青山区2017年政府购买服务', kind: 'PURCHASE_OF_SERVICES', budgetFen: 800_000_000 } },
  );
  await mutate(
    url,
    `mutation ($input: AwardGrantInput!) { awardGrant(input: $input) { id } }`,
    {
      input: {
        programmeId: programme.createProgramme.id,
        title: '先锋道社区青少年成长支持项目',
        communityCode: DEMO_COMMUNITY,
        organizationId: orgIds[2],
        amountFen: 15_000_000,
      },
    },
    ['UNKNOWN_COMMUNITY', 'NOT_FOUND'],
  );
  log('demo: a purchase-of-services programme and a grant awarded');
}
