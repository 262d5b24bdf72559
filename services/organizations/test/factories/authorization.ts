/**
 * The role × mutation × scope matrix of the organizations subgraph, as the issue states it and
 * independently of src/authorization.ts: who may call each mutation, and how a test brings about
 * its target. test/unit/authorization.test.ts checks that every Mutation field of schema.graphql has
 * cases here and that the rule table agrees; test/integration/authorization-mutations.test.ts runs
 * every case against the real service.
 */
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Kind, parse, type FieldDefinitionNode, type ObjectTypeDefinitionNode, type ObjectTypeExtensionNode } from 'graphql';
import type { Identity } from '@sanshe/service-kit';
import type { AnySubgraph } from '@sanshe/testing';
import type { MutationName } from '../../src/authorization.ts';
import { ok, prepareInput } from './lifecycle.ts';
import { centerInput } from './network.ts';
import { fileInput, registerInput } from './organizations.ts';
import { districtDate } from '@sanshe/service-kit';

// --- the schema, read the way the tests need it ------------------------------------------------

const SCHEMA = parse(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));

type ObjectNode = ObjectTypeDefinitionNode | ObjectTypeExtensionNode;
const objectNodes = () =>
  SCHEMA.definitions.filter((d): d is ObjectNode => d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.OBJECT_TYPE_EXTENSION);

/** Every field of every object type, as `Type.field`, with its definition. */
export function schemaFields(): { coordinate: string; type: string; field: FieldDefinitionNode }[] {
  return objectNodes().flatMap((node) => (node.fields ?? []).map((field) => ({ coordinate: `${node.name.value}.${field.name.value}`, type: node.name.value, field })));
}

/** Every Mutation field the schema declares. */
export const schemaMutations = (): string[] => schemaFields().filter((f) => f.type === 'Mutation').map((f) => f.field.name.value);

/** Every field marked `@personal` (none today: see the README). */
export const schemaPersonalFields = (): string[] =>
  schemaFields()
    .filter((f) => f.field.directives?.some((d) => d.name.value === 'personal'))
    .map((f) => f.coordinate);

/** The named type a field returns, without list and non-null wrappers. */
export function namedType(field: FieldDefinitionNode): string {
  let type = field.type;
  while (type.kind !== Kind.NAMED_TYPE) type = type.type;
  return type.name.value;
}

// --- regions and who --------------------------------------------------------------------------

export const DISTRICT = '150204';
export const STREET = '150204004';
export const COMMUNITY = '150204004001';

/** Where a target can be, relative to the roles below. */
export const TARGETS = {
  'own community': COMMUNITY,
  'neighbour community (same street)': '150204004002',
  'other street (same district)': '150204005001',
  'other district': '150203001001',
} as const;

/** The region tree the matrix needs, written into the service's replica. */
export const MATRIX_REGIONS: { code: string; level: string }[] = [
  { code: '150203', level: 'district' },
  { code: '150203001', level: 'street' },
  { code: '150203001001', level: 'community' },
  { code: '150204', level: 'district' },
  { code: '150204004', level: 'street' },
  { code: '150204004001', level: 'community' },
  { code: '150204004002', level: 'community' },
  { code: '150204005', level: 'street' },
  { code: '150204005001', level: 'community' },
];

export async function seedMatrixRegions(service: AnySubgraph): Promise<void> {
  for (const { code, level } of MATRIX_REGIONS) {
    const parent = code.length === 6 ? null : code.slice(0, code.length === 9 ? 6 : 9);
    await service.database.sql`
      insert into known_regions (code, name, level, parent_code, district_code, street_code)
      values (${code}, ${`区划${code}`}, ${level}, ${parent}, ${code.slice(0, 6)}, ${code.length >= 9 ? code.slice(0, 9) : null})
      on conflict (code) do nothing`;
  }
}

export const ROLES = ['district', 'street', 'community', 'ownAdmin', 'otherAdmin', 'socialWorker', 'partner', 'resident', 'anonymous'] as const;
export type RoleName = (typeof ROLES)[number];

const person = (subject: string, roles: string[], scope: string[], extra: Partial<Identity> = {}): Identity => ({
  subject,
  roles,
  scope,
  organizationId: null,
  partnerId: null,
  ...extra,
});

