/**
 * Who calls, where, and what the schema offers — shared by the authorization tests. The
 * expectations are written out by hand (which codes each identity may write and read), not
 * computed with src/authorization.ts, so the tests check the rules rather than repeat them.
 */
import { readFileSync } from 'node:fs';
import { createCloudEvent, selfGovernance, type EventData } from '@sanshe/events';
import { Kind, parse, type FieldDefinitionNode, type ObjectTypeDefinitionNode, type TypeNode } from 'graphql';
import { anonymous, type Identity } from '@sanshe/service-kit';
import { databaseFingerprint, type AnySubgraph, type TestBus } from '@sanshe/testing';
import { publishRaw, waitForConsumer } from '../../../organizations/test/factories/replicas.ts';

const who = (subject: string, roles: string[], scope: string[], extra: Partial<Identity> = {}): Identity => ({
  subject,
  roles,
  scope,
  organizationId: null,
  partnerId: null,
  ...extra,
});

/** The applicant's admin acts for the target's applicant organization, set per target by the test. */
export const APPLICANT = '00000000-0000-4000-8000-00000000a001';
const OTHER_ORGANIZATION = '00000000-0000-4000-8000-00000000b002';

/** One caller per role. Non-staff roles get an in-scope region on purpose: their role must be what refuses them. */
export const IDENTITIES = {
  'district office 150204': who('district-150204', ['district_office'], ['150204']),
  'street office 150204004': who('street-150204004', ['street_office'], ['150204004']),
  'community worker 150204004001': who('worker-150204004001', ['community_worker'], ['150204004001']),
  'community worker 150204004002': who('worker-150204004002', ['community_worker'], ['150204004002']),
  'org admin of the applicant': who('org-admin-applicant', ['org_admin'], ['150204004001'], { organizationId: APPLICANT }),
  'org admin of another organization': who('org-admin-other', ['org_admin'], ['150204004001'], { organizationId: OTHER_ORGANIZATION }),
  'social worker': who('social-worker', ['social_worker'], ['150204004001']),
  'partner agency': who('partner', ['partner_agency'], ['150204'], { partnerId: 'qingshan-charity' }),
  resident: who('resident', ['resident'], ['150204004001']),
  anonymous,
} satisfies Record<string, Identity>;

export type IdentityName = keyof typeof IDENTITIES;
export const IDENTITY_NAMES = Object.keys(IDENTITIES) as IdentityName[];

/** The identity as it calls about `target`: the applicant's admin acts for that target's applicant. */
export function identityFor(name: IdentityName, applicantId: string): Identity {
  const identity = IDENTITIES[name];
  return identity.organizationId === APPLICANT ? { ...identity, organizationId: applicantId } : identity;
}

/** Where a change lands: the caller's own community, a street of the same district, another district. */
export const TARGETS = {
  'own community': { community: '150204004001', street: '150204004' },
  'neighbouring street': { community: '150204005001', street: '150204005' },
  'other district': { community: '150205001001', street: '150205001' },
} as const;
export type TargetName = keyof typeof TARGETS;
export const TARGET_NAMES = Object.keys(TARGETS) as TargetName[];

const IN_150204 = ['150204004001', '150204004', '150204005001', '150204005'];

/** The codes (among TARGETS) each caller covers as staff. */
export const STAFF_COVERS: Record<IdentityName, string[]> = {
  'district office 150204': IN_150204,
  'street office 150204004': ['150204004001', '150204004'],
  'community worker 150204004001': ['150204004001'],
  'community worker 150204004002': [],
  'org admin of the applicant': [],
  'org admin of another organization': [],
  'social worker': [],
  'partner agency': [],
  resident: [],
  anonymous: [],
};

/**
 * Levels of the mutation rules, by hand: `district` (district office, the fund's or programme's
 * street), `office` (district or street office, the programme's street), `region` (government
 * staff of the community), `applicant` (as region, or the applicant's own admin), `roster`
 * (the district office, wherever).
 */
export type Level = 'district' | 'office' | 'region' | 'applicant' | 'roster';
const ROLE_OF: Record<Exclude<Level, 'applicant'>, string[]> = {
  district: ['district_office'],
  office: ['district_office', 'street_office'],
  region: ['district_office', 'street_office', 'community_worker'],
  roster: ['district_office'],
};

export function mayWrite(name: IdentityName, level: Level, code: string): boolean {
  if (level === 'applicant') return name === 'org admin of the applicant' || mayWrite(name, 'region', code);
  if (!IDENTITIES[name].roles.some((r) => ROLE_OF[level].includes(r))) return false;
  return level === 'roster' || STAFF_COVERS[name].includes(code);
}

export const refusalCodeFor = (name: IdentityName) => (name === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');

/** The regions the tests need besides the factories' default Qingshan streets. */
export async function announceAuthRegions(bus: TestBus, service: AnySubgraph): Promise<void> {
  const region = (code: string, name: string, level: 'district' | 'street' | 'community'): EventData<typeof selfGovernance.regionRegistered> => ({
    code,
    name,
    level,
    parentCode: level === 'district' ? null : level === 'street' ? code.slice(0, 6) : code.slice(0, 9),
    districtCode: code.slice(0, 6),
    streetCode: level === 'district' ? null : code.slice(0, 9),
    population: null,
    households: null,
  });
  const regions = [
    region('150204', '青山区', 'district'),
    region('150204004', '青福镇', 'street'),
    region('150204004001', '青福第一社区', 'community'),
    region('150204004002', '青福第二社区', 'community'),
    region('150204005', '科学路街道', 'street'),
    region('150204005001', '科学路第一社区', 'community'),
    region('150205', '石拐区', 'district'),
    region('150205001', '石拐街道', 'street'),
    region('150205001001', '石拐第一社区', 'community'),
  ];
  await service.eventsReady;
  let seq = 0;
  for (const r of regions) seq = (await publishRaw(bus, selfGovernance.regionRegistered, createCloudEvent(selfGovernance.regionRegistered, r, { subject: r.code }))).seq;
  await waitForConsumer(bus, 'funding', selfGovernance.regionRegistered, seq);
}

// --- the schema, parsed ----------------------------------------------------------------------

export const schemaDocument = parse(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));

export const objectTypes: ObjectTypeDefinitionNode[] = schemaDocument.definitions.filter(
  (d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION,
);

export function fieldsOf(typeName: string): FieldDefinitionNode[] {
  const type = objectTypes.find((t) => t.name.value === typeName);
  if (!type) throw new Error(`schema.graphql has no type ${typeName}`);
  return [...(type.fields ?? [])];
}

export function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

export const isPlumbing = (typeName: string) => /(Connection|Edge)$/.test(typeName) || typeName === 'PageInfo';

// --- what a refused write must leave untouched ----------------------------------------------

/** One hash over every table of the service (the outbox by id, type and envelope: the relay stamps published_at). */
export async function fingerprint(service: AnySubgraph): Promise<string> {
  return databaseFingerprint(service.database.sql);
}

export interface AuditRow {
  id: string;
  subject: string | null;
  roles: string[];
  kind: string;
  operation: string;
  entity: string | null;
  entity_id: string | null;
  details: Record<string, unknown> | null;
}

export async function auditIds(service: AnySubgraph): Promise<string[]> {
  const rows = await service.database.sql`select id from audit_log`;
  return rows.map((r) => String(r.id));
}

export async function auditRowsSince(service: AnySubgraph, before: string[]): Promise<AuditRow[]> {
  const rows = await service.database.sql`select * from audit_log where not (id = any(${before}::uuid[])) order by at, id`;
  return rows as unknown as AuditRow[];
}
