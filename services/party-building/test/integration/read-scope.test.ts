/**
 * What each caller reads: public fields for everyone; party-internal fields (dues, reorganisation
 * flags — src/authorization.ts READ_VISIBILITY) only for government staff whose scope covers the
 * party organization's region — through every way into the graph: entity lookups, lists and
 * their totalCount, counts, `_entities` and nested fields. And: no personal data.
 *
 * Generated from schema.graphql: every field must be classified, every party-internal field is
 * selected by the probes, and every schema field leading to a type with party-internal fields
 * must have a probe here.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Kind } from 'graphql';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { NOT_PERSONAL, PARTY_INTERNAL_ARGUMENTS, READ_VISIBILITY } from '../../src/authorization.ts';
import { announceOrganizations, announceRegions } from '../factories/replica-events.ts';
import { ok, startPartyBuilding } from '../factories/party-service.ts';
import { foundPartyOrganization } from '../factories/party-organizations.ts';
import {
  AUTH_REGIONS,
  fieldsOf,
  IDENTITIES,
  IDENTITY_NAMES,
  isPlumbing,
  namedType,
  objectTypes,
  schemaDocument,
  TARGET_NAMES,
  TARGETS,
  type IdentityName,
} from '../factories/authorization.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;
const THIS_YEAR = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

/** Region codes (communities and streets of TARGETS) whose party-internal data each caller reads. */
const MAY_READ: Record<IdentityName, string[]> = {
  'district office 150204': ['150204004001', '150204004', '150204005001', '150204005'],
  'street office 150204004': ['150204004001', '150204004'],
  'community worker 150204004001': ['150204004001'],
  'community worker 150204004002': [],
  'org admin': [],
  'social worker': [],
  'partner agency': [],
  resident: [],
  anonymous: [],
};

// --- the schema's classification ------------------------------------------------------------

const internalFields = (type: string) =>
  Object.entries(READ_VISIBILITY[type] ?? {})
    .filter(([, v]) => v === 'party_internal')
    .map(([f]) => f);
const TYPES_WITH_INTERNAL = Object.keys(READ_VISIBILITY).filter((t) => internalFields(t).length > 0);

/** A selection of every field of `type`, objects with a key by their key, others expanded (PartyDues). */
function fullSelection(type: string, fields: string[] = fieldsOf(type).map((f) => f.name.value)): string {
  return fields
    .map((name) => {
      const field = fieldsOf(type).find((f) => f.name.value === name)!;
      const target = namedType(field.type);
      if (!objectTypes.some((t) => t.name.value === target)) return name;
      const keys = fieldsOf(target).map((f) => f.name.value);
      if (keys.includes('id')) return `${name} { id }`;
      if (keys.includes('code')) return `${name} { code }`;
      return `${name} { ${fullSelection(target)} }`;
    })
    .join(' ');
}

/** id, regionCode and every party-internal field of PartyOrganization (dues with all their fields). */
const PO = `id regionCode ${fullSelection('PartyOrganization', internalFields('PartyOrganization'))}`;

interface PartyView extends Record<string, unknown> {
  id: string;
  regionCode: string;
}

// --- fixtures: per target, 街道党工委 → 社区党委 → 党总支 → 党支部 ---------------------------

interface Fixture {
  streetCommittee: string;
  committee: string;
  general: string;
  branch: string;
  organization: string;
  station: string;
  meeting: string;
}
const fixtures = {} as Record<(typeof TARGET_NAMES)[number], Fixture>;
/** Flagged for reorganisation (2 full members): everything but the branches. */
const flagged = new Set<string>();
const regionOf = new Map<string, string>();

