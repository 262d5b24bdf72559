/**
 * Who may change what: every Mutation field of schema.graphql × every role × a target in the
 * caller's community, in a neighbouring street and in another district. An allowed change writes
 * exactly one audit line (who, which operation, which entity); a refused one is FORBIDDEN (or
 * UNAUTHENTICATED for anonymous callers) and changes nothing, audit log included. The audit log
 * itself refuses UPDATE, DELETE and TRUNCATE.
 *
 * The mutation list is read from schema.graphql: a mutation without a rule in
 * src/authorization.ts or without a case here fails the first tests.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { testSubgraphs, type AnySubgraph, type GraphQLResponse } from '@sanshe/testing';
import type { Identity } from '@sanshe/service-kit';
import { fundingSubgraph } from '../../src/app.ts';
import { MUTATION_RULES } from '../../src/authorization.ts';
import { seedOrganization } from '../factories/events.ts';
import { must } from '../factories/graphql.ts';
import {
  announceAuthRegions,
  auditIds,
  auditRowsSince,
  fieldsOf,
  fingerprint,
  identityFor,
  IDENTITIES,
  IDENTITY_NAMES,
  mayWrite,
  refusalCodeFor,
  TARGET_NAMES,
  TARGETS,
  type IdentityName,
  type Level,
  type TargetName,
} from '../factories/authorization.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;

interface Fixtures {
  fund: string;
  otherFund: string;
  microFund: string;
  programme: string;
  posProgramme: string;
  applicant: string;
  reviewer: string;
}
const fixtures = {} as Record<TargetName, Fixtures>;
type Data = Record<string, unknown>;

interface MatrixCase {
  mutation: keyof typeof MUTATION_RULES;
  level: Level;
  /** Which of the target's codes the rule looks at. */
  code: 'street' | 'community';
  /** Run as the test operator before the call: fresh state for this call alone. */
  prepare?: (t: TargetName) => Promise<Data>;
  run: (t: TargetName, identity: Identity, prepared: Data) => Promise<GraphQLResponse<Data>>;
  /** The entity id the audit line must name. */
  entityId: (data: Data, t: TargetName, prepared: Data) => string;
}

const op = (query: string, variables: Data = {}) => must<Data>(service, query, variables);
const call = (query: string, variables: Data, identity: Identity) => service.request<Data>(query, variables, identity);
const idOf = (data: Data, field: string) => (data[field] as { id: string }).id;
const short = () => randomUUID().slice(0, 8);

const CREATE_FUND = `mutation ($input: CreateFundInput!) { createFund(input: $input) { id } }`;
const DEPOSIT = `mutation ($input: DepositInput!) { depositToFund(input: $input) { id } }`;
const TRANSFER = `mutation ($input: TransferInput!) { transferBetweenFunds(input: $input) { id } }`;
const CREATE_PROGRAMME = `mutation ($input: CreateProgrammeInput!) { createProgramme(input: $input) { id } }`;
const ADD_ITEM = `mutation ($input: AddCatalogueItemInput!) { addCatalogueItem(input: $input) { id } }`;
const OPEN_ROUND = `mutation ($input: OpenFundingRoundInput!) { openFundingRound(input: $input) { id } }`;
const CLOSE_CALL = `mutation ($id: ID!) { closeFundingRoundCall(roundId: $id) { id } }`;
const CONCLUDE = `mutation ($id: ID!) { concludeFundingRound(roundId: $id) { id } }`;
const REGISTER_REVIEWER = `mutation ($input: RegisterReviewerInput!) { registerReviewer(input: $input) { id } }`;
const SUBMIT = `mutation ($input: SubmitApplicationInput!) { submitApplication(input: $input) { id } }`;
const REVIEW = `mutation ($input: ReviewApplicationInput!) { reviewApplication(input: $input) { id } }`;
const REJECT = `mutation ($id: ID!) { rejectApplication(applicationId: $id) { id } }`;
const AWARD_APPLICATION = `mutation ($input: AwardApplicationInput!) { awardApplication(input: $input) { id } }`;
const AWARD_GRANT = `mutation ($input: AwardGrantInput!) { awardGrant(input: $input) { id tranches { id } } }`;
const MILESTONE = `mutation ($id: ID!) { reportMilestone(trancheId: $id) { id } }`;
const PAY = `mutation ($id: ID!) { payTranche(trancheId: $id) { id } }`;
const EVALUATE = `mutation ($input: EvaluateGrantInput!) { evaluateGrant(input: $input) { id } }`;
const TERMINATE = `mutation ($input: TerminateGrantInput!) { terminateGrant(input: $input) { id } }`;
const REFUND = `mutation ($input: RefundGrantInput!) { refundGrant(input: $input) { id } }`;
const PLEDGE = `mutation ($input: PledgeMicroWishInput!) { pledgeMicroWish(input: $input) { id } }`;
const CANCEL_PLEDGE = `mutation ($id: ID!) { cancelMicroWishPledge(pledgeId: $id) { id } }`;

