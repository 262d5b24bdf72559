/**
 * The authorization matrix, generated from schema.graphql: every `@personal` field and every
 * Mutation field found there must have a rule in src/authorization.ts AND a case here, so a new
 * one fails this file until someone decides who may see or do it. Then, against the running
 * service and the world of test/factories/authorization.ts (13 callers × 3 clusters):
 *
 * - personal data: unmasked exactly for the callers the case lists, masked for everyone else who
 *   sees the record, and one audit line per unmasked read — none for a masked one;
 * - reads: every list, count and look-up of READS returns exactly the records the oracle says the
 *   caller may see (nothing out of scope, not even in a totalCount or a sum);
 * - mutations: allowed exactly for the callers the case lists, with one audit line each; refused
 *   otherwise (UNAUTHENTICATED for the anonymous caller, FORBIDDEN for the rest) with not a byte
 *   written anywhere in the database;
 * - the audit log refuses UPDATE, DELETE and TRUNCATE.
 */
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  Kind as AstKind,
  parse,
  print,
  type FieldDefinitionNode,
  type ObjectTypeDefinitionNode,
  type ObjectTypeExtensionNode,
  type TypeNode,
} from 'graphql';
import { funding } from '@sanshe/events';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { socialWorkSubgraph } from '../../src/app.ts';
import { MUTATION_RULES, PERSONAL_FIELDS, READS, type PersonalRule } from '../../src/authorization.ts';
import {
  ACTORS,
  buildWorld,
  CLUSTERS,
  COMMUNITY,
  identityOf,
  insertCase,
  insertCaseService,
  MATRIX_REGIONS,
  registerWorker,
  subjectOf,
  World,
  type Actor,
  type Cluster,
  type Kind,
  type Rec,
} from '../factories/authorization.ts';
import { grantAwarded } from '../factories/funding-events.ts';
import { announceOrganization, announceRegions, deliver } from '../factories/replica-events.ts';
import { recordService, volunteerInput } from '../factories/volunteers.ts';
import { districtDate } from '@sanshe/service-kit';

// ---------------------------------------------------------------------------------------------
// What schema.graphql declares
// ---------------------------------------------------------------------------------------------

const schema = parse(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));
type TypeNodeWithFields = ObjectTypeDefinitionNode | ObjectTypeExtensionNode;
const objectTypes = schema.definitions.filter(
  (d): d is TypeNodeWithFields => d.kind === AstKind.OBJECT_TYPE_DEFINITION || d.kind === AstKind.OBJECT_TYPE_EXTENSION,
);
const namedType = (type: TypeNode): string => (type.kind === AstKind.NAMED_TYPE ? type.name.value : namedType(type.type));
const fieldsOf = (typeName: string): readonly FieldDefinitionNode[] => objectTypes.filter((t) => t.name.value === typeName).flatMap((t) => t.fields ?? []);
const isPersonal = (field: FieldDefinitionNode) => (field.directives ?? []).some((d) => d.name.value === 'personal');

const personalFields: [string, string][] = objectTypes.flatMap((t) => (t.fields ?? []).filter(isPersonal).map((f): [string, string] => [t.name.value, f.name.value]));
const mutationFields = fieldsOf('Mutation');
const readFields = new Set(
  objectTypes.flatMap((t) =>
    (t.fields ?? [])
      .filter((f) => t.name.value === 'Query' || t.name.value === 'Community' || namedType(f.type).endsWith('Connection'))
      .filter((f) => !(t.name.value === 'Query' && f.name.value.startsWith('_')))
      .map((f) => `${t.name.value}.${f.name.value}`),
  ),
);

/** Fields that look like a person's data but are not (a field named so without @personal must be listed here, with why). */
const NOT_PERSONAL: Record<string, string> = {
  'SocialWorkStation.name': "a station's name, not a person's",
};
const LOOKS_PERSONAL = /(name|phone|mobile|idnumber|certificatenumber|address)$/i;

// ---------------------------------------------------------------------------------------------
// The world
// ---------------------------------------------------------------------------------------------

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;
const world = new World();
const as = (actor: Actor) => identityOf(actor, world.orgs);

beforeAll(async () => {
  service = await subgraphs.start('social-work', socialWorkSubgraph);
  await announceRegions(bus, service, MATRIX_REGIONS);
  for (const x of CLUSTERS) world.orgs[x] = await announceOrganization(bus, service, { communityCode: COMMUNITY[x], serviceFields: ['elderly', 'volunteering'] });
  world.evaluator = await announceOrganization(bus, service, { communityCode: COMMUNITY.A, name: '第三方评估中心' });
  await buildWorld(service, world);
  // Posts bought for A's community (public, like the grant).
  const award = grantAwarded({ communityCode: COMMUNITY.A, organizationId: world.orgs.A, socialWorkPosts: 3 });
  await deliver(bus, funding.grantAwarded, award);
  world.add('SocialWorkPostFunding', award.data.grantId, 'A', [], { posts: 3 });
}, 60_000);

async function request(query: string, variables: Record<string, unknown>, actor: Actor) {
  return service.request<Record<string, unknown>>(query, variables, as(actor));
}

