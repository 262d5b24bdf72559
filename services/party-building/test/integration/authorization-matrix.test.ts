/**
 * Who may change what: every Mutation field of schema.graphql × every role × a target in the
 * caller's community, in a neighbouring street and in another district. An allowed change writes
 * exactly one audit line (who, which operation, which entity); a refused one is FORBIDDEN (or
 * UNAUTHENTICATED for anonymous callers) and changes nothing, audit log included. The audit log
 * itself refuses UPDATE, DELETE and TRUNCATE.
 *
 * The mutation list is read from schema.graphql: a mutation without a rule in
 * src/authorization.ts or without a case here fails the first test.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { testOperator, testSubgraphs, type AnySubgraph, type GraphQLResponse } from '@sanshe/testing';
import type { Identity } from '@sanshe/service-kit';
import { MUTATION_RULES } from '../../src/authorization.ts';
import { announceOrganizations, announceRegions } from '../factories/replica-events.ts';
import { startPartyBuilding } from '../factories/party-service.ts';
import { FOUND_PARTY_ORGANIZATION, foundPartyOrganization, type PartyOrganizationResult } from '../factories/party-organizations.ts';
import {
  AUTH_REGIONS,
  auditIds,
  auditRowsSince,
  fieldsOf,
  fingerprint,
  IDENTITIES,
  IDENTITY_NAMES,
  MAY_WRITE,
  refusalCodeFor,
  TARGET_NAMES,
  TARGETS,
  type IdentityName,
  type TargetName,
} from '../factories/authorization.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;
const THIS_YEAR = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

/** Per target: a branch and the committees the cases change or host meetings with. */
interface Fixtures {
  branch: PartyOrganizationResult;
  communityCommittee: PartyOrganizationResult;
  streetCommittee: PartyOrganizationResult;
}
const fixtures = {} as Record<TargetName, Fixtures>;

interface Outcome {
  /** The entity id the audit line must name. */
  entityId: string;
  /** Undo what a case may only do once per region (one committee per community or street). */
  cleanup?: () => Promise<void>;
}

interface MatrixCase {
  mutation: keyof typeof MUTATION_RULES;
  label: string;
  /** `region`: government staff of the region; `street`: street and district offices only. */
  level: 'region' | 'street';
  /** Phase 1 runs before the committees exist (it founds them); phase 2 uses the fixtures. */
  phase: 1 | 2;
  code: (target: TargetName) => string;
  run: (target: TargetName, identity: Identity) => Promise<GraphQLResponse<Record<string, unknown>>>;
  outcome: (data: Record<string, unknown>, target: TargetName) => Outcome;
}

let membershipTurn = 0;
const community = (t: TargetName) => TARGETS[t].community;
const street = (t: TargetName) => TARGETS[t].street;
const found = (input: Record<string, unknown>, identity: Identity) =>
  service.request(FOUND_PARTY_ORGANIZATION, { input: { fullMembers: 3, probationaryMembers: 0, ...input } }, identity);
const deleteOrganization = (id: string) => async () => {
  await service.database.sql`delete from party_membership_history where party_organization_id = ${id}`;
  await service.database.sql`delete from party_organizations where id = ${id}`;
};
const idOf = (data: Record<string, unknown>, field: string) => (data[field] as { id: string }).id;

const UPDATE = `mutation ($id: ID!, $full: Int!) { updatePartyMembership(id: $id, fullMembers: $full, probationaryMembers: 0) { id } }`;
const DUES = `mutation ($input: RecordPartyDuesInput!) { recordPartyDues(input: $input) { partyOrganization { id } year } }`;
const SHARE = `mutation ($input: SetPartyServiceFundShareInput!) { setPartyServiceFundShare(input: $input) { streetCode basisPoints } }`;
const STATION = `mutation ($input: OpenPartyServiceStationInput!) { openPartyServiceStation(input: $input) { id } }`;
const MEETING = `mutation ($input: RecordJointMeetingInput!) { recordJointMeeting(input: $input) { id } }`;
const meetingInput = (hostId: string) => ({ hostId, heldOn: '2025-06-01', participatingUnits: ['包钢集团第三中学'], topics: ['共驻共建'] });