const street = (t: TargetName) => TARGETS[t].street;
const community = (t: TargetName) => TARGETS[t].community;

async function openRound(t: TargetName): Promise<string> {
  const data = await op(OPEN_ROUND, { input: { programmeId: fixtures[t].programme, title: `授权测试创投${short()}`, budgetFen: 10_000, minReviewers: 1, passingScore: 0 } });
  return idOf(data, 'openFundingRound');
}
async function submitted(t: TargetName): Promise<{ roundId: string; applicationId: string }> {
  const roundId = await openRound(t);
  const data = await op(SUBMIT, { input: { roundId, organizationId: fixtures[t].applicant, title: '社区助餐', summary: '为独居老人助餐', requestedFen: 1_000 } });
  return { roundId, applicationId: idOf(data, 'submitApplication') };
}
async function inReview(t: TargetName): Promise<{ roundId: string; applicationId: string }> {
  const s = await submitted(t);
  await op(CLOSE_CALL, { id: s.roundId });
  return s;
}
async function awarded(t: TargetName): Promise<{ grantId: string; trancheId: string }> {
  const data = await op(AWARD_GRANT, { input: { programmeId: fixtures[t].programme, title: `授权测试项目${short()}`, communityCode: community(t), amountFen: 1_000 } });
  const grant = data.awardGrant as { id: string; tranches: { id: string }[] };
  return { grantId: grant.id, trancheId: grant.tranches[0]!.id };
}
async function paid(t: TargetName): Promise<{ grantId: string; trancheId: string }> {
  const g = await awarded(t);
  await op(MILESTONE, { id: g.trancheId });
  await op(PAY, { id: g.trancheId });
  return g;
}
const prep = (d: Data, key: string) => d[key] as string;

