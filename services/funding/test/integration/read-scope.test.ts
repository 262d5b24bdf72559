/**
 * Internal reads never leak: applications (to staff in scope and the applicant's own admin),
 * reviews and ledger entries (staff in scope only) — through lists, counts, entity lookups,
 * `_entities` and nested fields alike. READ_VISIBILITY is checked against schema.graphql both
 * ways, and every field it does not call public must be selected by a probe below.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { fundingSubgraph } from '../../src/app.ts';
import { READ_VISIBILITY } from '../../src/authorization.ts';
import { seedOrganization } from '../factories/events.ts';
import { must } from '../factories/graphql.ts';
import { announceAuthRegions, fieldsOf, identityFor, IDENTITY_NAMES, isPlumbing, objectTypes, type IdentityName } from '../factories/authorization.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;
let ids: { fund: string; round: string; application: string; grant: string; organization: string };

/** By hand: who reads the application (in 150204004001), its reviews, the street fund’s and the grant’s ledger. */
const READS: Record<IdentityName, { application: boolean; reviews: boolean; fundLedger: boolean; grantLedger: boolean }> = {
  'district office 150204': { application: true, reviews: true, fundLedger: true, grantLedger: true },
  'street office 150204004': { application: true, reviews: true, fundLedger: true, grantLedger: true },
  'community worker 150204004001': { application: true, reviews: true, fundLedger: false, grantLedger: true },
  'community worker 150204004002': { application: false, reviews: false, fundLedger: false, grantLedger: false },
  'org admin of the applicant': { application: true, reviews: false, fundLedger: false, grantLedger: false },
  'org admin of another organization': { application: false, reviews: false, fundLedger: false, grantLedger: false },
  'social worker': { application: false, reviews: false, fundLedger: false, grantLedger: false },
  'partner agency': { application: false, reviews: false, fundLedger: false, grantLedger: false },
  resident: { application: false, reviews: false, fundLedger: false, grantLedger: false },
  anonymous: { application: false, reviews: false, fundLedger: false, grantLedger: false },
};

const APPLICATION_FIELDS = `id round { id } organization { id } community { code } title summary requestedFen status submittedAt decidedAt grant { id }
  score { countedReviews excludedReviews meetsMinimum finalScore passes }
  reviews { score comment declaredConflict exclusion createdAt reviewer { id name linkedOrganizations { id } } }`;
const LEDGER = `ledger { totalCount edges { node { id account direction amountFen transactionId kind memo occurredAt } } }`;

/** The non-public fields the probes below select (each probe selects every field of these types). */
const COVERED = new Set([
  'Query.application',
  'FundingRound.applications',
  'Organization.applications',
  'Grant.application',
  'Grant.ledger',
  'Fund.ledger',
  ...['Application', 'Review', 'Reviewer', 'ApplicationScore', 'LedgerEntry'].flatMap((type) => fieldsOf(type).map((f) => `${type}.${f.name.value}`)),
]);

beforeAll(async () => {
  service = await subgraphs.start('funding', fundingSubgraph, { OUTBOX_POLL_MS: '600000' });
  await announceAuthRegions(bus, service);
  const op = (q: string, v: Record<string, unknown>) => must<Record<string, { id: string }>>(service, q, v);
  const organization = (await seedOrganization(bus, { track: 'registered', communityCode: '150204004001' })).id;
  const fund = (await op(`mutation ($i: CreateFundInput!) { createFund(input: $i) { id } }`, { i: { name: '青福镇资金', source: 'DISTRICT_BUDGET', regionCode: '150204004', initialDepositFen: 1_000_000 } })).createFund!.id;
  const programme = (await op(`mutation ($i: CreateProgrammeInput!) { createProgramme(input: $i) { id } }`, { i: { name: '青福镇公益创投', kind: 'VENTURE_PHILANTHROPY', budgetFen: 100_000, fundId: fund, ownerRegionCode: '150204004' } })).createProgramme!.id;
  const round = (await op(`mutation ($i: OpenFundingRoundInput!) { openFundingRound(input: $i) { id } }`, { i: { programmeId: programme, title: '第一届', budgetFen: 10_000, minReviewers: 1, passingScore: 0 } })).openFundingRound!.id;
  const application = (await op(`mutation ($i: SubmitApplicationInput!) { submitApplication(input: $i) { id } }`, { i: { roundId: round, organizationId: organization, title: '社区助餐', summary: '为独居老人助餐', requestedFen: 1_000 } })).submitApplication!.id;
  await op(`mutation ($id: ID!) { closeFundingRoundCall(roundId: $id) { id } }`, { id: round });
  const reviewer = (await op(`mutation ($i: RegisterReviewerInput!) { registerReviewer(input: $i) { id } }`, { i: { name: '王评审' } })).registerReviewer!.id;
  await op(`mutation ($i: ReviewApplicationInput!) { reviewApplication(input: $i) { id } }`, { i: { applicationId: application, reviewerId: reviewer, score: 88, comment: '可行' } });
  const grant = (await op(`mutation ($i: AwardApplicationInput!) { awardApplication(input: $i) { id } }`, { i: { applicationId: application, amountFen: 1_000 } })).awardApplication!.id;
  ids = { fund, round, application, grant, organization };
});