// ---------------------------------------------------------------------------------------------
// Coverage: nothing in the schema without a rule and a case
// ---------------------------------------------------------------------------------------------

describe('coverage: schema.graphql ↔ src/authorization.ts ↔ this matrix', () => {
  it('finds the personal fields, mutations and reads it is about', () => {
    expect(personalFields.length).toBeGreaterThanOrEqual(6);
    expect(mutationFields.length).toBeGreaterThanOrEqual(16);
    expect(readFields.size).toBeGreaterThanOrEqual(30);
  });

  it('marks every field that looks like personal data @personal (or says why not)', () => {
    const unmarked = objectTypes
      .flatMap((t) => (t.fields ?? []).map((f) => ({ key: `${t.name.value}.${f.name.value}`, f })))
      .filter(({ key, f }) => LOOKS_PERSONAL.test(f.name.value) && !isPersonal(f) && !(key in NOT_PERSONAL))
      .map(({ key }) => key);
    expect(unmarked).toEqual([]);
  });

  it('has a personal-data rule and a matrix case for every @personal field, and none for other fields', () => {
    const rules = Object.entries(PERSONAL_FIELDS).flatMap(([type, fields]) => Object.keys(fields).map((field) => `${type}.${field}`));
    const declared = personalFields.map(([type, field]) => `${type}.${field}`);
    expect(declared.filter((key) => !rules.includes(key)), 'no rule in PERSONAL_FIELDS').toEqual([]);
    expect(rules.filter((key) => !declared.includes(key)), 'a rule for a field not marked @personal').toEqual([]);
    expect(declared.filter((key) => !(key in PERSONAL_CASES)), 'no case in PERSONAL_CASES').toEqual([]);
  });

  it('has a rule and a matrix case for every mutation, and no rule for a mutation that does not exist', () => {
    const declared = mutationFields.map((f) => f.name.value);
    expect(declared.filter((name) => !(name in MUTATION_RULES)), 'no rule in MUTATION_RULES').toEqual([]);
    expect(Object.keys(MUTATION_RULES).filter((name) => !declared.includes(name)), 'a rule for no mutation').toEqual([]);
    expect(declared.filter((name) => !(name in MUTATION_CASES)), 'no case in MUTATION_CASES').toEqual([]);
  });

  it('classifies every query, list and community figure as public or narrowed, and probes each', () => {
    expect([...readFields].filter((key) => !(key in READS)), 'not classified in READS').toEqual([]);
    expect(Object.keys(READS).filter((key) => !fieldsOf(key.split('.')[0]!).some((f) => f.name.value === key.split('.')[1])), 'READS names no field').toEqual([]);
    expect(Object.keys(READS).filter((key) => !(key in PROBES)), 'no probe').toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// The audit log
// ---------------------------------------------------------------------------------------------

describe('the audit log', () => {
  it('has a line for each fixture mutation, and refuses UPDATE, DELETE and TRUNCATE — whoever asks', async () => {
    const sql = service.database.sql;
    const [{ n }] = (await sql`select count(*)::int as n from audit_log where kind = 'mutation' and subject = 'test-operator'`) as unknown as [{ n: number }];
    expect(n).toBeGreaterThan(30);
    await expect(sql`update audit_log set operation = 'nothing happened'`).rejects.toThrow(/append-only/);
    await expect(sql`update audit_log set subject = null where kind = 'personal_data_read'`).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where subject = 'test-operator'`).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`).rejects.toThrow(/append-only/);
    const [{ m }] = (await sql`select count(*)::int as m from audit_log where kind = 'mutation' and subject = 'test-operator'`) as unknown as [{ m: number }];
    expect(m).toBe(n);
  });
});

// ---------------------------------------------------------------------------------------------
// Personal data
// ---------------------------------------------------------------------------------------------

const SOCIAL_WORKER_UNMASKED: Record<Cluster, Actor[]> = {
  // Staff and social workers in scope; the worker themselves; their employing agency.
  A: ['district', 'street', 'communityA', 'socialWorkerA', 'socialWorkerUnlinked', 'orgA'],
  B: ['district', 'communityB', 'socialWorkerB', 'socialWorkerMoved', 'orgB'],
  // Out of everyone's scope but their own: the moved worker sees their own record.
  C: ['socialWorkerMoved'],
};
const VOLUNTEER_UNMASKED: Record<Cluster, Actor[]> = {
  // Staff and social workers in scope only: never the recording agency, the partner or the public.
  A: ['district', 'street', 'communityA', 'socialWorkerA', 'socialWorkerUnlinked'],
  B: ['district', 'communityB', 'socialWorkerB', 'socialWorkerMoved'],
  C: [],
};
const HANDLER_UNMASKED: Record<Cluster, Actor[]> = {
  // Staff and social workers in scope of the volunteer; the issuing agency (its own handler).
  A: [...VOLUNTEER_UNMASKED.A, 'orgA'],
  B: [...VOLUNTEER_UNMASKED.B, 'orgB'],
  C: [],
};

/** Per @personal field: whose reads come back unmasked, per cluster. */
const PERSONAL_CASES: Record<string, Record<Cluster, Actor[]>> = {
  'SocialWorker.name': SOCIAL_WORKER_UNMASKED,
  'SocialWorker.certificateNumber': SOCIAL_WORKER_UNMASKED,
  'Volunteer.name': VOLUNTEER_UNMASKED,
  'Volunteer.phone': VOLUNTEER_UNMASKED,
  'Volunteer.idNumber': VOLUNTEER_UNMASKED,
  'VolunteerCertificate.handlerName': HANDLER_UNMASKED,
};

/** Where each type holding personal data keeps it, and the cluster's record of it. */
const PERSONAL_TYPES: Record<string, { table: string; fixture: (x: Cluster) => string }> = {
  SocialWorker: { table: 'social_workers', fixture: (x) => world.workers[x] },
  Volunteer: { table: 'volunteers', fixture: (x) => world.volunteers[x] },
  VolunteerCertificate: { table: 'volunteer_certificates', fixture: (x) => world.certificates[x] },
};

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

describe('personal data: role × field × scope', () => {
  it.each(personalFields)('%s.%s: unmasked exactly where the rule allows, audited once per unmasked read', async (type, field) => {
    const key = `${type}.${field}`;
    const unmaskedFor = PERSONAL_CASES[key];
    const rule = (PERSONAL_FIELDS as unknown as Record<string, Record<string, PersonalRule<{ id: string }>>>)[type]?.[field];
    const where = PERSONAL_TYPES[type];
    expect(unmaskedFor, `no case for ${key}`).toBeDefined();
    expect(rule, `no rule for ${key}`).toBeDefined();
    expect(where, `no fixture for type ${type}`).toBeDefined();

    const problems: string[] = [];
    const expectedAudit = new Map<string, number>();
    await Promise.all(
      CLUSTERS.map(async (x) => {
        const id = where!.fixture(x);
        const [row] = await service.database.sql.unsafe(`select ${snake(field)}::text as value from ${where!.table} where id = $1`, [id]);
        const full = row!.value as string;
        expect(full, `${key} of cluster ${x} has a value`).toBeTruthy();
        await Promise.all(
          ACTORS.map(async (actor) => {
            const result = await request(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on ${type} { ${field} } } }`, { r: [{ __typename: type, id }] }, actor);
            if (result.errors) return void problems.push(`${actor}/${x}: ${JSON.stringify(result.errors)}`);
            const entity = (result.data!._entities as (Record<string, string> | null)[])[0] ?? null;
            const seesRecord = world.visible(actor, world.byId(id));
            const unmasked = unmaskedFor![x].includes(actor);
            if (unmasked) expectedAudit.set(`${subjectOf(actor)}|${id}`, 1);
            const got = entity === null ? 'hidden' : entity[field] === full ? 'unmasked' : entity[field] === rule!.mask(full) ? 'masked' : `unexpected ${entity[field]}`;
            const want = !seesRecord ? 'hidden' : unmasked ? 'unmasked' : 'masked';
            if (got !== want) problems.push(`${actor} reading ${key} of ${x}: ${got}, expected ${want}`);
          }),
        );
      }),
    );
    expect(problems).toEqual([]);

    const ids = CLUSTERS.map((x) => where!.fixture(x));
    const audited = await service.database.sql`
      select subject, entity_id, count(*)::int as n from audit_log
      where kind = 'personal_data_read' and operation = ${key} and entity = ${type} and entity_id = any(${ids})
        and (subject is null or subject like 'matrix-%')
      group by subject, entity_id`;
    expect(new Map(audited.map((r) => [`${r.subject}|${r.entity_id}`, r.n as number]))).toEqual(expectedAudit);
  });
});

// ---------------------------------------------------------------------------------------------
// Reads: lists, counts and look-ups
// ---------------------------------------------------------------------------------------------

type Probe =
  | { skip: string }
  /** A connection: on Query all records of the kind, on a parent those `where` picks. */
  | { list: Kind; where?: (rec: Rec, parent: string) => boolean }
  /** A look-up on Query by one argument. */
  | { lookup: Kind; arg: string; value?: (rec: Rec) => string }
  /** A figure of a parent. */
  | { count: (actor: Actor, parent: string) => number; selection?: string; read?: (value: unknown) => number };

const inCommunity = (rec: Rec, code: string) => COMMUNITY[rec.cluster] === code;
const seen = (actor: Actor, kind: Kind) => world.of(kind).filter((r) => world.visible(actor, r));
const sum = (recs: Rec[]) => recs.reduce((total, r) => total + (r.attrs.minutes as number), 0);

const PROBES: Record<string, Probe> = {
  'Query.socialWorker': { lookup: 'SocialWorker', arg: 'id' },
  'Query.socialWorkers': { list: 'SocialWorker' },
  'Query.socialWorkStation': { lookup: 'SocialWorkStation', arg: 'id' },
  'Query.socialWorkStations': { list: 'SocialWorkStation' },
  'Query.supervisions': { list: 'Supervision' },
  'Query.performanceEvaluations': { list: 'PerformanceEvaluation' },
  'Query.volunteer': { lookup: 'Volunteer', arg: 'id' },
  'Query.volunteers': { list: 'Volunteer' },
  'Query.volunteerServiceRecord': { lookup: 'VolunteerServiceRecord', arg: 'id' },
  'Query.volunteerServiceRecords': { list: 'VolunteerServiceRecord' },
  'Query.volunteerCertificate': { lookup: 'VolunteerCertificate', arg: 'id' },
  'Query.volunteerCertificateByNumber': { lookup: 'VolunteerCertificate', arg: 'number', value: (r) => r.attrs.number as string },
  'Query.volunteerCertificates': { list: 'VolunteerCertificate' },
  'Query.serviceCase': { lookup: 'ServiceCase', arg: 'id' },
  'Query.serviceCaseByNeed': { lookup: 'ServiceCase', arg: 'needId', value: (r) => r.attrs.needId as string },
  'Query.serviceCases': { list: 'ServiceCase' },
  'Community.code': { skip: 'the key' },
  'Community.socialWorkers': { list: 'SocialWorker', where: inCommunity },
  'Community.certifiedSocialWorkerCount': { count: (_actor, code) => world.of('SocialWorker').filter((r) => inCommunity(r, code) && r.attrs.certified).length },
  'Community.socialWorkStations': { list: 'SocialWorkStation', where: inCommunity },
  'Community.volunteers': { list: 'Volunteer', where: inCommunity },
  'Community.volunteerCount': { count: (actor, code) => seen(actor, 'Volunteer').filter((r) => inCommunity(r, code)).length },
  'Community.volunteerMinutes': { count: (actor, code) => sum(seen(actor, 'VolunteerServiceRecord').filter((r) => inCommunity(r, code) && r.attrs.verified)) },
  'Community.serviceCases': { list: 'ServiceCase', where: inCommunity },
  'Community.openServiceCaseCount': { count: (actor, code) => seen(actor, 'ServiceCase').filter((r) => inCommunity(r, code) && r.attrs.open).length },
  'SocialWorker.trainings': { list: 'SocialWorkerTraining', where: (r, p) => (r.attrs.workers as string[]).includes(p) },
  'SocialWorker.supervisions': { list: 'Supervision', where: (r, p) => (r.attrs.workers as string[]).includes(p) },
  'SocialWorker.evaluations': { list: 'PerformanceEvaluation', where: (r, p) => r.attrs.workerId === p },
  'SocialWorker.cases': { list: 'ServiceCase', where: (r, p) => r.attrs.socialWorkerId === p },
  'SocialWorker.openCaseCount': { count: (actor, p) => seen(actor, 'ServiceCase').filter((r) => r.attrs.socialWorkerId === p && r.attrs.open).length },
  'SocialWorkStation.socialWorkers': { list: 'SocialWorker', where: (r, p) => r.attrs.stationId === p },
  'SocialWorkStation.evaluations': { list: 'PerformanceEvaluation', where: (r, p) => r.attrs.stationId === p },
  'Volunteer.serviceRecords': { list: 'VolunteerServiceRecord', where: (r, p) => r.attrs.volunteerId === p },
  'Volunteer.verifiedTime': {
    count: (actor, p) => sum(seen(actor, 'VolunteerServiceRecord').filter((r) => r.attrs.volunteerId === p && r.attrs.verified)),
    selection: '{ minutes }',
    read: (v) => (v as { minutes: number }).minutes,
  },
  'Volunteer.trainings': { list: 'VolunteerTraining', where: (r, p) => r.parent === p },
  'Volunteer.commendations': { list: 'VolunteerCommendation', where: (r, p) => r.parent === p },
  'Volunteer.certificates': { list: 'VolunteerCertificate', where: (r, p) => r.attrs.volunteerId === p },
  'VolunteerCertificate.records': { list: 'VolunteerServiceRecord', where: (r, p) => (world.byId(p).attrs.records as string[]).includes(r.id) },
  'ServiceCase.services': { list: 'CaseServiceRecord', where: (r, p) => r.parent === p },
  'Community.fundedSocialWorkPosts': { count: (_actor, code) => sumOf(world.of('SocialWorkPostFunding').filter((r) => inCommunity(r, code)), 'posts') },
  // The world's workers are agency staff: no government post fills a funded one.
  'Community.vacantFundedPosts': { count: (_actor, code) => sumOf(world.of('SocialWorkPostFunding').filter((r) => inCommunity(r, code)), 'posts') },
  'Community.fundedPosts': {
    count: (_actor, code) => world.of('SocialWorkPostFunding').filter((r) => inCommunity(r, code)).length,
    selection: '{ totalCount }',
    read: (v) => (v as { totalCount: number }).totalCount,
  },
  // Public aggregates: every caller gets the same figures, counted over every record of the region.
  'RegionStatistics.socialWorkers': { count: (_a, id) => inStatistics(id, 'SocialWorker').length },
  'RegionStatistics.certifiedSocialWorkers': { count: (_a, id) => inStatistics(id, 'SocialWorker').filter((r) => r.attrs.certified).length },
  'RegionStatistics.certifiedSocialWorkersByLevel': {
    count: (_a, id) => inStatistics(id, 'SocialWorker').filter((r) => r.attrs.certified).length,
    selection: '{ level count }',
    read: (v) => (v as { level: string; count: number }[]).find((l) => l.level === 'INTERMEDIATE')!.count,
  },
  'RegionStatistics.professionalSocialWorkersInOrganizations': { count: (_a, id) => inStatistics(id, 'SocialWorker').filter((r) => r.attrs.professional).length },
  'RegionStatistics.socialWorkStationsByKind': {
    count: (_a, id) => inStatistics(id, 'SocialWorkStation').length,
    selection: '{ kind count }',
    read: (v) => (v as { kind: string; count: number }[]).find((k) => k.kind === 'STATION')!.count,
  },
  'RegionStatistics.volunteers': { count: (_a, id) => inStatistics(id, 'Volunteer').length },
  'RegionStatistics.volunteerMinutes': { count: (_a, id) => sum(inStatistics(id, 'VolunteerServiceRecord').filter((r) => r.attrs.verified)) },
  'RegionStatistics.volunteerRecords': { count: (_a, id) => inStatistics(id, 'VolunteerServiceRecord').filter((r) => r.attrs.verified).length },
  'RegionStatistics.serviceCasesOpened': { count: (_a, id) => inStatistics(id, 'ServiceCase').length },
  'RegionStatistics.serviceCasesClosed': { count: (_a, id) => inStatistics(id, 'ServiceCase').filter((r) => !r.attrs.open).length },
  'RegionStatistics.fundedSocialWorkPosts': { count: (_a, id) => sumOf(inStatistics(id, 'SocialWorkPostFunding'), 'posts') },
};

/** The statistics the matrix reads: the district (A and B), A's street, and C's district, from 2020 to today. */
const STATISTICS_IDS = ['150204', '150204004', '150206'].map((code) => `${code}@2020-01-01..${districtDate(new Date())}`);
const inStatistics = (id: string, kind: Kind) => world.of(kind).filter((r) => COMMUNITY[r.cluster].startsWith(id.split('@')[0]!));
const sumOf = (recs: Rec[], attr: string) => recs.reduce((total, r) => total + (r.attrs[attr] as number), 0);

const CONNECTION = '(first: 100) { totalCount edges { node { id } } }';
type ConnectionResult = { totalCount: number; edges: { node: { id: string } }[] };

/** Compares a connection with the records the actor should get; returns what differs. */
function compareList(label: string, got: ConnectionResult | undefined, expected: Rec[]): string[] {
  if (!got) return [`${label}: missing`];
  const ids = got.edges.map((e) => e.node.id);
  const want = expected.map((r) => r.id);
  const problems: string[] = [];
  const leaked = ids.filter((id) => !want.includes(id));
  const missing = want.filter((id) => !ids.includes(id));
  if (leaked.length) problems.push(`${label}: leaked ${leaked.map((id) => `${world.byId(id).kind} of ${world.byId(id).cluster}`).join(', ')}`);
  if (missing.length) problems.push(`${label}: missing ${missing.map((id) => `${world.byId(id).kind} of ${world.byId(id).cluster}`).join(', ')}`);
  if (got.totalCount !== want.length) problems.push(`${label}: totalCount ${got.totalCount}, expected ${want.length}`);
  return problems;
}

describe('reads: lists, counts and look-ups never show what the caller may not see', () => {
  it.each(ACTORS)('%s', async (actor) => {
    const problems: string[] = [];
    const entries = Object.entries(PROBES);

    // Query: every list and every look-up of every record, in one operation.
    const selections: string[] = [];
    const lookups: { alias: string; rec: Rec }[] = [];
    for (const [key, probe] of entries.filter(([key]) => key.startsWith('Query.'))) {
      const field = key.slice('Query.'.length);
      if ('list' in probe) selections.push(`${field}: ${field}${CONNECTION}`);
      if ('lookup' in probe) {
        for (const [i, rec] of world.of(probe.lookup).entries()) {
          const alias = `${field}_${i}`;
          lookups.push({ alias, rec });
          selections.push(`${alias}: ${field}(${probe.arg}: ${JSON.stringify(probe.value ? probe.value(rec) : rec.id)}) { id }`);
        }
      }
    }
    const top = await request(`{ ${selections.join('\n')} }`, {}, actor);
    expect(top.errors).toBeUndefined();
    for (const [key, probe] of entries.filter(([key]) => key.startsWith('Query.'))) {
      const field = key.slice('Query.'.length);
      if ('list' in probe) problems.push(...compareList(key, top.data![field] as ConnectionResult, seen(actor, probe.list)));
    }
    for (const { alias, rec } of lookups) {
      const got = (top.data![alias] as { id: string } | null)?.id ?? null;
      const want = world.visible(actor, rec) ? rec.id : null;
      if (got !== want) problems.push(`${alias} (${rec.kind} of ${rec.cluster}): ${got ? 'found' : 'null'}, expected ${want ? 'found' : 'null'}`);
    }

    // Every nested list and figure, on every parent record, through _entities.
    const parentTypes = [...new Set(entries.map(([key]) => key.split('.')[0]!).filter((t) => t !== 'Query'))];
    for (const type of parentTypes) {
      const probes = entries.filter(([key, probe]) => key.startsWith(`${type}.`) && !('skip' in probe));
      // Communities and region statistics are keyed by code / statistics id and seen by everyone.
      const keyed = type === 'Community' || type === 'RegionStatistics';
      const parents = type === 'Community' ? CLUSTERS.map((x) => COMMUNITY[x]) : type === 'RegionStatistics' ? STATISTICS_IDS : world.of(type as Kind).map((r) => r.id);
      const representations = parents.map((p) => (type === 'Community' ? { __typename: type, code: p } : { __typename: type, id: p }));
      const fields = probes.map(([key, probe]) => {
        const field = key.split('.')[1]!;
        return 'list' in probe ? `${field}${CONNECTION}` : 'count' in probe ? `${field} ${probe.selection ?? ''}` : field;
      });
      const result = await request(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on ${type} { ${fields.join(' ')} } } }`, { r: representations }, actor);
      expect(result.errors, type).toBeUndefined();
      const got = result.data!._entities as (Record<string, unknown> | null)[];
      parents.forEach((parent, i) => {
        const visibleParent = keyed || world.visible(actor, world.byId(parent));
        const label = keyed ? `${type} ${parent}` : `${type} of ${world.byId(parent).cluster}`;
        if (!visibleParent) {
          if (got[i] !== null) problems.push(`${label}: resolved, expected null`);
          return;
        }
        if (got[i] === null) return void problems.push(`${label}: null, expected the record`);
        for (const [key, probe] of probes) {
          const field = key.split('.')[1]!;
          if ('list' in probe) {
            const expected = seen(actor, probe.list).filter((r) => probe.where!(r, parent));
            problems.push(...compareList(`${label} ${key}`, got[i]![field] as ConnectionResult, expected));
          } else if ('count' in probe) {
            const value = probe.read ? probe.read(got[i]![field]) : (got[i]![field] as number);
            const want = probe.count(actor, parent);
            if (value !== want) problems.push(`${label} ${key}: ${value}, expected ${want}`);
          }
        }
      });
    }
    expect(problems).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------------

interface MutationCase {
  /** For each target: the actors allowed; every other actor is refused. */
  targets: Record<string, Actor[]>;
  /** Fresh variables for one attempt at `target` (the fixture it needs is made as the test operator). */
  prepare: (target: string) => Promise<Record<string, unknown>>;
}

const OFFICE_A: Actor[] = ['district', 'street'];
const OFFICE_B: Actor[] = ['district'];
const STAFF_A: Actor[] = ['district', 'street', 'communityA'];
const STAFF_B: Actor[] = ['district', 'communityB'];
const cluster = (target: string) => target[0] as Cluster;
const today = () => districtDate(new Date());

/** A case in the target's cluster assigned to its linked worker, or (`… agency …`) to its agency. */
async function caseFor(target: string, withService = false) {
  const x = cluster(target);
  const toAgency = target.includes('agency') || target.includes('co-working');
  const made = await insertCase(service, { cluster: x, ...(toAgency ? { organizationId: world.orgs[x] } : { socialWorkerId: world.workers[x] }) });
  if (withService) await insertCaseService(service, made.id, toAgency ? world.colleagues[x] : world.workers[x]);
  return made.id;
}

const MUTATION_CASES: Record<string, MutationCase> = {
  registerSocialWorker: {
    targets: { A: OFFICE_A, B: OFFICE_B, C: [] },
    prepare: async (t) => ({ input: { name: '新社工', communityCode: COMMUNITY[cluster(t)], employment: 'AGENCY', employerOrganizationId: world.orgs[cluster(t)] } }),
  },
  reassignSocialWorker: {
    // Moving a worker needs both the community they leave and the one they join.
    targets: { A: OFFICE_A, B: OFFICE_B, C: [], 'A to B': ['district'] },
    prepare: async (t) => {
      const [from, to] = t === 'A to B' ? (['A', 'B'] as const) : [cluster(t), cluster(t)];
      const id = await registerWorker(service, { communityCode: COMMUNITY[from] });
      return { input: { socialWorkerId: id, communityCode: COMMUNITY[to], stationId: from === to ? world.stations[to] : null } };
    },
  },
  linkSocialWorkerAccount: {
    targets: { A: OFFICE_A, B: OFFICE_B, C: [] },
    prepare: async (t) => ({ input: { socialWorkerId: await registerWorker(service, { communityCode: COMMUNITY[cluster(t)] }), accountSubject: `account-${randomUUID()}` } }),
  },
  recordSocialWorkerTraining: {
    targets: { A: [...OFFICE_A, 'orgA'], B: [...OFFICE_B, 'orgB'], C: [] },
    prepare: async (t) => ({ input: { socialWorkerId: world.workers[cluster(t)], title: '伦理培训', provider: '社工协会', trainedOn: '2024-04-01', minutes: 60 } }),
  },
  openSocialWorkStation: {
    targets: { A: OFFICE_A, B: OFFICE_B, C: [] },
    prepare: async (t) => ({ input: { name: `新站${randomUUID().slice(0, 8)}`, kind: 'STATION', communityCode: COMMUNITY[cluster(t)], openedOn: '2024-01-01' } }),
  },
  recordSupervision: {
    targets: { A: [...OFFICE_A, 'orgA'], B: [...OFFICE_B, 'orgB'], C: [] },
    prepare: async (t) => ({
      input: { supervisorId: world.workers[cluster(t)], superviseeId: world.colleagues[cluster(t)], supervisedOn: '2024-04-02', minutes: 30, topics: ['伦理'] },
    }),
  },
  recordPerformanceEvaluation: {
    targets: { A: OFFICE_A, B: OFFICE_B, C: [] },
    prepare: async (t) => ({
      input: { evaluatorOrganizationId: world.evaluator, stationId: world.stations[cluster(t)], periodStart: '2024-01-01', periodEnd: '2024-03-31', score: 70 },
    }),
  },
  registerVolunteer: {
    targets: { A: STAFF_A, B: STAFF_B, C: [] },
    prepare: async (t) => ({ input: volunteerInput({ communityCode: COMMUNITY[cluster(t)] }) }),
  },
  recordVolunteerTraining: {
    targets: { A: STAFF_A, B: STAFF_B, C: [] },
    prepare: async (t) => ({ input: { volunteerId: world.volunteers[cluster(t)], title: '消防培训', provider: '消防站', trainedOn: '2024-04-03', minutes: 90 } }),
  },
  recordVolunteerCommendation: {
    targets: { A: STAFF_A, B: STAFF_B, C: [] },
    prepare: async (t) => ({ input: { volunteerId: world.volunteers[cluster(t)], title: '服务之星', conferredBy: '街道办', conferredOn: '2024-04-04' } }),
  },
  recordVolunteerService: {
    // "Whoever records it certifies it": an agency records for any volunteer, in its own name only.
    targets: { A: [...STAFF_A, 'orgA'], B: [...STAFF_B, 'orgB'], C: [], 'A by agency B': [...STAFF_A, 'orgB'] },
    prepare: async (t) => ({
      input: {
        volunteerId: world.volunteers[cluster(t)],
        organizationId: t === 'A by agency B' ? world.orgs.B : world.orgs[cluster(t)],
        activity: '助老送餐',
        serviceDate: '2024-02-10',
        minutes: 5,
      },
    }),
  },
  verifyVolunteerService: {
    targets: { A: [...STAFF_A, 'orgA'], B: [...STAFF_B, 'orgB'], C: [] },
    prepare: async (t) => {
      const x = cluster(t);
      const pending = await recordService(service, world.volunteers[x], world.orgs[x], { serviceDate: '2024-02-11', minutes: 5 }, false);
      return { input: { recordId: pending.id, organizationId: world.orgs[x] } };
    },
  },
  importVolunteers: {
    // registerVolunteer's rule, for every record: one record out of scope refuses the import.
    targets: { A: STAFF_A, B: STAFF_B, C: [], 'A and B': ['district'] },
    prepare: async (t) => ({
      input: { records: (t === 'A and B' ? (['A', 'B'] as const) : [cluster(t)]).map((x) => volunteerInput({ communityCode: COMMUNITY[x] })) },
    }),
  },
  importVolunteerRecords: {
    // recordVolunteerService's rule, for every record.
    targets: { A: [...STAFF_A, 'orgA'], B: [...STAFF_B, 'orgB'], C: [], 'A by agency B': [...STAFF_A, 'orgB'], 'A and B by agency A': ['district', 'orgA'] },
    prepare: async (t) => {
      const record = (x: Cluster, organizationId: string) => ({ volunteerId: world.volunteers[x], organizationId, activity: '助老送餐', serviceDate: '2024-02-12', minutes: 5 });
      const records =
        t === 'A by agency B' ? [record('A', world.orgs.B)] : t === 'A and B by agency A' ? [record('A', world.orgs.A), record('B', world.orgs.A)] : [record(cluster(t), world.orgs[cluster(t)])];
      return { input: { records } };
    },
  },
  issueVolunteerCertificate: {
    targets: { A: [...STAFF_A, 'orgA'], B: [...STAFF_B, 'orgB'], C: [] },
    prepare: async (t) => ({ input: { volunteerId: world.volunteers[cluster(t)], organizationId: world.orgs[cluster(t)], handlerName: '孙经办', issuedOn: '2024-03-31' } }),
  },
  assignServiceCase: {
    targets: { A: STAFF_A, B: STAFF_B, C: [] },
    prepare: async (t) => ({ input: { caseId: (await insertCase(service, { cluster: cluster(t) })).id, socialWorkerId: world.workers[cluster(t)] } }),
  },
  recordCaseService: {
    targets: {
      // The linked worker's own case: staff in scope and the worker themselves.
      A: [...STAFF_A, 'socialWorkerA'],
      B: [...STAFF_B, 'socialWorkerB'],
      // Assigned to the moved worker: theirs although C is outside their token's scope.
      C: ['socialWorkerMoved'],
      // Assigned to agency A, a service by its unlinked colleague: the agency records it.
      'A assigned to agency A': [...STAFF_A, 'orgA'],
      'B assigned to agency B': [...STAFF_B, 'orgB'],
      // Assigned to agency A, a service by A's linked worker (co-working in their own community).
      'A co-working': [...STAFF_A, 'socialWorkerA', 'orgA'],
    },
    prepare: async (t) => {
      const x = cluster(t);
      const worker = t.includes('agency') ? world.colleagues[x] : world.workers[x];
      return { input: { caseId: await caseFor(t), socialWorkerId: worker, serviceDate: today(), minutes: 30 } };
    },
  },
  closeServiceCase: {
    targets: {
      A: [...STAFF_A, 'socialWorkerA'],
      B: [...STAFF_B, 'socialWorkerB'],
      C: ['socialWorkerMoved'],
      'A assigned to agency A': [...STAFF_A, 'orgA'],
      'B assigned to agency B': [...STAFF_B, 'orgB'],
    },
    prepare: async (t) => ({ input: { caseId: await caseFor(t, true), resolved: true } }),
  },
};

let tables: string[] | null = null;

/** A digest of every table (the outbox by ids: the relay stamps published rows). */
async function snapshot(): Promise<Record<string, string>> {
  const sql = service.database.sql;
  tables ??= (await sql`select tablename from pg_tables where schemaname = 'public' order by tablename`).map((r) => r.tablename as string);
  const parts = tables.map((t) =>
    t === 'outbox'
      ? `(select coalesce(md5(string_agg(id::text, ',' order by id)), '') from outbox) as "outbox"`
      : `(select coalesce(md5(string_agg(x::text, ',' order by x::text)), '') from "${t}" x) as "${t}"`,
  );
  const [row] = await sql.unsafe(`select ${parts.join(', ')}`);
  return row as Record<string, string>;
}

async function auditedMutations(actor: Actor, operation: string): Promise<string[]> {
  const rows = await service.database.sql`
    select entity_id from audit_log where kind = 'mutation' and operation = ${operation} and subject is not distinct from ${subjectOf(actor)} order by at, id`;
  return rows.map((r) => r.entity_id as string);
}

/** What names the row a mutation wrote (and its audit line): its id, or an import's id. */
const RESULT_ID: Record<string, string> = { importVolunteers: 'importId', importVolunteerRecords: 'importId' };

function documentOf(field: FieldDefinitionNode): string {
  const args = field.arguments ?? [];
  const variables = args.map((a) => `$${a.name.value}: ${print(a.type)}`).join(', ');
  const passed = args.map((a) => `${a.name.value}: $${a.name.value}`).join(', ');
  return `mutation (${variables}) { ${field.name.value}(${passed}) { ${RESULT_ID[field.name.value] ?? 'id'} } }`;
}

describe('mutations: role × mutation × scope', () => {
  it.each(mutationFields.map((f) => [f.name.value, f] as const))('%s: allowed exactly as the rule says, audited; refused without a trace', async (name, field) => {
    const matrixCase = MUTATION_CASES[name];
    expect(matrixCase, `no matrix case for ${name}`).toBeDefined();
    const document = documentOf(field);
    const problems: string[] = [];

    for (const [target, allowed] of Object.entries(matrixCase!.targets)) {
      // Refusals share one fixture: each must leave the database exactly as it was.
      const variables = await matrixCase!.prepare(target);
      let before = await snapshot();
      for (const actor of ACTORS.filter((a) => !allowed.includes(a))) {
        const result = await request(document, variables, actor);
        const code = result.errors?.[0]?.extensions?.code;
        const want = actor === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
        if (code !== want || result.data?.[name]) problems.push(`${actor} on ${target}: ${code ?? 'allowed'}, expected ${want}`);
        const after = await snapshot();
        const changed = Object.keys(before).filter((t) => before[t] !== after[t]);
        if (changed.length) problems.push(`${actor} on ${target}: wrote to ${changed.join(', ')}`);
        before = after;
      }
      // Each allowed actor on a fresh fixture: done, and one audit line naming what it changed.
      for (const actor of allowed) {
        const fresh = await matrixCase!.prepare(target);
        const audited = await auditedMutations(actor, name);
        const result = await request(document, fresh, actor);
        if (result.errors) {
          problems.push(`${actor} on ${target}: refused ${JSON.stringify(result.errors[0])}, expected allowed`);
          continue;
        }
        const id = (result.data![name] as Record<string, string>)[RESULT_ID[name] ?? 'id']!;
        const now = await auditedMutations(actor, name);
        if (now.length !== audited.length + 1 || now.at(-1) !== id) problems.push(`${actor} on ${target}: audit ${JSON.stringify(now.slice(audited.length))}, expected [${id}]`);
      }
    }
    expect(problems).toEqual([]);
  });
});
