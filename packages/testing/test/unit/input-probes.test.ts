import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { baselineProbes, edgeProbes, mayLeaveOut, withoutLeaf, type ProbeValues } from '../../src/input-probes.ts';

const schema = buildSchema(`
  scalar Fen
  enum Kind { POSTS PURCHASE VENTURE }
  input AwardInput { programmeId: ID!, communityCode: ID!, amountFen: Fen!, awardedOn: String, note: String, tags: [String!] }
  type Grant { id: ID! }
  type Query { grant(id: ID!): Grant, grants: [Grant!]! }
  type Mutation { award(input: AwardInput!): Grant!, createProgramme(kind: Kind!): Grant! }
`);

const values: ProbeValues = {
  ids: new Map([['Programme', ['p-1']]]),
  regions: { district: '150204', street: '150204001', community: '150204001001' },
  today: '2026-11-24',
};

describe('baselineProbes', () => {
  it('gives every mutation and every query with arguments a plausible request, required fields first', () => {
    const probes = baselineProbes(schema, values);
    expect(probes.map((p) => `${p.field} ${p.varies}`)).toEqual([
      'award baseline',
      'award filled',
      'createProgramme baseline',
      'createProgramme filled',
      'grant baseline',
      'grant filled',
    ]);
    const [required, filled] = probes;
    expect(required!.query).toBe('mutation Probe($input: AwardInput!) { award(input: $input) { __typename id } }');
    expect(required!.variables).toEqual({ input: { programmeId: 'p-1', communityCode: '150204001001', amountFen: 100_000 } });
    expect(filled!.variables.input).toMatchObject({ awardedOn: '2026-11-24', tags: [expect.any(String)] });
    expect(probes[4]!.query).toBe('query Probe($id: ID!) { grant(id: $id) { __typename id } }');
  });

  it('takes the enum value a pass asks for', () => {
    const kinds = [0, 1, 2, 3].map((enumChoice) => baselineProbes(schema, { ...values, enumChoice }).find((p) => p.field === 'createProgramme')!.variables.kind);
    expect(kinds).toEqual(['POSTS', 'PURCHASE', 'VENTURE', 'POSTS']);
  });
});

describe('probe order and reach', () => {
  const rounds = buildSchema(`
    input PeriodInput { from: String!, to: String! }
    type Tranche { id: ID! }
    type Round { id: ID! }
    type Grant { id: ID!, round: Round!, tranches: [Tranche!]!, label(upper: Boolean): String, secret(key: String!): Round }
    type Page { total: Int! }
    type Query { grants(first: Int, after: String, within: ID): Page!, money(period: PeriodInput): Page! }
    type Mutation { concludeRound(id: ID!): Round!, awardGrant(roundId: ID!): Grant!, endLoan(id: ID!): Round!, endorse(id: ID!): Round! }
  `);

  it('runs the mutations that end something after the others in each pass', () => {
    expect([...new Set(baselineProbes(rounds, values).map((p) => p.field))]).toEqual(['awardGrant', 'endorse', 'concludeRound', 'endLoan', 'grants', 'money']);
  });

  it('selects what a created object holds, so its ids can be named later, but not fields that need arguments', () => {
    const award = baselineProbes(rounds, values).find((p) => p.field === 'awardGrant')!;
    expect(award.query).toBe('mutation Probe($roundId: ID!) { awardGrant(roundId: $roundId) { __typename id round { __typename id } tranches { __typename id } } }');
  });

  it('names the newest ids first when a request is built again after its ids were refused', () => {
    const pools: ProbeValues = { ...values, ids: new Map([['Round', ['r-1', 'r-2', 'r-3']]]) };
    const named = [1, 2, 3, 4].map((attempt) => baselineProbes(rounds, { ...pools, attempt }, 'awardGrant')[0]!.variables.roundId);
    expect(named).toEqual(['r-3', 'r-2', 'r-1', 'r-3']);
    expect(baselineProbes(rounds, pools, 'awardGrant').map((p) => p.field)).toEqual(['awardGrant', 'awardGrant']);
  });

  it('names two ids of a pool where one request draws on it twice, and takes a role’s ids from the type it is given', () => {
    const supervision = buildSchema(`
      input SuperviseInput { supervisorId: ID!, superviseeId: ID!, fromFundId: ID, toFundId: ID }
      type Supervision { id: ID! }
      type Query { supervision(id: ID!): Supervision }
      type Mutation { supervise(input: SuperviseInput!): Supervision! }
    `);
    const pools: ProbeValues = { ...values, ids: new Map([['SocialWorker', ['w-1', 'w-2', 'w-3']], ['Fund', ['f-1', 'f-2']]]), idRoles: { supervisor: 'SocialWorker', supervisee: 'SocialWorker' } };
    const [, filled] = baselineProbes(supervision, pools, 'supervise');
    const input = filled!.variables.input as Record<string, string>;
    expect(new Set([input.supervisorId, input.superviseeId]).size).toBe(2);
    expect([input.supervisorId, input.superviseeId].every((id) => id!.startsWith('w-'))).toBe(true);
    expect(new Set([input.fromFundId, input.toFundId])).toEqual(new Set(['f-1', 'f-2']));
    // Built again after a refusal: the newest first, then the one before it.
    const again = baselineProbes(supervision, { ...pools, attempt: 1 }, 'supervise')[0]!.variables.input;
    expect(again).toEqual({ supervisorId: 'w-3', superviseeId: 'w-2' });
    // A pool of one cannot give two: both name it, and the service's refusal is what is probed.
    const one = baselineProbes(supervision, { ...pools, ids: new Map([['SocialWorker', ['w-1']]]) }, 'supervise')[0]!.variables.input;
    expect(one).toEqual({ supervisorId: 'w-1', superviseeId: 'w-1' });
    // Without a role, a name matching no type gets an id of nothing.
    const unknown = baselineProbes(supervision, { ...pools, idRoles: undefined }, 'supervise')[0]!.variables.input as Record<string, string>;
    expect(unknown.supervisorId).not.toMatch(/^w-/);
  });

  it('gives moments in the past on a whole minute, a span’s start an hour before its end', () => {
    const spans = buildSchema(`
      input RecordInput { startsAt: String!, endsAt: String!, reportedAt: String! }
      type Record { id: ID! }
      type Query { record(id: ID!): Record }
      type Mutation { record(input: RecordInput!): Record! }
    `);
    const before = Date.now();
    const input = baselineProbes(spans, values, 'record')[0]!.variables.input as Record<string, string>;
    const [startsAt, endsAt, reportedAt] = [input.startsAt, input.endsAt, input.reportedAt].map((at) => Date.parse(at!));
    for (const at of [startsAt!, endsAt!, reportedAt!]) {
      expect(at % 60_000).toBe(0);
      expect(at).toBeLessThan(before);
    }
    expect(endsAt! - startsAt!).toBe(3_600_000);
    expect(reportedAt).toBe(endsAt);
  });

  it('leaves a cursor out of plausible inputs (only its edges send one), and writes periods as days', () => {
    const [, filled] = baselineProbes(rounds, values).filter((p) => p.field === 'grants');
    // A list's region filter is the district, which holds whatever a list is asked about.
    expect(filled!.variables).toEqual({ first: 3, within: '150204' });
    expect(edgeProbes(rounds, values).filter((p) => p.field === 'grants').map((p) => p.varies)).toContain('after = ""');
    const money = baselineProbes(rounds, values).find((p) => p.field === 'money' && p.varies === 'filled')!;
    // A span starts a year back and ends today, so that it ends after it starts.
    expect(money.variables).toEqual({ period: { from: '2025-11-24', to: '2026-11-24' } });
    const leap = baselineProbes(rounds, { ...values, today: '2028-02-29' }).find((p) => p.field === 'money' && p.varies === 'filled')!;
    expect(leap.variables).toEqual({ period: { from: '2027-02-28', to: '2028-02-29' } });
  });
});

