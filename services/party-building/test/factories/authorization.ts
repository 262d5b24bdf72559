/**
 * Who calls, where, and what the schema offers — shared by the authorization tests. The
 * expectations here are written out by hand (which codes each identity may write and read), not
 * computed with src/authorization.ts, so the tests check the rules rather than repeat them.
 */
import { readFileSync } from 'node:fs';
import { Kind, parse, type FieldDefinitionNode, type ObjectTypeDefinitionNode, type TypeNode } from 'graphql';
import { anonymous, type Identity } from '@sanshe/service-kit';
import { databaseFingerprint, type AnySubgraph } from '@sanshe/testing';
import type { RegionSpec } from './replica-events.ts';

const who = (subject: string, roles: string[], scope: string[], extra: Partial<Identity> = {}): Identity => ({
  subject,
  roles,
  scope,
  organizationId: null,
  partnerId: null,
  ...extra,
});

/**
 * One caller per role. Non-staff roles get an in-scope region code on purpose: their role, not a
 * missing scope, must be what refuses them.
 */
export const IDENTITIES = {
  'district office 150204': who('district-150204', ['district_office'], ['150204']),
  'street office 150204004': who('street-150204004', ['street_office'], ['150204004']),
  'community worker 150204004001': who('worker-150204004001', ['community_worker'], ['150204004001']),
  'community worker 150204004002': who('worker-150204004002', ['community_worker'], ['150204004002']),
  'org admin': who('org-admin', ['org_admin'], ['150204004001'], { organizationId: '7d1f0c2e-6a1b-4c55-9a51-3f2b8f1d0a01' }),
  'social worker': who('social-worker', ['social_worker'], ['150204004001']),
  'partner agency': who('partner', ['partner_agency'], ['150204'], { partnerId: 'qingshan-charity' }),
  resident: who('resident', ['resident'], ['150204004001']),
  anonymous,
} satisfies Record<string, Identity>;

export type IdentityName = keyof typeof IDENTITIES;
export const IDENTITY_NAMES = Object.keys(IDENTITIES) as IdentityName[];

/** Where a change lands: the caller's own community, a street of the same district, another district. */
export const TARGETS = {
  'own community': { community: '150204004001', street: '150204004' },
  'neighbouring street': { community: '150204005001', street: '150204005' },
  'other district': { community: '150205001001', street: '150205001' },
} as const;
export type TargetName = keyof typeof TARGETS;
export const TARGET_NAMES = Object.keys(TARGETS) as TargetName[];

/** The regions the tests need besides the factories' default Qingshan streets. */
export const AUTH_REGIONS: RegionSpec[] = [
  { code: '150204004', name: '青福镇', level: 'street' },
  { code: '150204004001', name: '青福第一社区', level: 'community' },
  { code: '150204004002', name: '青福第二社区', level: 'community' },
  { code: '150204005', name: '科学路街道', level: 'street' },
  { code: '150204005001', name: '科学路第一社区', level: 'community' },
  { code: '150205', name: '石拐区', level: 'district' },
  { code: '150205001', name: '石拐街道', level: 'street' },
  { code: '150205001001', name: '石拐第一社区', level: 'community' },
];

const ALL_WITHIN_150204 = ['150204004001', '150204004', '150204005001', '150204005'];

/**
 * The codes (among TARGETS) each caller may write, by level: `region` changes are open to
 * community workers of the community, `street` changes (committees, the fund share) only to the
 * street and district offices.
 */
export const MAY_WRITE: Record<IdentityName, { region: string[]; street: string[] }> = {
  'district office 150204': { region: ALL_WITHIN_150204, street: ALL_WITHIN_150204 },
  'street office 150204004': { region: ['150204004001', '150204004'], street: ['150204004001', '150204004'] },
  'community worker 150204004001': { region: ['150204004001'], street: [] },
  'community worker 150204004002': { region: [], street: [] },
  'org admin': { region: [], street: [] },
  'social worker': { region: [], street: [] },
  'partner agency': { region: [], street: [] },
  resident: { region: [], street: [] },
  anonymous: { region: [], street: [] },
};

/** Target communities whose party-internal data (dues, reorganisation flags) each caller reads. */
export const MAY_READ_PARTY_INTERNAL: Record<IdentityName, string[]> = {
  'district office 150204': ['150204004001', '150204005001'],
  'street office 150204004': ['150204004001'],
  'community worker 150204004001': ['150204004001'],
  'community worker 150204004002': [],
  'org admin': [],
  'social worker': [],
  'partner agency': [],
  resident: [],
  anonymous: [],
};

export const refusalCodeFor = (name: IdentityName) => (name === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN');

// --- the schema, parsed ----------------------------------------------------------------------

export const schemaDocument = parse(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));

export const objectTypes: ObjectTypeDefinitionNode[] = schemaDocument.definitions.filter(
  (d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION,
);

export function objectType(name: string): ObjectTypeDefinitionNode {
  const type = objectTypes.find((t) => t.name.value === name);
  if (!type) throw new Error(`schema.graphql has no type ${name}`);
  return type;
}

export function fieldsOf(typeName: string): FieldDefinitionNode[] {
  return [...(objectType(typeName).fields ?? [])];
}

export function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

/** Relay plumbing inherits its node's rules. */
export const isPlumbing = (typeName: string) => /(Connection|Edge)$/.test(typeName) || typeName === 'PageInfo';

const SCALARS = new Set(['ID', 'String', 'Int', 'Boolean', 'Float', 'Fen']);
const isLeaf = (typeName: string) =>
  SCALARS.has(typeName) || schemaDocument.definitions.some((d) => d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === typeName);

/**
 * A selection of `fields` of `typeName`, generated from the schema: leaves as they are, objects
 * by their id or code, fields with required arguments skipped (none of the party-internal ones has any).
 */
export function selectionOf(typeName: string, fields: string[]): string {
  return fields
    .map((name) => {
      const field = fieldsOf(typeName).find((f) => f.name.value === name);
      if (!field) throw new Error(`${typeName}.${name} is not in schema.graphql`);
      const type = namedType(field.type);
      if (isLeaf(type)) return name;
      const key = fieldsOf(type).some((f) => f.name.value === 'id') ? 'id' : 'code';
      return `${name} { ${key} }`;
    })
    .join(' ');
}

// --- what a refused write must leave untouched ----------------------------------------------

/**
 * One hash over every table a mutation could write (the outbox by id, type and envelope: the
 * relay may stamp published_at at any time) — a refusal must leave it unchanged.
 */
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
