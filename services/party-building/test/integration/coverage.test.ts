/**
 * Party coverage at community, street and district level, from the organizations' events this
 * service keeps — suspended organizations outside the share — in a fixed number of statements.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { organizations as orgEvents } from '@sanshe/events';
import { announceOrganizations, deliver, lifecycleEvent } from '../factories/replica-events.ts';
import { ok, refusalOf, startPartyBuilding } from '../factories/party-service.ts';
import { foundPartyOrganization } from '../factories/party-organizations.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;
/** Organizations by letter, placed as the comment in beforeAll says. */
const o: Record<string, string> = {};

beforeAll(async () => {
  service = await startPartyBuilding(subgraphs);
  // 150204001001: A B C D E · 150204001002: F G · 150204002001: H I J · 150204002002: none · 150204003001: K
  const layout: [string, string][] = [
    ['A', '150204001001'], ['B', '150204001001'], ['C', '150204001001'], ['D', '150204001001'], ['E', '150204001001'],
    ['F', '150204001002'], ['G', '150204001002'],
    ['H', '150204002001'], ['I', '150204002001'], ['J', '150204002001'],
    ['K', '150204003001'],
  ];
  const ids = await announceOrganizations(bus, service, layout.map(([, community]) => community));
  layout.forEach(([letter], i) => (o[letter] = ids[i]!));

  const street = await foundPartyOrganization(service, { kind: 'STREET_WORKING_COMMITTEE', regionCode: '150204001', name: '先锋道街道党工委' });
  const committee = await foundPartyOrganization(service, { kind: 'COMMUNITY_COMMITTEE', parentId: street.id, name: '先锋道第一社区党委' });
  const branchA = await foundPartyOrganization(service, { kind: 'BRANCH', parentId: committee.id, organizationIds: [o.A] });
  await foundPartyOrganization(service, { kind: 'JOINT_BRANCH', parentId: street.id, organizationIds: [o.B, o.F] });
  await foundPartyOrganization(service, { kind: 'BRANCH', regionCode: '150204002001', organizationIds: [o.H] });
  await foundPartyOrganization(service, { kind: 'JOINT_BRANCH', regionCode: '150204002001', organizationIds: [o.I, o.J] });

  // C (uncovered) and I (covered by a joint branch) are suspended.
  await deliver(bus, orgEvents.organizationSuspended, lifecycleEvent(orgEvents.organizationSuspended, o.C!, '150204001001'));
  await deliver(bus, orgEvents.organizationSuspended, lifecycleEvent(orgEvents.organizationSuspended, o.I!, '150204002001'));

  await ok(service, `mutation ($id: ID!) { updatePartyMembership(id: $id, fullMembers: 2, probationaryMembers: 0) { id } }`, { id: branchA.id });
  const OPEN = `mutation ($input: OpenPartyServiceStationInput!) { openPartyServiceStation(input: $input) { id } }`;
  for (const [communityCode, placement] of [['150204001001', 'BUILDING'], ['150204001001', 'UNIT'], ['150204001002', 'GRID']]) {
    await ok(service, OPEN, { input: { name: '党员服务站', communityCode, placement, locationLabel: '1号楼' } });
  }
});

const FIGURES = `regionCode organizationCount coveredOrganizationCount jointBranchCoveredCount suspendedOrganizationCount coveredPermille
  partyOrganizationCount jointBranchCount needsReorganisationCount serviceStationCount`;

async function coverage(regionCode: string) {
  const result = await service.request<{ partyCoverage: Record<string, unknown> | null }>(
    `query ($code: ID!) { partyCoverage(regionCode: $code) { ${FIGURES} } }`,
    { code: regionCode },
  );
  expect(result.errors).toBeUndefined();
  return result.data!.partyCoverage;
}

const figures = (
  regionCode: string,
  [organizationCount, coveredOrganizationCount, jointBranchCoveredCount, suspendedOrganizationCount]: number[],
  coveredPermille: number | null,
  [partyOrganizationCount, jointBranchCount, needsReorganisationCount, serviceStationCount]: number[],
) => ({
  regionCode,
  organizationCount,
  coveredOrganizationCount,
  jointBranchCoveredCount,
  suspendedOrganizationCount,
  coveredPermille,
  partyOrganizationCount,
  jointBranchCount,
  needsReorganisationCount,
  serviceStationCount,
});