beforeAll(async () => {
  service = await startPartyBuilding(subgraphs);
  await announceRegions(bus, service, AUTH_REGIONS);
  const organizations = await announceOrganizations(bus, service, TARGET_NAMES.map((t) => TARGETS[t].community));
  for (const [i, target] of TARGET_NAMES.entries()) {
    const { community, street } = TARGETS[target];
    const sc = await foundPartyOrganization(service, { kind: 'STREET_WORKING_COMMITTEE', regionCode: street, name: '街道党工委' });
    const cc = await foundPartyOrganization(service, { kind: 'COMMUNITY_COMMITTEE', regionCode: community, parentId: sc.id, name: '社区党委' });
    const gb = await foundPartyOrganization(service, { kind: 'GENERAL_BRANCH', regionCode: community, parentId: cc.id, organizationIds: [organizations[i]] });
    const br = await foundPartyOrganization(service, { kind: 'BRANCH', regionCode: community, parentId: gb.id });
    for (const po of [sc, cc, gb, br]) regionOf.set(po.id, po.regionCode);
    for (const po of [sc, cc, gb]) {
      await ok(service, `mutation ($id: ID!) { updatePartyMembership(id: $id, fullMembers: 2, probationaryMembers: 1) { id } }`, { id: po.id });
      flagged.add(po.id);
    }
    for (const po of [sc, cc, gb, br]) {
      await ok(service, `mutation ($input: RecordPartyDuesInput!) { recordPartyDues(input: $input) { year } }`, {
        input: { partyOrganizationId: po.id, year: THIS_YEAR, collectedFen: 8_800 },
      });
    }
    const station = await ok<{ openPartyServiceStation: { id: string } }>(
      service,
      `mutation ($input: OpenPartyServiceStationInput!) { openPartyServiceStation(input: $input) { id } }`,
      { input: { name: '党员服务站', communityCode: community, placement: 'UNIT', locationLabel: '2号楼1单元', partyOrganizationId: gb.id } },
    );
    const meeting = await ok<{ recordJointMeeting: { id: string } }>(
      service,
      `mutation ($input: RecordJointMeetingInput!) { recordJointMeeting(input: $input) { id } }`,
      { input: { hostId: cc.id, heldOn: '2025-05-20', participatingUnits: ['青山区人民医院'], topics: ['义诊进社区'] } },
    );
    fixtures[target] = {
      streetCommittee: sc.id,
      committee: cc.id,
      general: gb.id,
      branch: br.id,
      organization: organizations[i]!,
      station: station.openPartyServiceStation.id,
      meeting: meeting.recordJointMeeting.id,
    };
  }
});

const ALL_PARTY_IDS = () => TARGET_NAMES.flatMap((t) => [fixtures[t].streetCommittee, fixtures[t].committee, fixtures[t].general, fixtures[t].branch]);

async function read<T>(name: IdentityName, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await service.request<T>(query, variables, IDENTITIES[name]);
  expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
  return result.data!;
}

/** Every party-internal field of `view`: shown in full to readers of its region, null or empty to everyone else. */
function expectPartyInternal(name: IdentityName, view: PartyView): void {
  const fields = internalFields('PartyOrganization');
  const visible = MAY_READ[name].includes(view.regionCode);
  if (!visible) {
    for (const field of fields) {
      const value = view[field];
      expect(value === null || (Array.isArray(value) && value.length === 0), `${name} sees PartyOrganization.${field} of ${view.regionCode}: ${JSON.stringify(value)}`).toBe(true);
    }
    return;
  }
  const isFlagged = flagged.has(view.id);
  expect(view).toMatchObject({
    needsReorganisation: isFlagged,
    reorganisationReasons: isFlagged ? ['TOO_FEW_FULL_MEMBERS'] : [],
  });
  expect(view.reorganisationFlaggedAt === null).toBe(!isFlagged);
  const dues = view.dues as Record<string, unknown>[];
  expect(dues).toHaveLength(1);
  for (const field of internalFields('PartyDues')) expect(dues[0]![field], `PartyDues.${field}`).not.toBeNull();
}

/** Runs a probe and checks what it found; `min` keeps a probe from passing by finding nothing. */
function checkAll(name: IdentityName, views: (PartyView | null | undefined)[], min: number): void {
  const found = views.filter((v): v is PartyView => v != null);
  expect(found.length).toBeGreaterThanOrEqual(min);
  for (const view of found) expectPartyInternal(name, view);
}