/** The callers of the matrix. `ownOrgId`: the organization the case lets act for itself (or a bystander). */
export function identities(ownOrgId: string, otherOrgId: string): Record<RoleName, Identity> {
  return {
    district: person('m-district', ['district_office'], [DISTRICT]),
    street: person('m-street', ['street_office'], [STREET]),
    community: person('m-community', ['community_worker'], [COMMUNITY]),
    ownAdmin: person('m-own-admin', ['org_admin'], [], { organizationId: ownOrgId }),
    otherAdmin: person('m-other-admin', ['org_admin'], [], { organizationId: otherOrgId }),
    socialWorker: person('m-social-worker', ['social_worker'], [COMMUNITY]),
    partner: person('m-partner', ['partner_agency'], [STREET], { partnerId: 'partner-1' }),
    resident: person('m-resident', ['resident'], []),
    anonymous: { subject: null, roles: ['public'], scope: [], organizationId: null, partnerId: null },
  };
}

/** Region prefixes each role reads non-public records within (their scope; org admins and the public: none). */
const READ_SCOPE: Record<RoleName, string[]> = {
  district: [DISTRICT],
  street: [STREET],
  community: [COMMUNITY],
  ownAdmin: [],
  otherAdmin: [],
  socialWorker: [COMMUNITY],
  partner: [STREET],
  resident: [],
  anonymous: [],
};

/** Whether `role` may see non-public records (a preparing organization, a venue loan…) of `community`. */
export const seesNonPublic = (role: RoleName, community: string) => role === 'ownAdmin' || READ_SCOPE[role].some((p) => community.startsWith(p));

/** The roles a rule can name; each is allowed only within its own scope (an org admin: for its own organization). */
export type Allowed = 'district' | 'street' | 'community' | 'ownAdmin';

export function isAllowed(allowed: readonly Allowed[], role: RoleName, community: string): boolean {
  switch (role) {
    case 'district':
      return allowed.includes('district') && community.startsWith(DISTRICT);
    case 'street':
      return allowed.includes('street') && community.startsWith(STREET);
    case 'community':
      return allowed.includes('community') && community === COMMUNITY;
    case 'ownAdmin':
      return allowed.includes('ownAdmin');
    default:
      return false;
  }
}

export type Outcome = 'allowed' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND';

/** What the service must answer `role` for a case whose target lies in `community`. */
export function expectedOutcome(mutationCase: MutationCase, role: RoleName, community: string): Outcome {
  if (role === 'anonymous') return 'UNAUTHENTICATED';
  if (isAllowed(mutationCase.allowed, role, community)) return 'allowed';
  // A target the caller may not see is answered exactly as an unknown id.
  if (mutationCase.concealedOutsideScope && !seesNonPublic(role, community)) return 'NOT_FOUND';
  return 'FORBIDDEN';
}

// --- fixtures, made by the test operator -------------------------------------------------------

const uniq = () => `${Date.now().toString(36)}${randomInt(1_000_000)}`;

const FILE = `mutation ($input: FileOrganizationInput!) { r: fileOrganization(input: $input) { id } }`;
const REGISTER = `mutation ($input: RegisterOrganizationInput!) { r: registerOrganization(input: $input) { id } }`;
const PREPARE = `mutation ($input: PrepareOrganizationInput!) { r: prepareOrganization(input: $input) { id } }`;
const IMPORT = `mutation ($input: ImportOrganizationsInput!) { r: importOrganizations(input: $input) { ids } }`;

const id = async (service: AnySubgraph, query: string, variables: Record<string, unknown>) =>
  (await ok<{ r: { id: string } }>(service, query, variables)).r.id;

