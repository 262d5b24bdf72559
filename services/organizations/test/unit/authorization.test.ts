/**
 * Generated from schema.graphql: every Mutation field has a rule in src/authorization.ts and cases
 * in the role × scope matrix (test/factories/authorization.ts, run against the service by
 * test/integration/authorization-mutations.test.ts); every `@personal` field has a case; every
 * field that can reach a non-public record is one the read tests know. A new mutation or field
 * fails here until someone decided who may use it.
 */
import { describe, expect, it } from 'vitest';
import type { Identity } from '@sanshe/service-kit';
import { MUTATION_RULES, type WriteTarget } from '../../src/authorization.ts';
import { MUTATION_CASES, namedType, schemaFields, schemaMutations, schemaPersonalFields } from '../factories/authorization.ts';
import { PERSONAL_FIELD_CASES, READ_PATHS } from '../factories/visibility.ts';

const mutations = schemaMutations();

describe('every mutation has a rule and matrix cases', () => {
  it('reads the Mutation fields from the schema', () => {
    expect(mutations.length).toBeGreaterThanOrEqual(22);
  });

  it.each(mutations)('%s has a rule in src/authorization.ts', (name) => {
    const rule = (MUTATION_RULES as Record<string, { who: string; allows: unknown }>)[name];
    expect(rule, `add ${name} to MUTATION_RULES`).toBeDefined();
    expect(typeof rule!.allows).toBe('function');
    expect(rule!.who.length).toBeGreaterThan(10);
  });

  // Each case's operation is checked to call its mutation when the integration matrix runs it.
  it.each(mutations)('%s has cases in the role × scope matrix', (name) => {
    const cases = (MUTATION_CASES as Record<string, unknown[] | undefined>)[name];
    expect(cases?.length ?? 0, `add ${name} to MUTATION_CASES in test/factories/authorization.ts`).toBeGreaterThan(0);
  });

  it('has no rule or case for a mutation the schema no longer has', () => {
    expect(Object.keys(MUTATION_RULES).sort()).toEqual([...mutations].sort());
    expect(Object.keys(MUTATION_CASES).filter((name) => !mutations.includes(name))).toEqual([]);
  });
});

describe('no rule lets the wrong caller write, anywhere', () => {
  const who = (roles: string[], scope: string[], organizationId: string | null = null): Identity => ({
    subject: 'x',
    roles,
    scope,
    organizationId,
    partnerId: null,
  });
  const ORG = '6f1c1f4e-0000-4000-8000-000000000001';
  const targets: WriteTarget[] = ['150204004001', '150204005001', '150203001001', '150204', '150204004'].map((regionCode) => ({
    regionCode,
    organizationId: ORG,
    memberId: ORG,
  }));
  const never: [string, Identity][] = [
    ['anonymous', { subject: null, roles: ['public'], scope: [''], organizationId: ORG, partnerId: null }],
    ['resident', who(['resident'], [''])],
    ['social worker, even district-wide', who(['social_worker'], [''])],
    ['partner agency, even district-wide', who(['partner_agency'], [''])],
    ['org admin of another organization', who(['org_admin'], [''], '6f1c1f4e-0000-4000-8000-000000000002')],
    ['an organization id without the org_admin role', who(['resident'], [], ORG)],
    ['district office of another district', who(['district_office'], ['150205'])],
  ];
  it.each(never)('%s: refused by every rule', (_label, identity) => {
    for (const [name, rule] of Object.entries(MUTATION_RULES)) {
      for (const target of targets) expect(rule.allows(identity, target), `${name} @ ${target.regionCode}`).toBe(false);
    }
  });

  it('a street office never reaches beyond its street, a community worker beyond its community', () => {
    const street = who(['street_office'], ['150204004']);
    const community = who(['community_worker'], ['150204004001']);
    for (const [name, rule] of Object.entries(MUTATION_RULES)) {
      for (const regionCode of ['150204005001', '150204', '150203001001']) {
        expect(rule.allows(street, { regionCode }), `${name} @ ${regionCode}`).toBe(false);
      }
      for (const regionCode of ['150204004002', '150204004', '150204005001']) {
        expect(rule.allows(community, { regionCode }), `${name} @ ${regionCode}`).toBe(false);
      }
    }
  });
});

describe('personal data', () => {
  it('has a matrix case for every @personal field (none in this subgraph today)', () => {
    expect(schemaPersonalFields().sort()).toEqual(Object.keys(PERSONAL_FIELD_CASES).sort());
  });

  // A field that looks like a person's name, phone or ID number must be marked @personal, unless
  // it is listed here as organizational data.
  // RegionStatistics.organizationsPer10kResidents is an aggregate ratio, no resident's data.
  const ORGANIZATIONAL = new Set(['Organization.phone', 'Organization.email', 'IncubationCenter.operator', 'RegionStatistics.organizationsPer10kResidents']);
  const PERSONAL_LOOKING = /(person|representative|founder|director|chair|leader|contact|idnumber|idcard|identity|mobile|phone|email|birth|gender|address|resident|volunteer|worker|operator)/i;
  it('marks every field that looks personal, or lists it as organizational', () => {
    const personal = new Set(schemaPersonalFields());
    const unmarked = schemaFields()
      .filter((f) => PERSONAL_LOOKING.test(f.field.name.value) && !personal.has(f.coordinate) && !ORGANIZATIONAL.has(f.coordinate))
      .filter((f) => f.type !== 'Mutation' && f.type !== 'Query')
      .map((f) => f.coordinate);
    expect(unmarked).toEqual([]);
  });
});

describe('reads', () => {
  // Types through which a non-public record (an organization still preparing, a venue loan, a
  // sanction's reason) could be reached.
  const GUARDED_TYPES = new Set(['Organization', 'OrganizationConnection', 'IncubationStint', 'VenueLoan', 'OrganizationTransition', 'FederationMembership']);
  const paths = schemaFields()
    .filter((f) => f.type !== 'Mutation' && GUARDED_TYPES.has(namedType(f.field)))
    .map((f) => f.coordinate);

  it.each(paths)('%s is a read path the visibility tests know', (coordinate) => {
    expect(READ_PATHS[coordinate], `decide who sees ${coordinate} and add it to READ_PATHS in test/factories/visibility.ts`).toBeDefined();
  });

  it('lists no read path the schema no longer has', () => {
    expect(Object.keys(READ_PATHS).filter((p) => !paths.includes(p) && !p.startsWith('_entities'))).toEqual([]);
  });
});