const CASES: MatrixCase[] = [
  {
    mutation: 'createFund',
    level: 'district',
    code: 'street',
    run: (t, id) => call(CREATE_FUND, { input: { name: `授权测试基金${short()}`, source: 'DONATION', regionCode: street(t) } }, id),
    entityId: (d) => idOf(d, 'createFund'),
  },
  {
    mutation: 'depositToFund',
    level: 'district',
    code: 'street',
    run: (t, id) => call(DEPOSIT, { input: { fundId: fixtures[t].fund, amountFen: 100 } }, id),
    entityId: (_d, t) => fixtures[t].fund,
  },
  {
    mutation: 'transferBetweenFunds',
    level: 'district',
    code: 'street',
    run: (t, id) => call(TRANSFER, { input: { fromFundId: fixtures[t].fund, toFundId: fixtures[t].otherFund, amountFen: 100 } }, id),
    entityId: (_d, t) => fixtures[t].fund,
  },
  {
    mutation: 'createProgramme',
    level: 'district',
    code: 'street',
    run: (t, id) => call(CREATE_PROGRAMME, { input: { name: `授权测试项目${short()}`, kind: 'VENTURE_PHILANTHROPY', budgetFen: 1_000, fundId: fixtures[t].fund, ownerRegionCode: street(t) } }, id),
    entityId: (d) => idOf(d, 'createProgramme'),
  },
  {
    mutation: 'addCatalogueItem',
    level: 'office',
    code: 'street',
    run: (t, id) => call(ADD_ITEM, { input: { programmeId: fixtures[t].posProgramme, code: short(), name: '居家养老服务', category: '养老服务' } }, id),
    entityId: (_d, t) => fixtures[t].posProgramme,
  },
  {
    mutation: 'openFundingRound',
    level: 'office',
    code: 'street',
    run: (t, id) => call(OPEN_ROUND, { input: { programmeId: fixtures[t].programme, title: `授权测试创投${short()}`, budgetFen: 1_000 } }, id),
    entityId: (d) => idOf(d, 'openFundingRound'),
  },
  {
    mutation: 'closeFundingRoundCall',
    level: 'office',
    code: 'street',
    prepare: async (t) => ({ roundId: await openRound(t) }),
    run: (_t, id, p) => call(CLOSE_CALL, { id: prep(p, 'roundId') }, id),
    entityId: (_d, _t, p) => prep(p, 'roundId'),
  },
  {
    mutation: 'concludeFundingRound',
    level: 'office',
    code: 'street',
    prepare: async (t) => {
      const roundId = await openRound(t);
      await op(CLOSE_CALL, { id: roundId });
      return { roundId };
    },
    run: (_t, id, p) => call(CONCLUDE, { id: prep(p, 'roundId') }, id),
    entityId: (_d, _t, p) => prep(p, 'roundId'),
  },
  {
    mutation: 'registerReviewer',
    level: 'roster',
    code: 'street',
    run: (_t, id) => call(REGISTER_REVIEWER, { input: { name: `评审专家${short()}` } }, id),
    entityId: (d) => idOf(d, 'registerReviewer'),
  },
  {
    mutation: 'submitApplication',
    level: 'applicant',
    code: 'community',
    prepare: async (t) => ({ roundId: await openRound(t) }),
    run: (t, id, p) =>
      call(SUBMIT, { input: { roundId: prep(p, 'roundId'), organizationId: fixtures[t].applicant, title: '社区助餐', summary: '为独居老人助餐', requestedFen: 1_000 } }, id),
    entityId: (d) => idOf(d, 'submitApplication'),
  },
  {
    mutation: 'reviewApplication',
    level: 'office',
    code: 'street',
    prepare: (t) => inReview(t),
    run: (t, id, p) => call(REVIEW, { input: { applicationId: prep(p, 'applicationId'), reviewerId: fixtures[t].reviewer, score: 80 } }, id),
    entityId: (_d, _t, p) => prep(p, 'applicationId'),
  },
  {
    mutation: 'rejectApplication',
    level: 'office',
    code: 'street',
    prepare: (t) => submitted(t),
    run: (_t, id, p) => call(REJECT, { id: prep(p, 'applicationId') }, id),
    entityId: (_d, _t, p) => prep(p, 'applicationId'),
  },
  {
    mutation: 'awardApplication',
    level: 'office',
    code: 'street',
    prepare: async (t) => {
      const s = await inReview(t);
      await op(REVIEW, { input: { applicationId: s.applicationId, reviewerId: fixtures[t].reviewer, score: 90 } });
      return s;
    },
    run: (_t, id, p) => call(AWARD_APPLICATION, { input: { applicationId: prep(p, 'applicationId'), amountFen: 1_000 } }, id),
    entityId: (d) => idOf(d, 'awardApplication'),
  },
  {
    mutation: 'awardGrant',
    level: 'office',
    code: 'street',
    run: (t, id) => call(AWARD_GRANT, { input: { programmeId: fixtures[t].programme, title: `授权测试项目${short()}`, communityCode: community(t), amountFen: 1_000 } }, id),
    entityId: (d) => idOf(d, 'awardGrant'),
  },
  {
    mutation: 'reportMilestone',
    level: 'region',
    code: 'community',
    prepare: (t) => awarded(t),
    run: (_t, id, p) => call(MILESTONE, { id: prep(p, 'trancheId') }, id),
    entityId: (_d, _t, p) => prep(p, 'grantId'),
  },
  {
    mutation: 'payTranche',
    level: 'office',
    code: 'street',
    prepare: async (t) => {
      const g = await awarded(t);
      await op(MILESTONE, { id: g.trancheId });
      return g;
    },
    run: (_t, id, p) => call(PAY, { id: prep(p, 'trancheId') }, id),
    entityId: (_d, _t, p) => prep(p, 'grantId'),
  },
  {
    mutation: 'evaluateGrant',
    level: 'office',
    code: 'street',
    prepare: (t) => paid(t),
    run: (_t, id, p) => call(EVALUATE, { input: { grantId: prep(p, 'grantId'), score: 85, summary: '服务完成良好' } }, id),
    entityId: (_d, _t, p) => prep(p, 'grantId'),
  },
  {
    mutation: 'terminateGrant',
    level: 'office',
    code: 'street',
    prepare: (t) => awarded(t),
    run: (_t, id, p) => call(TERMINATE, { input: { grantId: prep(p, 'grantId') } }, id),
    entityId: (_d, _t, p) => prep(p, 'grantId'),
  },
  {
    mutation: 'refundGrant',
    level: 'office',
    code: 'street',
    prepare: (t) => paid(t),
    run: (_t, id, p) => call(REFUND, { input: { grantId: prep(p, 'grantId'), amountFen: 100 } }, id),
    entityId: (_d, _t, p) => prep(p, 'grantId'),
  },
  {
    mutation: 'pledgeMicroWish',
    level: 'region',
    code: 'community',
    run: (t, id) => call(PLEDGE, { input: { fundId: fixtures[t].microFund, microWishId: randomUUID(), communityCode: community(t), amountFen: 100, description: '轮椅一辆' } }, id),
    entityId: (d) => idOf(d, 'pledgeMicroWish'),
  },
  {
    mutation: 'cancelMicroWishPledge',
    level: 'region',
    code: 'community',
    prepare: async (t) => {
      const data = await op(PLEDGE, { input: { fundId: fixtures[t].microFund, microWishId: randomUUID(), communityCode: community(t), amountFen: 100, description: '轮椅一辆' } });
      return { pledgeId: idOf(data, 'pledgeMicroWish') };
    },
    run: (_t, id, p) => call(CANCEL_PLEDGE, { id: prep(p, 'pledgeId') }, id),
    entityId: (_d, _t, p) => prep(p, 'pledgeId'),
  },
];