describe('partyCoverage', () => {
  it('per community: own branches and joint branches count, suspended organizations do not', async () => {
    // Active A B D E; covered A (branch) and B (joint branch); C suspended.
    expect(await coverage('150204001001')).toEqual(figures('150204001001', [4, 2, 1, 1], 500, [3, 1, 1, 2]));
    // F is covered by the street's joint branch, which sits in 150204001001: coverage follows the organization.
    expect(await coverage('150204001002')).toEqual(figures('150204001002', [2, 1, 1, 0], 500, [0, 0, 0, 1]));
    // H (branch) and J (joint branch) covered; I suspended though still in its joint branch.
    expect(await coverage('150204002001')).toEqual(figures('150204002001', [2, 2, 1, 1], 1000, [2, 1, 0, 0]));
    expect(await coverage('150204002002')).toEqual(figures('150204002002', [0, 0, 0, 0], null, [0, 0, 0, 0]));
    expect(await coverage('150204003001')).toEqual(figures('150204003001', [1, 0, 0, 0], 0, [0, 0, 0, 0]));
  });

  it('per street: its communities and its working committee', async () => {
    expect(await coverage('150204001')).toEqual(figures('150204001', [6, 3, 2, 1], 500, [4, 1, 1, 3]));
    expect(await coverage('150204002')).toEqual(figures('150204002', [2, 2, 1, 1], 1000, [2, 1, 0, 0]));
    expect(await coverage('150204003')).toEqual(figures('150204003', [1, 0, 0, 0], 0, [0, 0, 0, 0]));
  });

  it('per district: 5 of 9 active organizations covered is 555 ‰ (rounded down)', async () => {
    expect(await coverage('150204')).toEqual(figures('150204', [9, 5, 3, 2], 555, [6, 2, 1, 3]));
  });

  it('is null for a region not known here, and refuses a malformed code', async () => {
    expect(await coverage('150205')).toBeNull();
    expect(await coverage('150204009')).toBeNull();
    expect(refusalOf(await service.request(`{ partyCoverage(regionCode: "15020400") { regionCode } }`))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'regionCode',
    });
  });

  it('lists the active organizations not covered yet, in pages', async () => {
    const page = async (after: string | null) =>
      (
        await ok<{ partyCoverage: { uncoveredOrganizations: { totalCount: number; edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } }>(
          service,
          `query ($after: String) { partyCoverage(regionCode: "150204001") { uncoveredOrganizations(first: 2, after: $after) {
            totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } } }`,
          { after },
        )
      ).partyCoverage.uncoveredOrganizations;
    const first = await page(null);
    expect(first.totalCount).toBe(3);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await page(first.pageInfo.endCursor);
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect([...first.edges, ...second.edges].map((e) => e.node.id).sort()).toEqual([o.D, o.E, o.G].sort());
  });
});

describe('Community.partyCoverage', () => {
  const COMMUNITIES = ['150204001001', '150204001002', '150204002001', '150204002002', '150204003001'];

  async function viaEntities(codes: string[]) {
    const before = service.database.statementCount();
    const result = await service.request<{ _entities: { code: string; partyCoverage: Record<string, unknown> }[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { code partyCoverage { ${FIGURES} } } } }`,
      { r: codes.map((code) => ({ __typename: 'Community', code })) },
    );
    expect(result.errors).toBeUndefined();
    return { entities: result.data!._entities, statements: service.database.statementCount() - before };
  }

  it('agrees with partyCoverage for each community', async () => {
    const { entities } = await viaEntities(COMMUNITIES);
    for (const entity of entities) expect(entity.partyCoverage).toEqual(await coverage(entity.code));
  });

  it('costs the same number of statements for one community as for five', async () => {
    const one = await viaEntities(COMMUNITIES.slice(0, 1));
    const five = await viaEntities(COMMUNITIES);
    expect(five.statements).toBe(one.statements);
    expect(one.statements).toBeGreaterThanOrEqual(1);
    expect(one.statements).toBeLessThanOrEqual(2);
  });

  it('gives a community not known here zero figures rather than an error', async () => {
    const { entities } = await viaEntities(['150204009001']);
    expect(entities[0]!.partyCoverage).toEqual(figures('150204009001', [0, 0, 0, 0], null, [0, 0, 0, 0]));
  });
});
