/**
 * What must not leak, and how the read tests look for it. Every schema field through which a
 * non-public record could be reached has an entry (test/unit/authorization.test.ts enforces it):
 * probes that test/integration/authorization-reads.test.ts runs for every role and scope, or a
 * note saying why the path cannot reach one.
 *
 * Not public here: organizations still preparing, the reasons of suspensions and deregistrations,
 * venue loans. Each probe returns signals — one per way the record could show (in the list, in
 * the count…) — and every signal must equal "this caller may see it".
 */
/* eslint-disable @typescript-eslint/no-explicit-any */

export interface ReadFixture {
  community: string;
  /** Preparing, incubated at `center`, lent a venue. */
  preparing: string;
  /** Registered, then suspended with a reason. */
  suspended: string;
  /** Filed, lent a venue. */
  filed: string;
  /** Serves `community`; its only stint is the preparing organization's. */
  center: string;
}

export interface Probe {
  label: string;
  /** The fixture organization whose own administrator is the ownAdmin of this probe. */
  own: 'preparing' | 'suspended' | 'filed';
  /** A public record: every caller, anonymous included, must see it. */
  public?: boolean;
  query: string;
  variables: (f: ReadFixture) => Record<string, unknown>;
  /** One boolean per way the record can show. */
  signals: (data: any, f: ReadFixture) => boolean[];
}

export type ReadPath = { probes: Probe[] } | { note: string };

const ids = (edges: { node: { id: string } }[] | undefined) => new Set((edges ?? []).map((e) => e.node.id));

const lookup = (own: Probe['own'], isPublic: boolean): Probe => ({
  label: `organization(id) of the ${own} organization`,
  own,
  public: isPublic,
  query: `query ($id: ID!) { organization(id: $id) { id name } }`,
  variables: (f) => ({ id: f[own] }),
  signals: (d, f) => [d.organization?.id === f[own]],
});

const entity = (own: Probe['own'], isPublic: boolean): Probe => ({
  label: `_entities of the ${own} organization`,
  own,
  public: isPublic,
  query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { id name } } }`,
  variables: (f) => ({ r: [{ __typename: 'Organization', id: f[own] }] }),
  signals: (d, f) => [d._entities?.[0]?.id === f[own]],
});

const NOT_PREPARING =
  'both sides of a membership are active (filed or registered, not suspended) when it begins, and no organization returns to preparing: memberships connect public organizations only';

export const READ_PATHS: Record<string, ReadPath> = {
  'Query.organization': { probes: [lookup('preparing', false), lookup('filed', true), lookup('suspended', true)] },
  '_entities(Organization)': { probes: [entity('preparing', false), entity('filed', true)] },
  'Query.organizations': {
    probes: [
      {
        label: 'search by community: rows and count',
        own: 'preparing',
        query: `query ($c: ID!) { organizations(filter: { communityCode: $c }, first: 100) { totalCount edges { node { id } } } }`,
        variables: (f) => ({ c: f.community }),
        // The community has two public organizations (filed, suspended) and the preparing one.
        signals: (d, f) => [ids(d.organizations.edges).has(f.preparing), d.organizations.totalCount === 3, d.organizations.edges.length === 3],
      },
      {
        label: 'search by state PREPARING: rows and count',
        own: 'preparing',
        query: `query ($c: ID!) { organizations(filter: { state: PREPARING, communityCode: $c }) { totalCount edges { node { id } } } }`,
        variables: (f) => ({ c: f.community }),
        signals: (d, f) => [ids(d.organizations.edges).has(f.preparing), d.organizations.totalCount === 1],
      },
      {
        label: 'search: public organizations',
        own: 'filed',
        public: true,
        query: `query ($c: ID!) { organizations(filter: { communityCode: $c }) { edges { node { id } } } }`,
        variables: (f) => ({ c: f.community }),
        signals: (d, f) => [ids(d.organizations.edges).has(f.filed), ids(d.organizations.edges).has(f.suspended)],
      },
    ],
  },
  'OrganizationEdge.node': { note: 'the rows of Query.organizations and Community.organizations, probed there' },
  'Community.organizations': {
    probes: [
      {
        label: 'Community.organizations(state: PREPARING): rows and count',
        own: 'preparing',
        query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { organizations(state: PREPARING) { totalCount edges { node { id } } } } } }`,
        variables: (f) => ({ r: [{ __typename: 'Community', code: f.community }] }),
        signals: (d, f) => [ids(d._entities[0].organizations.edges).has(f.preparing), d._entities[0].organizations.totalCount === 1],
      },
      {
        label: 'Community.organizations: the public ones',
        own: 'filed',
        public: true,
        query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { organizations { totalCount edges { node { id } } } } } }`,
        variables: (f) => ({ r: [{ __typename: 'Community', code: f.community }] }),
        signals: (d, f) => [ids(d._entities[0].organizations.edges).has(f.filed), d._entities[0].organizations.totalCount === 2],
      },
    ],
  },
  'IncubationCenter.stints': {
    probes: [
      {
        label: 'a centre’s stints and occupancy',
        own: 'preparing',
        query: `query ($id: ID!) { incubationCenter(id: $id) { occupancy stints { organization { id } } active: stints(activeOnly: true) { id } } }`,
        variables: (f) => ({ id: f.center }),
        signals: (d, f) => [
          d.incubationCenter.stints.some((s: any) => s.organization.id === f.preparing),
          d.incubationCenter.occupancy === 1,
          d.incubationCenter.active.length === 1,
        ],
      },
    ],
  },
  'IncubationStint.organization': { note: 'reached through IncubationCenter.stints (probed) or through an organization the caller already sees' },
  'Organization.incubationStints': { note: 'the stints of an organization the caller already sees (its visibility is probed by Query.organization)' },
  'Organization.history': {
    probes: [
      {
        label: 'the reason of a suspension',
        own: 'suspended',
        query: `query ($id: ID!) { organization(id: $id) { history { action reason } } }`,
        variables: (f) => ({ id: f.suspended }),
        signals: (d) => [d.organization.history.some((h: any) => h.action === 'SUSPEND' && h.reason !== null)],
      },
      {
        label: 'the history itself (actions and states) is public',
        own: 'suspended',
        public: true,
        query: `query ($id: ID!) { organization(id: $id) { history { action toState } } }`,
        variables: (f) => ({ id: f.suspended }),
        signals: (d) => [d.organization.history.map((h: any) => h.action).join() === 'REGISTER,SUSPEND'],
      },
    ],
  },
  'Organization.venueLoans': {
    probes: [
      {
        label: 'the venue loans of a public organization',
        own: 'filed',
        query: `query ($id: ID!) { organization(id: $id) { venueLoans { id monthlyRentFen } } }`,
        variables: (f) => ({ id: f.filed }),
        signals: (d) => [d.organization.venueLoans.length === 1],
      },
    ],
  },
  'VenueLoan.organization': { note: 'reached only through Organization.venueLoans (probed) and the venue mutations’ results' },
  'Organization.memberships': { note: NOT_PREPARING },
  'Organization.federationMembers': { note: NOT_PREPARING },
  'FederationMembership.federation': { note: NOT_PREPARING },
  'FederationMembership.member': { note: NOT_PREPARING },
};

/**
 * `@personal` fields and their role × scope cases. None: organizations hold organizational data
 * (the organization's own contact phone and e-mail are public). A field marked `@personal` in the
 * schema fails test/unit/authorization.test.ts until it has a case here and a test.
 */
export const PERSONAL_FIELD_CASES: Record<string, never> = {};