beforeAll(async () => {
  service = await subgraphs.start('funding', fundingSubgraph, { OUTBOX_POLL_MS: '600000' });
  await announceAuthRegions(bus, service);
  for (const t of TARGET_NAMES) {
    const fund = idOf(await op(CREATE_FUND, { input: { name: `街道资金${short()}`, source: 'DISTRICT_BUDGET', regionCode: street(t), initialDepositFen: 100_000_000 } }), 'createFund');
    const otherFund = idOf(await op(CREATE_FUND, { input: { name: `街道资金${short()}`, source: 'DISTRICT_BUDGET', regionCode: street(t) } }), 'createFund');
    const microFund = idOf(
      await op(CREATE_FUND, { input: { name: `社区微基金${short()}`, source: 'DONATION', purpose: 'MICRO_FUND', regionCode: community(t), initialDepositFen: 10_000_000 } }),
      'createFund',
    );
    const programme = idOf(
      await op(CREATE_PROGRAMME, { input: { name: `街道公益创投${short()}`, kind: 'VENTURE_PHILANTHROPY', budgetFen: 50_000_000, fundId: fund, ownerRegionCode: street(t) } }),
      'createProgramme',
    );
    const posProgramme = idOf(
      await op(CREATE_PROGRAMME, { input: { name: `街道购买服务${short()}`, kind: 'PURCHASE_OF_SERVICES', budgetFen: 1_000, fundId: fund, ownerRegionCode: street(t) } }),
      'createProgramme',
    );
    const applicant = (await seedOrganization(bus, { track: 'registered', communityCode: community(t) })).id;
    const reviewer = idOf(await op(REGISTER_REVIEWER, { input: { name: '评审专家' } }), 'registerReviewer');
    fixtures[t] = { fund, otherFund, microFund, programme, posProgramme, applicant, reviewer };
  }
});

describe('every mutation has a rule and a case (generated from schema.graphql)', () => {
  const mutations = fieldsOf('Mutation').map((f) => f.name.value);

  it('src/authorization.ts names a rule for each Mutation field, and no other', () => {
    expect(Object.keys(MUTATION_RULES).sort()).toEqual([...mutations].sort());
    for (const rule of Object.values(MUTATION_RULES)) expect(rule.roles.length).toBeGreaterThan(0);
  });

  it.each(mutations)('%s has a case in the matrix', (mutation) => {
    expect(CASES.filter((c) => c.mutation === mutation).length).toBeGreaterThan(0);
  });
});