const CASES: MatrixCase[] = [
  {
    mutation: 'foundPartyOrganization',
    label: 'a branch in the community',
    level: 'region',
    phase: 1,
    code: community,
    run: (t, identity) => found({ kind: 'BRANCH', regionCode: community(t), name: `授权测试党支部${randomUUID().slice(0, 8)}` }, identity),
    outcome: (data) => ({ entityId: idOf(data, 'foundPartyOrganization') }),
  },
  {
    mutation: 'foundPartyOrganization',
    label: 'the community committee',
    level: 'street',
    phase: 1,
    code: community,
    run: (t, identity) => found({ kind: 'COMMUNITY_COMMITTEE', regionCode: community(t), name: '授权测试社区党委' }, identity),
    outcome: (data) => ({ entityId: idOf(data, 'foundPartyOrganization'), cleanup: deleteOrganization(idOf(data, 'foundPartyOrganization')) }),
  },
  {
    mutation: 'foundPartyOrganization',
    label: 'the street working committee',
    level: 'street',
    phase: 1,
    code: street,
    run: (t, identity) => found({ kind: 'STREET_WORKING_COMMITTEE', regionCode: street(t), name: '授权测试街道党工委' }, identity),
    outcome: (data) => ({ entityId: idOf(data, 'foundPartyOrganization'), cleanup: deleteOrganization(idOf(data, 'foundPartyOrganization')) }),
  },
  {
    mutation: 'setPartyServiceFundShare',
    label: 'the street’s share',
    level: 'street',
    phase: 1,
    code: street,
    run: (t, identity) => service.request(SHARE, { input: { streetCode: street(t), basisPoints: 250 } }, identity),
    outcome: (_data, t) => ({ entityId: street(t) }),
  },
  {
    mutation: 'updatePartyMembership',
    label: 'a branch of the community',
    level: 'region',
    phase: 2,
    code: community,
    // Never below 3 full members: the read tests own the reorganisation flags.
    run: (t, identity) => service.request(UPDATE, { id: fixtures[t].branch.id, full: 3 + (++membershipTurn % 4) }, identity),
    outcome: (_data, t) => ({ entityId: fixtures[t].branch.id }),
  },
  {
    mutation: 'updatePartyMembership',
    label: 'the street working committee',
    level: 'region',
    phase: 2,
    code: street,
    run: (t, identity) => service.request(UPDATE, { id: fixtures[t].streetCommittee.id, full: 3 + (++membershipTurn % 4) }, identity),
    outcome: (_data, t) => ({ entityId: fixtures[t].streetCommittee.id }),
  },
  {
    mutation: 'recordPartyDues',
    label: 'a branch of the community',
    level: 'region',
    phase: 2,
    code: community,
    run: (t, identity) => service.request(DUES, { input: { partyOrganizationId: fixtures[t].branch.id, year: THIS_YEAR, collectedFen: 12_000 } }, identity),
    outcome: (_data, t) => ({ entityId: `${fixtures[t].branch.id}/${THIS_YEAR}` }),
  },
  {
    mutation: 'openPartyServiceStation',
    label: 'a station in the community',
    level: 'region',
    phase: 2,
    code: community,
    run: (t, identity) =>
      service.request(STATION, { input: { name: '党员服务站', communityCode: community(t), placement: 'BUILDING', locationLabel: '3号楼', partyOrganizationId: fixtures[t].branch.id } }, identity),
    outcome: (data) => ({ entityId: idOf(data, 'openPartyServiceStation') }),
  },
  {
    mutation: 'recordJointMeeting',
    label: 'hosted by the community committee',
    level: 'region',
    phase: 2,
    code: community,
    run: (t, identity) => service.request(MEETING, { input: meetingInput(fixtures[t].communityCommittee.id) }, identity),
    outcome: (data) => ({ entityId: idOf(data, 'recordJointMeeting') }),
  },
  {
    mutation: 'recordJointMeeting',
    label: 'hosted by the street working committee',
    level: 'region',
    phase: 2,
    code: street,
    run: (t, identity) => service.request(MEETING, { input: meetingInput(fixtures[t].streetCommittee.id) }, identity),
    outcome: (data) => ({ entityId: idOf(data, 'recordJointMeeting') }),
  },
];

beforeAll(async () => {
  service = await startPartyBuilding(subgraphs);
  await announceRegions(bus, service, AUTH_REGIONS);
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

async function check(matrixCase: MatrixCase, identityName: IdentityName, target: TargetName): Promise<void> {
  const identity = IDENTITIES[identityName];
  const allowed = MAY_WRITE[identityName][matrixCase.level].includes(matrixCase.code(target));
  const hashBefore = await fingerprint(service);
  const auditBefore = await auditIds(service);
  const result = await matrixCase.run(target, identity);
  if (allowed) {
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    const outcome = matrixCase.outcome(result.data!, target);
    const lines = await auditRowsSince(service, auditBefore);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      subject: identity.subject,
      roles: identity.roles,
      kind: 'mutation',
      operation: matrixCase.mutation,
      entity: MUTATION_RULES[matrixCase.mutation].entity,
      entity_id: outcome.entityId,
    });
    await outcome.cleanup?.();
  } else {
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe(refusalCodeFor(identityName));
    expect(await fingerprint(service)).toBe(hashBefore);
  }
}