export const fixtures = {
  filed: (s: AnySubgraph, community: string) => id(s, FILE, { input: fileInput({ communityCode: community, filingNumber: `矩阵备-${uniq()}` }) }),
  registered: (s: AnySubgraph, community: string) => id(s, REGISTER, { input: registerInput({ communityCode: community }) }),
  preparing: (s: AnySubgraph, community: string) => id(s, PREPARE, { input: prepareInput({ communityCode: community }) }),
  async recommended(s: AnySubgraph, community: string) {
    const org = await fixtures.filed(s, community);
    return id(s, `mutation ($id: ID!) { r: recommendOrganization(id: $id) { id } }`, { id: org });
  },
  async suspended(s: AnySubgraph, community: string) {
    const org = await fixtures.registered(s, community);
    return id(s, `mutation ($id: ID!) { r: suspendOrganization(id: $id, reason: "未按规定报送年度工作报告") { id } }`, { id: org });
  },
  async hub(s: AnySubgraph, community: string) {
    const org = await fixtures.filed(s, community);
    return id(s, `mutation ($id: ID!) { r: designateHub(id: $id, kind: FEDERATION) { id } }`, { id: org });
  },
  center: (s: AnySubgraph, regionCode: string) =>
    id(s, `mutation ($input: CreateIncubationCenterInput!) { r: createIncubationCenter(input: $input) { id } }`, {
      input: centerInput({ name: `矩阵孵化园${uniq()}`, regionCode, capacity: 50 }),
    }),
  /** A stint at a centre serving `community`, of an organization there, advanced `advances` stages. */
  async stint(s: AnySubgraph, community: string, advances = 0, organizationId?: string) {
    const center = await fixtures.center(s, community);
    const org = organizationId ?? (await fixtures.filed(s, community));
    const stint = await id(s, `mutation ($input: AdmitToIncubationInput!) { r: admitToIncubation(input: $input) { id } }`, {
      input: { centerId: center, organizationId: org },
    });
    for (let i = 0; i < advances; i += 1) await id(s, `mutation ($id: ID!) { r: advanceIncubationStage(id: $id) { id } }`, { id: stint });
    return { center, org, stint };
  },
  async membership(s: AnySubgraph, community: string) {
    const federation = await fixtures.hub(s, community);
    const member = await fixtures.filed(s, community);
    await id(s, `mutation ($f: ID!, $m: ID!) { r: addFederationMember(federationId: $f, memberId: $m) { id } }`, { f: federation, m: member });
    return { federation, member };
  },
  lend: (s: AnySubgraph, organizationId: string, community: string) =>
    id(s, `mutation ($input: LendVenueInput!) { r: lendVenue(input: $input) { id } }`, {
      input: { organizationId, venueName: `社区活动室${uniq()}`, communityCode: community, areaSquareMetres: 40, startsOn: '2025-01-01' },
    }),
};

// --- the cases ----------------------------------------------------------------------------------

export interface Call {
  /** The operation; its one root field is aliased `r` and selects `id` (a bulk import: `ids`, of one record). */
  query: string;
  variables: Record<string, unknown>;
  /** The organization this case lets (or does not let) act for itself: the ownAdmin's organizationId. */
  ownOrgId: string;
}

export interface MutationCase {
  label: string;
  /** Who the issue's rule lets call it, each within its scope. */
  allowed: readonly Allowed[];
  /** The target is not public (an organization still preparing, a venue loan): refused callers who cannot see it get NOT_FOUND. */
  concealedOutsideScope?: boolean;
  /** Fixtures for a target in `community`, made as the test operator; `bystander` is an existing organization there. */
  arrange(service: AnySubgraph, community: string, bystander: string): Promise<Call>;
}

const STAFF: readonly Allowed[] = ['district', 'street', 'community'];
const STREET_OR_DISTRICT: readonly Allowed[] = ['district', 'street'];
const DISTRICT_ONLY: readonly Allowed[] = ['district'];

const onOrganization =
  (state: 'preparing' | 'filed' | 'recommended' | 'registered' | 'suspended', query: string, variables: Record<string, unknown> = {}) =>
  async (s: AnySubgraph, community: string): Promise<Call> => {
    const org = await fixtures[state](s, community);
    return { query, variables: { id: org, ...variables }, ownOrgId: org };
  };