describe('READ_VISIBILITY (generated from schema.graphql)', () => {
  const types = objectTypes.map((t) => t.name.value).filter((n) => !isPlumbing(n) && n !== 'Mutation');

  it('classifies every field of every object type, and nothing else', () => {
    expect(Object.keys(READ_VISIBILITY).sort()).toEqual([...types].sort());
    for (const type of types) expect(Object.keys(READ_VISIBILITY[type]!).sort(), type).toEqual(fieldsOf(type).map((f) => f.name.value).sort());
  });

  it('every field that is not public is selected by a probe below', () => {
    const internal = Object.entries(READ_VISIBILITY).flatMap(([type, fields]) =>
      Object.entries(fields)
        .filter(([, v]) => v !== 'public')
        .map(([field]) => `${type}.${field}`),
    );
    const uncovered = internal.filter((f) => !COVERED.has(f) && !f.startsWith('LedgerTransaction.'));
    expect(uncovered).toEqual([]);
  });
});

describe.each(IDENTITY_NAMES)('%s', (name) => {
  const expected = READS[name];
  const ask = async (query: string) => {
    const result = await service.request<Record<string, unknown>>(query, {}, identityFor(name, ids.organization));
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    return result.data as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const checkApplication = (a: Record<string, any> | null) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    if (!expected.application) return expect(a).toBeNull();
    expect(a?.id).toBe(ids.application);
    expect(a!.reviews).toHaveLength(expected.reviews ? 1 : 0);
    if (expected.reviews) expect(a!.reviews[0].reviewer.name).toBe('王评审');
  };

  it('Query.application', async () => checkApplication((await ask(`{ application(id: "${ids.application}") { ${APPLICATION_FIELDS} } }`)).application));

  it('_entities Application', async () => {
    const data = await ask(`{ _entities(representations: [{ __typename: "Application", id: "${ids.application}" }]) { ... on Application { ${APPLICATION_FIELDS} } } }`);
    checkApplication(data._entities[0]);
  });

  it('Grant.application (nested; the grant itself is public)', async () => {
    const data = await ask(`{ grant(id: "${ids.grant}") { id application { ${APPLICATION_FIELDS} } } }`);
    expect(data.grant.id).toBe(ids.grant);
    checkApplication(data.grant.application);
  });

  it('FundingRound.applications: list and count', async () => {
    const data = await ask(`{ fundingRound(id: "${ids.round}") { applications { totalCount edges { node { ${APPLICATION_FIELDS} } } } } }`);
    const list = data.fundingRound.applications;
    expect(list.totalCount).toBe(expected.application ? 1 : 0);
    expect(list.edges).toHaveLength(expected.application ? 1 : 0);
    if (expected.application) checkApplication(list.edges[0].node);
  });

  it('Organization.applications through _entities: list and count', async () => {
    const data = await ask(`{ _entities(representations: [{ __typename: "Organization", id: "${ids.organization}" }]) { ... on Organization { applications { totalCount edges { node { id } } } grants { totalCount } } } }`);
    expect(data._entities[0].applications.totalCount).toBe(expected.application ? 1 : 0);
    expect(data._entities[0].applications.edges).toHaveLength(expected.application ? 1 : 0);
    expect(data._entities[0].grants.totalCount).toBe(1); // grants are public (360Giving)
  });

  it('Fund.ledger and Grant.ledger: entries and count', async () => {
    const data = await ask(`{ fund(id: "${ids.fund}") { availableFen ${LEDGER} } grant(id: "${ids.grant}") { amountFen ${LEDGER} } }`);
    expect(data.fund.availableFen).toBeGreaterThan(0); // balances are public
    expect(data.fund.ledger.totalCount > 0).toBe(expected.fundLedger);
    expect(data.fund.ledger.edges.length > 0).toBe(expected.fundLedger);
    expect(data.grant.amountFen).toBe(1_000);
    expect(data.grant.ledger.totalCount > 0).toBe(expected.grantLedger);
    expect(data.grant.ledger.edges.length > 0).toBe(expected.grantLedger);
  });
});