const rows = (phase: 1 | 2) =>
  CASES.filter((c) => c.phase === phase).flatMap((c) =>
    TARGET_NAMES.flatMap((target) =>
      IDENTITY_NAMES.map((name) => ({
        c,
        name,
        target,
        title: `${c.mutation} (${c.label}) in ${target} by ${name}: ${MAY_WRITE[name][c.level].includes(c.code(target)) ? 'allowed' : 'refused'}`,
      })),
    ),
  );

describe('matrix, phase 1: founding and the fund share', () => {
  for (const { c, name, target, title } of rows(1)) it(title, () => check(c, name, target));
});

describe('matrix, phase 2: changes to existing party organizations, stations and meetings', () => {
  beforeAll(async () => {
    for (const target of TARGET_NAMES) {
      const streetCommittee = await foundPartyOrganization(service, { kind: 'STREET_WORKING_COMMITTEE', regionCode: street(target), name: '街道党工委', fullMembers: 3 });
      const communityCommittee = await foundPartyOrganization(service, {
        kind: 'COMMUNITY_COMMITTEE',
        regionCode: community(target),
        parentId: streetCommittee.id,
        name: '社区党委',
        fullMembers: 3,
      });
      const branch = await foundPartyOrganization(service, { kind: 'BRANCH', regionCode: community(target), parentId: communityCommittee.id, fullMembers: 3 });
      fixtures[target] = { branch, communityCommittee, streetCommittee };
    }
  });

  for (const { c, name, target, title } of rows(2)) it(title, () => check(c, name, target));
});

describe('refusals beyond the matrix', () => {
  it('a community worker may not cover an organization of a neighbouring community; the street office may', async () => {
    const [own, neighbour] = await announceOrganizations(bus, service, ['150204004001', '150204004002']);
    const input = { kind: 'JOINT_BRANCH', regionCode: '150204004001', name: '青福联合党支部', fullMembers: 3, organizationIds: [own, neighbour] };
    const before = await fingerprint(service);
    const refused = await service.request(FOUND_PARTY_ORGANIZATION, { input }, IDENTITIES['community worker 150204004001']);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'input.organizationIds' });
    expect(await fingerprint(service)).toBe(before);
    const allowed = await service.request(FOUND_PARTY_ORGANIZATION, { input }, IDENTITIES['street office 150204004']);
    expect(allowed.errors).toBeUndefined();
  });

  it('street-level decisions stay with street and district offices, even for a community worker whose token names the street', async () => {
    const worker: Identity = { ...IDENTITIES['community worker 150204004001'], scope: ['150204004001', '150204004'] };
    const before = await fingerprint(service);
    const share = await service.request(SHARE, { input: { streetCode: '150204004', basisPoints: 100 } }, worker);
    expect(share.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const committee = await found({ kind: 'STREET_WORKING_COMMITTEE', regionCode: '150204004', name: '另一个街道党工委' }, worker);
    expect(committee.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await fingerprint(service)).toBe(before);
  });

  it('refuses anonymous and non-staff callers before reading their input', async () => {
    const bad = { kind: 'BRANCH', regionCode: 'not-a-code', name: 'x', fullMembers: -1 };
    expect((await service.request(FOUND_PARTY_ORGANIZATION, { input: bad }, IDENTITIES.anonymous)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await service.request(FOUND_PARTY_ORGANIZATION, { input: bad }, IDENTITIES.resident)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const unknownId = await service.request(UPDATE, { id: randomUUID(), full: 3 }, IDENTITIES['partner agency']);
    expect(unknownId.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Staff get the domain's answer for input that is wrong whoever sends it.
    expect((await service.request(FOUND_PARTY_ORGANIZATION, { input: bad }, IDENTITIES['district office 150204'])).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('a refused domain rule after authorization writes no audit line', async () => {
    const before = await auditIds(service);
    const twice = await service.request(FOUND_PARTY_ORGANIZATION, { input: { kind: 'COMMUNITY_COMMITTEE', regionCode: '150204004001', name: '第二个社区党委', fullMembers: 3 } }, testOperator);
    expect(twice.errors?.[0]?.extensions?.code).toBe('CONFLICT');
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