describe('edgeProbes', () => {
  it('sets one leaf at a time to each of its edges, the rest as filled', () => {
    const probes = edgeProbes(schema, values).filter((p) => p.field === 'award');
    const varied = probes.map((p) => p.varies);
    expect(varied).toContain('input.note = a NUL character');
    expect(varied).toContain('input.awardedOn = "2026-02-30"');
    expect(varied).toContain('input.amountFen = -1');
    expect(varied).toContain('input.programmeId = an id of nothing');
    expect(varied).toContain('input.tags = []');
    const nul = probes.find((p) => p.varies === 'input.note = a NUL character')!;
    expect((nul.variables.input as { note: string }).note).toBe('a\u0000b');
    expect((nul.variables.input as { programmeId: string }).programmeId).toBe('p-1');
  });
});

describe('withoutLeaf', () => {
  it('removes the leaf a refusal named, and reports a path the variables do not hold', () => {
    const variables = { input: { startsAt: 'a', endsAt: 'b', minutes: 30, tags: ['x'] } };
    expect(withoutLeaf(variables, ['input', 'minutes'])).toEqual({ input: { startsAt: 'a', endsAt: 'b', tags: ['x'] } });
    expect(variables.input.minutes).toBe(30);
    expect(withoutLeaf(variables, ['input', 'note'])).toBeNull();
    expect(withoutLeaf(variables, ['input', 'minutes', 'value'])).toBeNull();
    // A list's item is not left out: that would send a hole.
    expect(withoutLeaf(variables, ['input', 'tags', '0'])).toBeNull();
  });
});

describe('mayLeaveOut', () => {
  it('is true of a nullable argument or input field, false of a required one or a path the schema does not have', () => {
    const votes = buildSchema(`
      input VoteInput { votesFor: Int!, abstentions: Int }
      input ReviewInput { proposalId: ID!, vote: VoteInput, notes: [String!] }
      type Proposal { id: ID! }
      type Query { proposal(id: ID!, at: String): Proposal }
      type Mutation { review(input: ReviewInput!): Proposal! }
    `);
    expect(mayLeaveOut(votes, 'review', ['input', 'vote'])).toBe(true);
    expect(mayLeaveOut(votes, 'review', ['input', 'vote', 'abstentions'])).toBe(true);
    // Inside an object that may be left out, its required fields may not.
    expect(mayLeaveOut(votes, 'review', ['input', 'vote', 'votesFor'])).toBe(false);
    expect(mayLeaveOut(votes, 'review', ['input', 'proposalId'])).toBe(false);
    expect(mayLeaveOut(votes, 'review', ['input'])).toBe(false);
    expect(mayLeaveOut(votes, 'review', ['input', 'notes', '0'])).toBe(false);
    expect(mayLeaveOut(votes, 'review', ['input', 'nothing'])).toBe(false);
    expect(mayLeaveOut(votes, 'proposal', ['at'])).toBe(true);
    expect(mayLeaveOut(votes, 'nothing', ['at'])).toBe(false);
  });
});