export const MUTATION_CASES: { [K in MutationName]?: MutationCase[] } = {
  fileOrganization: [
    {
      label: 'files in the target community',
      allowed: STREET_OR_DISTRICT,
      arrange: async (_s, community, bystander) => ({
        query: FILE,
        variables: { input: fileInput({ communityCode: community, filingNumber: `矩阵备-${uniq()}` }) },
        ownOrgId: bystander,
      }),
    },
  ],
  registerOrganization: [
    {
      label: 'registers in the target community',
      allowed: DISTRICT_ONLY,
      arrange: async (_s, community, bystander) => ({ query: REGISTER, variables: { input: registerInput({ communityCode: community }) }, ownOrgId: bystander }),
    },
  ],
  importOrganizations: [
    {
      label: 'imports one FILED record in the target community',
      allowed: STREET_OR_DISTRICT,
      arrange: async (_s, community, bystander) => {
        const { filingNumber, ...rest } = fileInput({ communityCode: community, filingNumber: `矩阵备-${uniq()}` });
        return { query: IMPORT, variables: { input: { records: [{ track: 'FILED', filingNumber, ...rest, at: '2020-06-01' }] } }, ownOrgId: bystander };
      },
    },
    {
      label: 'imports one REGISTERED record with a grade in the target community',
      allowed: DISTRICT_ONLY,
      arrange: async (_s, community, bystander) => ({
        query: IMPORT,
        variables: { input: { records: [{ track: 'REGISTERED', ...registerInput({ communityCode: community }), grade: { score: 760 } }] } },
        ownOrgId: bystander,
      }),
    },
  ],
  prepareOrganization: [
    {
      label: 'prepares in the target community',
      allowed: STAFF,
      arrange: async (_s, community, bystander) => ({ query: PREPARE, variables: { input: prepareInput({ communityCode: community }) }, ownOrgId: bystander }),
    },
  ],
  filePreparedOrganization: [
    {
      label: 'files an organization still preparing',
      allowed: STREET_OR_DISTRICT,
      concealedOutsideScope: true,
      arrange: async (s, community) => {
        const org = await fixtures.preparing(s, community);
        return {
          query: `mutation ($id: ID!, $n: String!) { r: filePreparedOrganization(id: $id, filingNumber: $n) { id } }`,
          variables: { id: org, n: `矩阵备-${uniq()}` },
          ownOrgId: org,
        };
      },
    },
  ],
  recommendOrganization: [
    { label: 'recommends a filed organization', allowed: STREET_OR_DISTRICT, arrange: onOrganization('filed', `mutation ($id: ID!) { r: recommendOrganization(id: $id) { id } }`) },
  ],
  registerExistingOrganization: [
    {
      label: 'registers a recommended organization',
      allowed: DISTRICT_ONLY,
      arrange: async (s, community) => {
        const org = await fixtures.recommended(s, community);
        return {
          query: `mutation ($id: ID!, $c: String!) { r: registerExistingOrganization(id: $id, legalForm: SOCIAL_GROUP, creditCode: $c) { id } }`,
          variables: { id: org, c: (registerInput({ legalForm: 'SOCIAL_GROUP' }) as { creditCode: string }).creditCode },
          ownOrgId: org,
        };
      },
    },
  ],
  recordAnnualInspection: [
    {
      label: 'records this year’s inspection',
      allowed: DISTRICT_ONLY,
      arrange: onOrganization('filed', `mutation ($id: ID!, $y: Int!) { r: recordAnnualInspection(id: $id, year: $y, result: PASSED) { id } }`, {
        y: Number(districtDate().slice(0, 4)),
      }),
    },
  ],
  gradeOrganization: [
    { label: 'grades a registered organization', allowed: DISTRICT_ONLY, arrange: onOrganization('registered', `mutation ($id: ID!) { r: gradeOrganization(id: $id, score: 820) { id } }`) },
  ],
  suspendOrganization: [
    {
      label: 'suspends a registered organization',
      allowed: DISTRICT_ONLY,
      arrange: onOrganization('registered', `mutation ($id: ID!) { r: suspendOrganization(id: $id, reason: "拒不接受年度检查") { id } }`),
    },
  ],
  reinstateOrganization: [
    { label: 'reinstates a suspended organization', allowed: DISTRICT_ONLY, arrange: onOrganization('suspended', `mutation ($id: ID!) { r: reinstateOrganization(id: $id) { id } }`) },
  ],
  deregisterOrganization: [
    {
      label: 'deregisters a registered organization',
      allowed: DISTRICT_ONLY,
      arrange: onOrganization('registered', `mutation ($id: ID!) { r: deregisterOrganization(id: $id, reason: "自行解散，清算完毕") { id } }`),
    },
  ],
  updateOrganizationProfile: [
    {
      label: 'updates a filed organization’s profile',
      allowed: [...STAFF, 'ownAdmin'],
      arrange: onOrganization('filed', `mutation ($id: ID!) { r: updateOrganizationProfile(id: $id, input: { description: "为老年人提供助餐服务", memberCount: 12 }) { id } }`),
    },
    {
      label: 'updates the profile of an organization still preparing',
      allowed: [...STAFF, 'ownAdmin'],
      concealedOutsideScope: true,
      arrange: onOrganization('preparing', `mutation ($id: ID!) { r: updateOrganizationProfile(id: $id, input: { staffCount: 3 }) { id } }`),
    },
  ],
  designateHub: [
    { label: 'designates a filed organization a hub', allowed: STREET_OR_DISTRICT, arrange: onOrganization('filed', `mutation ($id: ID!) { r: designateHub(id: $id, kind: ALLIANCE) { id } }`) },
  ],
  addFederationMember: [
    {
      label: 'adds a member (own = the federation)',
      allowed: [...STREET_OR_DISTRICT, 'ownAdmin'],
      arrange: async (s, community) => {
        const federation = await fixtures.hub(s, community);
        const member = await fixtures.filed(s, community);
        return { query: `mutation ($f: ID!, $m: ID!) { r: addFederationMember(federationId: $f, memberId: $m) { id } }`, variables: { f: federation, m: member }, ownOrgId: federation };
      },
    },
    {
      label: 'adds a member (own = the member, who cannot join on its own)',
      allowed: STREET_OR_DISTRICT,
      arrange: async (s, community) => {
        const federation = await fixtures.hub(s, community);
        const member = await fixtures.filed(s, community);
        return { query: `mutation ($f: ID!, $m: ID!) { r: addFederationMember(federationId: $f, memberId: $m) { id } }`, variables: { f: federation, m: member }, ownOrgId: member };
      },
    },
  ],
  removeFederationMember: [
    {
      label: 'removes a member (own = the federation)',
      allowed: [...STREET_OR_DISTRICT, 'ownAdmin'],
      arrange: async (s, community) => {
        const { federation, member } = await fixtures.membership(s, community);
        return { query: `mutation ($f: ID!, $m: ID!) { r: removeFederationMember(federationId: $f, memberId: $m) { id } }`, variables: { f: federation, m: member }, ownOrgId: federation };
      },
    },
    {
      label: 'removes a member (own = the member leaving)',
      allowed: [...STREET_OR_DISTRICT, 'ownAdmin'],
      arrange: async (s, community) => {
        const { federation, member } = await fixtures.membership(s, community);
        return { query: `mutation ($f: ID!, $m: ID!) { r: removeFederationMember(federationId: $f, memberId: $m) { id } }`, variables: { f: federation, m: member }, ownOrgId: member };
      },
    },
  ],
  createIncubationCenter: [
    {
      label: 'creates a centre serving the target community',
      allowed: STREET_OR_DISTRICT,
      arrange: async (_s, community, bystander) => ({
        query: `mutation ($input: CreateIncubationCenterInput!) { r: createIncubationCenter(input: $input) { id } }`,
        variables: { input: centerInput({ name: `矩阵孵化园${uniq()}`, regionCode: community }) },
        ownOrgId: bystander,
      }),
    },
  ],
  admitToIncubation: [
    {
      label: 'admits an organization (own = the organization)',
      allowed: STREET_OR_DISTRICT,
      arrange: async (s, community) => {
        const center = await fixtures.center(s, community);
        const org = await fixtures.filed(s, community);
        return {
          query: `mutation ($input: AdmitToIncubationInput!) { r: admitToIncubation(input: $input) { id } }`,
          variables: { input: { centerId: center, organizationId: org } },
          ownOrgId: org,
        };
      },
    },
  ],
  advanceIncubationStage: [
    {
      label: 'advances a stint',
      allowed: STREET_OR_DISTRICT,
      arrange: async (s, community) => {
        const { stint, org } = await fixtures.stint(s, community);
        return { query: `mutation ($id: ID!) { r: advanceIncubationStage(id: $id) { id } }`, variables: { id: stint }, ownOrgId: org };
      },
    },
  ],
  graduateFromIncubation: [
    {
      label: 'graduates a mature stint',
      allowed: STREET_OR_DISTRICT,
      arrange: async (s, community) => {
        const { stint, org } = await fixtures.stint(s, community, 2);
        return { query: `mutation ($id: ID!) { r: graduateFromIncubation(id: $id) { id } }`, variables: { id: stint }, ownOrgId: org };
      },
    },
  ],
  withdrawFromIncubation: [
    {
      label: 'withdraws a stint (own = the incubated organization)',
      allowed: [...STREET_OR_DISTRICT, 'ownAdmin'],
      arrange: async (s, community) => {
        const { stint, org } = await fixtures.stint(s, community);
        return { query: `mutation ($id: ID!) { r: withdrawFromIncubation(id: $id) { id } }`, variables: { id: stint }, ownOrgId: org };
      },
    },
  ],
  lendVenue: [
    {
      label: 'lends a room of the target community (own = the borrower)',
      allowed: STAFF,
      arrange: async (s, community) => {
        const org = await fixtures.filed(s, community);
        return {
          query: `mutation ($input: LendVenueInput!) { r: lendVenue(input: $input) { id } }`,
          variables: { input: { organizationId: org, venueName: `社区活动室${uniq()}`, communityCode: community, areaSquareMetres: 30, startsOn: '2025-03-01' } },
          ownOrgId: org,
        };
      },
    },
  ],
  endVenueLoan: [
    {
      label: 'ends a loan (own = the borrower)',
      allowed: STAFF,
      concealedOutsideScope: true,
      arrange: async (s, community) => {
        const org = await fixtures.filed(s, community);
        const loan = await fixtures.lend(s, org, community);
        return { query: `mutation ($id: ID!) { r: endVenueLoan(id: $id) { id } }`, variables: { id: loan }, ownOrgId: org };
      },
    },
  ],
};

/** The root field a case's operation calls (its one `r:` alias). */
export const calledField = (query: string) => /\br:\s*(\w+)\s*\(/.exec(query)?.[1];
