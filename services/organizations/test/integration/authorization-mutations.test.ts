/**
 * The role × scope matrix of every mutation, against the real service: for each Mutation field of
 * schema.graphql, each of its cases (test/factories/authorization.ts), each target region and each
 * role, the mutation is allowed — and written to the audit log by the caller, in its transaction —
 * or refused with UNAUTHENTICATED, FORBIDDEN, or NOT_FOUND for a target the caller may not see,
 * with nothing written: no row, no outbox event, no audit line.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '@sanshe/service-kit';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { organizationsSubgraph } from '../../src/app.ts';
import {
  calledField,
  expectedOutcome,
  fixtures,
  identities,
  MUTATION_CASES,
  ROLES,
  schemaMutations,
  seedMatrixRegions,
  TARGETS,
  type Call,
  type MutationCase,
  type Outcome,
  type RoleName,
} from '../factories/authorization.ts';

const subgraphs = testSubgraphs();
let service: AnySubgraph;
/** An existing organization per target community: the "org admin of another organization", and a bystander for creations. */
const bystanders: Record<string, string> = {};

beforeAll(async () => {
  service = await subgraphs.start('organizations', organizationsSubgraph);
  await seedMatrixRegions(service);
  for (const community of Object.values(TARGETS)) bystanders[community] = await fixtures.filed(service, community);
});

/**
 * Everything a mutation here can write, as row count and the newest row version (xmin: any insert
 * or update that committed raises it; a rolled-back one leaves it). The outbox by count and ids
 * only: the relay marks rows sent as it publishes them.
 */
const TABLES = [
  'organizations',
  'organization_transitions',
  'annual_inspections',
  'evaluation_grades',
  'incubation_centers',
  'incubation_stints',
  'federation_memberships',
  'venue_loans',
  'audit_log',
];

async function snapshot(): Promise<Record<string, string>> {
  const columns = [
    ...TABLES.map((t) => `(select count(*) || ':' || coalesce(max(xmin::text::bigint), 0) from ${t}) as "${t}"`),
    `(select count(*) || ':' || md5(coalesce(string_agg(id::text, '|' order by id), '')) from outbox) as outbox`,
  ];
  const [row] = await service.database.sql.unsafe(`select ${columns.join(', ')}`);
  return row as Record<string, string>;
}

async function auditLines(subject: string, operation: string, entityId: string): Promise<{ roles: string[]; kind: string; entity: string }[]> {
  return (await service.database.sql`
    select roles, kind, entity from audit_log where subject = ${subject} and operation = ${operation} and entity_id = ${entityId}`) as never;
}

async function run(call: Call, identity: Identity) {
  return service.request<{ r: { id?: string; ids?: string[] } | null }>(call.query, call.variables, identity);
}

/** Runs one role against one prepared target and checks the outcome and what was (not) written. */
async function check(name: string, call: Call, role: RoleName, identity: Identity, expected: Outcome, where: string) {
  const before = await snapshot();
  const result = await run(call, identity);
  const context = `${name} as ${role} @ ${where}: ${JSON.stringify(result.errors ?? null)}`;
  if (expected === 'allowed') {
    expect(result.errors, context).toBeUndefined();
    // A bulk import of one record answers its organization's id in `ids`.
    const id = result.data!.r!.id ?? result.data!.r!.ids![0]!;
    const lines = await auditLines(identity.subject!, name, id);
    expect(lines, context).toHaveLength(1);
    expect(lines[0]).toMatchObject({ kind: 'mutation', roles: identity.roles });
    const after = await snapshot();
    expect(Number(after.audit_log!.split(':')[0]), context).toBe(Number(before.audit_log!.split(':')[0]) + 1);
  } else {
    expect(result.errors?.[0]?.extensions?.code, context).toBe(expected);
    expect(result.data?.r ?? null, context).toBeNull();
    expect(await snapshot(), `${context}: nothing may be written on refusal`).toEqual(before);
  }
}

async function runCase(name: string, mutationCase: MutationCase): Promise<Record<Outcome, number>> {
  const tally: Record<Outcome, number> = { allowed: 0, UNAUTHENTICATED: 0, FORBIDDEN: 0, NOT_FOUND: 0 };
  for (const [where, community] of Object.entries(TARGETS)) {
    const outcomes = ROLES.map((role) => [role, expectedOutcome(mutationCase, role, community)] as const);
    // Refusals first, all on one target (a refusal leaves it as it was); each allowed role then
    // gets a target of its own, the first one reusing it.
    let call: Call | null = await mutationCase.arrange(service, community, bystanders[community]!);
    expect(calledField(call.query), `${mutationCase.label} must call ${name}`).toBe(name);
    const otherOrg = bystanders[TARGETS['other street (same district)']]!;
    for (const [role, outcome] of outcomes.filter(([, o]) => o !== 'allowed')) {
      await check(name, call, role, identities(call.ownOrgId, otherOrg)[role], outcome, where);
      tally[outcome] += 1;
    }
    for (const [role] of outcomes.filter(([, o]) => o === 'allowed')) {
      call ??= await mutationCase.arrange(service, community, bystanders[community]!);
      await check(name, call, role, identities(call.ownOrgId, otherOrg)[role], 'allowed', where);
      tally.allowed += 1;
      call = null;
    }
  }
  return tally;
}

const totals: Record<Outcome, number> = { allowed: 0, UNAUTHENTICATED: 0, FORBIDDEN: 0, NOT_FOUND: 0 };

describe.each(schemaMutations())('%s', (name) => {
  const cases = (MUTATION_CASES as Record<string, MutationCase[] | undefined>)[name] ?? [];

  it('has a rule and cases in the matrix', () => {
    expect(cases.length, `add ${name} to MUTATION_CASES in test/factories/authorization.ts`).toBeGreaterThan(0);
  });

  for (const mutationCase of cases) {
    it(`${mutationCase.label}: every role × target is allowed and audited, or refused with nothing written`, async () => {
      const tally = await runCase(name, mutationCase);
      for (const [k, v] of Object.entries(tally)) totals[k as Outcome] += v;
      // Every case has both sides of the matrix.
      expect(tally.allowed).toBeGreaterThan(0);
      expect(tally.FORBIDDEN + tally.NOT_FOUND).toBeGreaterThan(0);
    });
  }
});

describe('the audit log', () => {
  it('refuses UPDATE, DELETE and TRUNCATE, whoever asks', async () => {
    const [{ n }] = (await service.database.sql`select count(*)::int as n from audit_log`) as unknown as [{ n: number }];
    expect(n).toBeGreaterThan(0);
    for (const statement of ["update audit_log set operation = 'tampered'", 'delete from audit_log', 'truncate audit_log']) {
      await expect(service.database.sql.unsafe(statement), statement).rejects.toThrow(/append-only/);
    }
    const [{ m }] = (await service.database.sql`select count(*)::int as m from audit_log where operation = 'tampered'`) as unknown as [{ m: number }];
    expect(m).toBe(0);
    expect(((await service.database.sql`select count(*)::int as n from audit_log`) as unknown as [{ n: number }])[0].n).toBe(n);
  });

  it('ran the whole matrix', () => {
    // Sanity: the matrix above ran and each kind of outcome occurred.
    expect(totals.allowed).toBeGreaterThan(50);
    expect(totals.UNAUTHENTICATED).toBeGreaterThan(50);
    expect(totals.FORBIDDEN).toBeGreaterThan(300);
    expect(totals.NOT_FOUND).toBeGreaterThan(10);
  });
});