const edges = <T>(connection: { edges: { node: T }[] }) => connection.edges.map((e) => e.node);
const inRegion = (code: string, region: string) => code.startsWith(region);

/** Probes by the schema field they enter through; `_entities` ones are named by their type. */
const PROBES: Record<string, (name: IdentityName) => Promise<void>> = {
  'Query.partyOrganization': async (name) => {
    const views = await Promise.all(
      ALL_PARTY_IDS().map(async (id) => (await read<{ partyOrganization: PartyView }>(name, `query ($id: ID!) { partyOrganization(id: $id) { ${PO} } }`, { id })).partyOrganization),
    );
    checkAll(name, views, 12);
  },
  'Query.partyOrganizations': async (name) => {
    for (const region of ['150204', '150205']) {
      const all = await read<{ partyOrganizations: { totalCount: number; edges: { node: PartyView }[] } }>(
        name,
        `query ($r: ID!) { partyOrganizations(regionCode: $r, first: 100) { totalCount edges { node { ${PO} } } } }`,
        { r: region },
      );
      // Public: every party organization of the region, whoever asks.
      expect(all.partyOrganizations.totalCount).toBe(ALL_PARTY_IDS().filter((id) => inRegion(regionOf.get(id)!, region)).length);
      checkAll(name, edges(all.partyOrganizations), all.partyOrganizations.totalCount);
    }
  },
  'Query.partyOrganizations(needsReorganisation)': async (name) => {
    for (const region of ['150204', '150204004', '150204004001', '150205']) {
      const list = async (value: boolean) =>
        (
          await read<{ partyOrganizations: { totalCount: number; edges: { node: PartyView }[] } }>(
            name,
            `query ($r: ID!, $f: Boolean) { partyOrganizations(regionCode: $r, needsReorganisation: $f, first: 100) { totalCount edges { node { ${PO} } } } }`,
            { r: region, f: value },
          )
        ).partyOrganizations;
      const readable = ALL_PARTY_IDS().filter((id) => inRegion(regionOf.get(id)!, region) && MAY_READ[name].includes(regionOf.get(id)!));
      const yes = await list(true);
      expect(edges(yes).map((v) => v.id).sort()).toEqual(readable.filter((id) => flagged.has(id)).sort());
      expect(yes.totalCount).toBe(readable.filter((id) => flagged.has(id)).length);
      const no = await list(false);
      expect(edges(no).map((v) => v.id).sort()).toEqual(readable.filter((id) => !flagged.has(id)).sort());
      expect(no.totalCount).toBe(readable.filter((id) => !flagged.has(id)).length);
      checkAll(name, [...edges(yes), ...edges(no)], 0);
    }
  },
  'PartyOrganization._entities': async (name) => {
    const data = await read<{ _entities: PartyView[] }>(name, `query ($r: [_Any!]!) { _entities(representations: $r) { ... on PartyOrganization { ${PO} } } }`, {
      r: ALL_PARTY_IDS().map((id) => ({ __typename: 'PartyOrganization', id })),
    });
    checkAll(name, data._entities, 12);
  },
  'PartyOrganization.parent': async (name) => {
    for (const target of TARGET_NAMES) {
      type Up = PartyView & { parent: Up | null };
      const data = await read<{ partyOrganization: Up }>(
        name,
        `query ($id: ID!) { partyOrganization(id: $id) { parent { ${PO} parent { ${PO} parent { ${PO} } } } } }`,
        { id: fixtures[target].branch },
      );
      const g = data.partyOrganization.parent!;
      checkAll(name, [g, g.parent, g.parent!.parent], 3);
    }
  },
  'PartyOrganization.dues': async (name) => {
    // Dues are party-internal as a whole: the list is empty outside the caller's scope.
    for (const target of TARGET_NAMES) {
      const data = await read<{ partyOrganization: { dues: unknown[] } }>(name, `query ($id: ID!) { partyOrganization(id: $id) { dues { year } all: dues(year: ${THIS_YEAR}) { year } } }`, {
        id: fixtures[target].branch,
      });
      expect(data.partyOrganization.dues.length).toBe(MAY_READ[name].includes(TARGETS[target].community) ? 1 : 0);
    }
  },
  'PartyDues.partyOrganization': async (name) => {
    let reached = 0;
    for (const target of TARGET_NAMES) {
      const data = await read<{ partyOrganization: { dues: { partyOrganization: PartyView }[] } }>(
        name,
        `query ($id: ID!) { partyOrganization(id: $id) { dues { partyOrganization { ${PO} } } } }`,
        { id: fixtures[target].general },
      );
      const views = data.partyOrganization.dues.map((d) => d.partyOrganization);
      reached += views.length;
      checkAll(name, views, 0);
    }
    expect(reached).toBe(TARGET_NAMES.filter((t) => MAY_READ[name].includes(TARGETS[t].community)).length);
  },
  'PartyServiceStation.partyOrganization': async (name) => {
    const list = await read<{ partyServiceStations: { edges: { node: { partyOrganization: PartyView } }[] } }>(
      name,
      `{ partyServiceStations(regionCode: "150204", first: 100) { edges { node { partyOrganization { ${PO} } } } } }`,
    );
    checkAll(name, edges(list.partyServiceStations).map((s) => s.partyOrganization), 2);
    const one = await read<{ partyServiceStation: { partyOrganization: PartyView } }>(name, `query ($id: ID!) { partyServiceStation(id: $id) { partyOrganization { ${PO} } } }`, {
      id: fixtures['other district'].station,
    });
    checkAll(name, [one.partyServiceStation.partyOrganization], 1);
  },
  'JointMeeting.host': async (name) => {
    const list = await read<{ jointMeetings: { edges: { node: { host: PartyView } }[] } }>(name, `{ jointMeetings(regionCode: "150204", first: 100) { edges { node { host { ${PO} } } } } }`);
    checkAll(name, edges(list.jointMeetings).map((m) => m.host), 2);
    const one = await read<{ _entities: { host: PartyView }[] }>(name, `query ($r: [_Any!]!) { _entities(representations: $r) { ... on JointMeeting { host { ${PO} } } } }`, {
      r: TARGET_NAMES.map((t) => ({ __typename: 'JointMeeting', id: fixtures[t].meeting })),
    });
    checkAll(name, one._entities.map((m) => m.host), 3);
  },
  'Community.partyOrganizations': async (name) => {
    const data = await read<{ _entities: { partyOrganizations: { totalCount: number; edges: { node: PartyView }[] } }[] }>(
      name,
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { partyOrganizations(first: 100) { totalCount edges { node { ${PO} } } } } } }`,
      { r: TARGET_NAMES.map((t) => ({ __typename: 'Community', code: TARGETS[t].community })) },
    );
    for (const community of data._entities) expect(community.partyOrganizations.totalCount).toBe(3);
    checkAll(name, data._entities.flatMap((c) => edges(c.partyOrganizations)), 9);
  },
  'Organization.partyOrganization': async (name) => {
    const data = await read<{ _entities: { partyOrganization: PartyView }[] }>(
      name,
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { partyOrganization { ${PO} } } } }`,
      { r: TARGET_NAMES.map((t) => ({ __typename: 'Organization', id: fixtures[t].organization })) },
    );
    checkAll(name, data._entities.map((o) => o.partyOrganization), 3);
  },
  'Query.partyCoverage': async (name) => {
    for (const region of ['150204', '150204004', '150204004001', '150204005', '150204005001', '150205', '150205001001']) {
      const data = await read<{ partyCoverage: { partyOrganizationCount: number; needsReorganisationCount: number } }>(
        name,
        `query ($r: ID!) { partyCoverage(regionCode: $r) { partyOrganizationCount ${internalFields('PartyCoverage').join(' ')} } }`,
        { r: region },
      );
      const inside = [...flagged].filter((id) => inRegion(regionOf.get(id)!, region));
      expect(data.partyCoverage.needsReorganisationCount, region).toBe(inside.filter((id) => MAY_READ[name].includes(regionOf.get(id)!)).length);
      // The public count is the same for everyone.
      expect(data.partyCoverage.partyOrganizationCount).toBe(ALL_PARTY_IDS().filter((id) => inRegion(regionOf.get(id)!, region)).length);
    }
  },
  'Community.partyCoverage': async (name) => {
    const data = await read<{ _entities: { code: string; partyCoverage: { needsReorganisationCount: number } }[] }>(
      name,
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { code partyCoverage { ${internalFields('PartyCoverage').join(' ')} } } } }`,
      { r: TARGET_NAMES.map((t) => ({ __typename: 'Community', code: TARGETS[t].community })) },
    );
    for (const { code, partyCoverage } of data._entities) {
      // Each community holds a flagged committee and general branch.
      expect(partyCoverage.needsReorganisationCount, code).toBe(MAY_READ[name].includes(code) ? 2 : 0);
    }
  },
};

describe('classification (generated from schema.graphql)', () => {
  const classified = objectTypes.filter((t) => t.name.value !== 'Mutation' && !isPlumbing(t.name.value));

  it('READ_VISIBILITY classifies every field of every object type, and nothing else', () => {
    const inSchema = classified.flatMap((t) => fieldsOf(t.name.value).map((f) => `${t.name.value}.${f.name.value}`)).sort();
    const inTable = Object.entries(READ_VISIBILITY)
      .flatMap(([type, fields]) => Object.keys(fields).map((f) => `${type}.${f}`))
      .sort();
    expect(inTable).toEqual(inSchema);
  });

  it('every way into a type with party-internal fields has a probe', () => {
    const entries = objectTypes
      .filter((owner) => owner.name.value !== 'Mutation' && !isPlumbing(owner.name.value))
      .flatMap((owner) =>
        fieldsOf(owner.name.value)
          .filter((f) => TYPES_WITH_INTERNAL.some((t) => [t, `${t}Connection`].includes(namedType(f.type))))
          .map((f) => `${owner.name.value}.${f.name.value}`),
      );
    const entities = TYPES_WITH_INTERNAL.filter((t) => objectTypes.find((o) => o.name.value === t)!.directives?.some((d) => d.name.value === 'key')).map(
      (t) => `${t}._entities`,
    );
    expect([...entries, ...entities, ...PARTY_INTERNAL_ARGUMENTS].filter((entry) => !(entry in PROBES))).toEqual([]);
  });

  it('there is no personal data: no @personal field, no person-like type, no person-like field unaccounted for', () => {
    const directives = schemaDocument.definitions.filter((d) => d.kind === Kind.DIRECTIVE_DEFINITION).map((d) => d.name.value);
    // Adding @personal means adding revealPersonal resolvers and a masking matrix here.
    expect(directives).not.toContain('personal');
    const PERSON_TYPE = /member|person|people|resident|secretary|volunteer|worker|contact|leader|user|cadre/i;
    const PERSON_FIELD = /name|phone|mobile|telephone|idNumber|idCard|identity|address|birth|gender|ethnic|email|wechat|contact|secretary|leader|householder|person|resident|cadre/i;
    const types = objectTypes.map((t) => t.name.value).filter((t) => !isPlumbing(t) && t !== 'Query' && t !== 'Mutation');
    expect(types.filter((t) => PERSON_TYPE.test(t))).toEqual([]);
    const suspicious = objectTypes.flatMap((t) =>
      fieldsOf(t.name.value)
        .filter((f) => PERSON_FIELD.test(f.name.value) || f.directives?.some((d) => d.name.value === 'personal'))
        .map((f) => `${t.name.value}.${f.name.value}`),
    );
    expect(suspicious.filter((f) => !(f in NOT_PERSONAL))).toEqual([]);
    // And the list of exceptions names fields that exist.
    const all = objectTypes.flatMap((t) => fieldsOf(t.name.value).map((f) => `${t.name.value}.${f.name.value}`));
    expect(Object.keys(NOT_PERSONAL).filter((f) => !all.includes(f))).toEqual([]);
  });
});

describe.each(IDENTITY_NAMES)('%s', (name) => {
  it.each(Object.keys(PROBES))('through %s', (entry) => PROBES[entry]!(name));
});