/** Prepared state survives refusals (they change nothing); an allowed call uses it up. */
const preparedFor = new Map<string, Data>();

async function check(c: MatrixCase, name: IdentityName, t: TargetName): Promise<void> {
  const identity = identityFor(name, fixtures[t].applicant);
  const allowed = mayWrite(name, c.level, TARGETS[t][c.code]);
  const key = `${c.mutation}/${t}`;
  const prepared = preparedFor.get(key) ?? (await c.prepare?.(t)) ?? {};
  if (allowed) preparedFor.delete(key);
  else preparedFor.set(key, prepared);
  const hashBefore = await fingerprint(service);
  const auditBefore = await auditIds(service);
  const result = await c.run(t, identity, prepared);
  if (allowed) {
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    const lines = await auditRowsSince(service, auditBefore);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      subject: identity.subject,
      roles: identity.roles,
      kind: 'mutation',
      operation: c.mutation,
      entity: MUTATION_RULES[c.mutation].entity,
      entity_id: c.entityId(result.data!, t, prepared),
    });
  } else {
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code, JSON.stringify(result.errors)).toBe(refusalCodeFor(name));
    expect(await fingerprint(service)).toBe(hashBefore);
  }
}

describe('matrix: every mutation × role × target', () => {
  for (const c of CASES) {
    for (const t of TARGET_NAMES) {
      for (const name of IDENTITY_NAMES) {
        const verdict = mayWrite(name, c.level, TARGETS[t][c.code]) ? 'allowed' : 'refused';
        it(`${c.mutation} in ${t} by ${name}: ${verdict}`, () => check(c, name, t));
      }
    }
  }
});

describe('refusals beyond the matrix', () => {
  it('refuses anonymous and non-staff callers before reading their input', async () => {
    const bad = { name: 'x', source: 'DONATION', regionCode: 'not-a-code', initialDepositFen: 1 };
    expect((await call(CREATE_FUND, { input: bad }, IDENTITIES.anonymous)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await call(CREATE_FUND, { input: bad }, IDENTITIES.resident)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await call(PAY, { id: randomUUID() }, IDENTITIES['partner agency'])).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('money without a region is the district office’s: a street office may not create or touch it', async () => {
    const before = await fingerprint(service);
    const refused = await call(CREATE_PROGRAMME, { input: { name: '无区域项目', kind: 'VENTURE_PHILANTHROPY', budgetFen: 1_000 } }, IDENTITIES['street office 150204004']);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await fingerprint(service)).toBe(before);
    const allowed = await call(CREATE_PROGRAMME, { input: { name: '全区公益创投', kind: 'VENTURE_PHILANTHROPY', budgetFen: 1_000 } }, IDENTITIES['district office 150204']);
    expect(allowed.errors).toBeUndefined();
  });

  it('a street office may not award its programme’s money into another street’s community', async () => {
    const before = await fingerprint(service);
    const t = 'own community' as const;
    const result = await call(
      AWARD_GRANT,
      { input: { programmeId: fixtures[t].programme, title: '跨街道项目', communityCode: TARGETS['neighbouring street'].community, amountFen: 1_000 } },
      IDENTITIES['street office 150204004'],
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'input.communityCode' });
    expect(await fingerprint(service)).toBe(before);
  });

  it('a domain refusal after authorization writes no audit line', async () => {
    const before = await auditIds(service);
    const result = await call(DEPOSIT, { input: { fundId: fixtures['own community'].fund, amountFen: 0 } }, IDENTITIES['district office 150204']);
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await auditRowsSince(service, before)).toEqual([]);
  });
});

describe('audit log', () => {
  it('refuses UPDATE, DELETE and TRUNCATE, whoever asks', async () => {
    const before = await fingerprint(service);
    const [{ n }] = (await service.database.sql`select count(*)::int as n from audit_log`) as unknown as [{ n: number }];
    expect(n).toBeGreaterThan(0);
    for (const statement of ["update audit_log set operation = 'nothing happened'", 'delete from audit_log', 'truncate audit_log']) {
      await expect(service.database.sql.unsafe(statement)).rejects.toThrow(/audit_log is append-only/);
    }
    expect(await fingerprint(service)).toBe(before);
  });
});
