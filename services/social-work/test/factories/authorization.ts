/**
 * The cast and the world of the authorization matrix (test/integration/authorization.test.ts).
 *
 * Three clusters, each a community with its own agency (which employs the cluster's social workers,
 * runs its station, records and certifies its volunteers' service and is assigned one of its cases):
 * A = 150204004001 and B = 150204005001 in district 150204 (different streets), C = 150206001001 in
 * another district. Thirteen callers look at them. What each may see is written here by hand — the
 * oracle the service is held to, independent of src/authorization.ts.
 */
import { randomUUID } from 'node:crypto';
import { anonymous, type AnyPgTx, type Identity, districtDate } from '@sanshe/service-kit';
import type { AnySubgraph } from '@sanshe/testing';
import { addToRollup } from '../../src/domain/statistics-rollup.ts';
import { ok } from './graphql.ts';
import type { RegionSpec } from './replica-events.ts';
import { certificate, REGISTER_SOCIAL_WORKER } from './social-workers.ts';
import { ISSUE_CERTIFICATE, recordService, registerVolunteer } from './volunteers.ts';

export const CLUSTERS = ['A', 'B', 'C'] as const;
export type Cluster = (typeof CLUSTERS)[number];
export const COMMUNITY: Record<Cluster, string> = { A: '150204004001', B: '150204005001', C: '150206001001' };

export const MATRIX_REGIONS: RegionSpec[] = [
  { code: '150204', name: '青山区', level: 'district' },
  { code: '150204004', name: '民康街道', level: 'street' },
  { code: '150204004001', name: '民康第一社区', level: 'community' },
  { code: '150204005', name: '钢铁大街街道', level: 'street' },
  { code: '150204005001', name: '钢铁大街第一社区', level: 'community' },
  { code: '150206', name: '白云鄂博矿区', level: 'district' },
  { code: '150206001', name: '矿山路街道', level: 'street' },
  { code: '150206001001', name: '矿山路第一社区', level: 'community' },
];

export const ACTORS = [
  'district',
  'street',
  'communityA',
  'communityB',
  'socialWorkerA',
  'socialWorkerB',
  'socialWorkerMoved',
  'socialWorkerUnlinked',
  'orgA',
  'orgB',
  'partner',
  'resident',
  'anonymous',
] as const;
export type Actor = (typeof ACTORS)[number];

/** The token subject of an actor (anonymous has none). */
export const subjectOf = (actor: Actor): string | null => (actor === 'anonymous' ? null : `matrix-${actor}`);

/** Which worker row each signed-in social worker is linked to (socialWorkerUnlinked: none). */
export const LINKED: Partial<Record<Cluster, Actor>> = { A: 'socialWorkerA', B: 'socialWorkerB', C: 'socialWorkerMoved' };

/** What each actor's token says. */
export function identityOf(actor: Actor, orgs: Record<Cluster, string>): Identity {
  const who = (roles: string[], scope: string[], extra: Partial<Identity> = {}): Identity => ({
    subject: subjectOf(actor),
    roles,
    scope,
    organizationId: null,
    partnerId: null,
    ...extra,
  });
  switch (actor) {
    case 'district':
      return who(['district_office'], ['150204']);
    case 'street':
      return who(['street_office'], ['150204004']);
    case 'communityA':
      return who(['community_worker'], [COMMUNITY.A]);
    case 'communityB':
      return who(['community_worker'], [COMMUNITY.B]);
    case 'socialWorkerA':
      return who(['social_worker'], [COMMUNITY.A]);
    case 'socialWorkerB':
      return who(['social_worker'], [COMMUNITY.B]);
    // Their record was moved to C; their token still names B.
    case 'socialWorkerMoved':
      return who(['social_worker'], [COMMUNITY.B]);
    case 'socialWorkerUnlinked':
      return who(['social_worker'], [COMMUNITY.A]);
    case 'orgA':
      return who(['org_admin'], [], { organizationId: orgs.A });
    case 'orgB':
      return who(['org_admin'], [], { organizationId: orgs.B });
    case 'partner':
      return who(['partner_agency'], ['150204'], { partnerId: 'matrix-foundation' });
    case 'resident':
      return who(['resident'], []);
    case 'anonymous':
      return anonymous;
  }
}

/** The clusters whose non-public records an actor sees by region (staff, social workers, partners). */
export const REGION_SEES: Record<Actor, Cluster[]> = {
  district: ['A', 'B'],
  street: ['A'],
  communityA: ['A'],
  communityB: ['B'],
  socialWorkerA: ['A'],
  socialWorkerB: ['B'],
  socialWorkerMoved: ['B'],
  socialWorkerUnlinked: ['A'],
  orgA: [],
  orgB: [],
  partner: ['A', 'B'],
  resident: [],
  anonymous: [],
};

export type Kind =
  | 'SocialWorker'
  | 'SocialWorkStation'
  | 'SocialWorkerTraining'
  | 'Supervision'
  | 'PerformanceEvaluation'
  | 'Volunteer'
  | 'VolunteerServiceRecord'
  | 'VolunteerTraining'
  | 'VolunteerCommendation'
  | 'VolunteerCertificate'
  | 'ServiceCase'
  | 'CaseServiceRecord'
  | 'SocialWorkPostFunding';

const PUBLIC_KINDS = new Set<Kind>(['SocialWorker', 'SocialWorkStation', 'SocialWorkPostFunding']);
/** Seen with their parent record. */
const WITH_PARENT = new Set<Kind>(['VolunteerTraining', 'VolunteerCommendation', 'CaseServiceRecord']);

export interface Rec {
  kind: Kind;
  id: string;
  cluster: Cluster;
  /** Actors who see it beyond their region (its organization, its own social worker). */
  rel: Actor[];
  /** The record it belongs to (a training's volunteer, a service's case). */
  parent?: string;
  attrs: Record<string, unknown>;
}

/** Every record the fixtures made, and who may see each. */
export class World {
  readonly recs: Rec[] = [];
  readonly orgs = {} as Record<Cluster, string>;
  evaluator = '';
  readonly stations = {} as Record<Cluster, string>;
  /** The cluster's certified, account-linked social worker. */
  readonly workers = {} as Record<Cluster, string>;
  /** A second, uncertified worker of the agency, linked to nobody. */
  readonly colleagues = {} as Record<Cluster, string>;
  readonly volunteers = {} as Record<Cluster, string>;
  readonly certificates = {} as Record<Cluster, string>;

  add(kind: Kind, id: string, cluster: Cluster, rel: Actor[] = [], attrs: Record<string, unknown> = {}, parent?: string): Rec {
    const rec = { kind, id, cluster, rel, attrs, ...(parent ? { parent } : {}) };
    this.recs.push(rec);
    return rec;
  }

  of(kind: Kind): Rec[] {
    return this.recs.filter((r) => r.kind === kind);
  }

  byId(id: string): Rec {
    const rec = this.recs.find((r) => r.id === id);
    if (!rec) throw new Error(`no fixture ${id}`);
    return rec;
  }

  visible(actor: Actor, rec: Rec): boolean {
    if (PUBLIC_KINDS.has(rec.kind)) return true;
    if (WITH_PARENT.has(rec.kind)) return this.visible(actor, this.byId(rec.parent!));
    return REGION_SEES[actor].includes(rec.cluster) || rec.rel.includes(actor);
  }
}

/** Inserts a service case as the need.reported consumer would have opened it, rollup included (fixtures only). */
export async function insertCase(
  service: AnySubgraph,
  spec: { cluster: Cluster; socialWorkerId?: string | null; organizationId?: string | null; closed?: boolean },
): Promise<{ id: string; needId: string }> {
  const needId = randomUUID();
  const assigned = Boolean(spec.socialWorkerId ?? spec.organizationId);
  const [row] = await service.database.sql`
    insert into service_cases (need_id, community_code, category, urgency, summary, social_worker_id, organization_id, matched_by, status, resolved, close_reason, closed_at)
    values (${needId}, ${COMMUNITY[spec.cluster]}, 'elderly_care', 'normal', '独居老人需要探访', ${spec.socialWorkerId ?? null}, ${spec.organizationId ?? null},
      ${assigned ? 'manual' : null}, ${spec.closed ? 'closed' : 'open'}, ${spec.closed ? false : null}, ${spec.closed ? 'other' : null}, ${spec.closed ? new Date().toISOString() : null})
    returning id`;
  const today = districtDate(new Date());
  await addToRollup(service.database.db as unknown as AnyPgTx, [{ communityCode: COMMUNITY[spec.cluster], day: today, casesOpened: 1, casesClosed: spec.closed ? 1 : 0 }]);
  return { id: row!.id as string, needId };
}

export async function insertCaseService(service: AnySubgraph, caseId: string, socialWorkerId: string): Promise<string> {
  const [row] = await service.database.sql`
    insert into case_service_records (case_id, social_worker_id, service_date, minutes) values (${caseId}, ${socialWorkerId}, ${districtDate(new Date())}, 45) returning id`;
  return row!.id as string;
}

export async function registerWorker(service: AnySubgraph, input: Record<string, unknown>): Promise<string> {
  const data = await ok<{ registerSocialWorker: { id: string } }>(service, REGISTER_SOCIAL_WORKER, {
    input: { name: '测试社工', employment: 'GOVERNMENT_POST', ...input },
  });
  return data.registerSocialWorker.id;
}

const OPEN_STATION = `mutation ($input: OpenSocialWorkStationInput!) { openSocialWorkStation(input: $input) { id } }`;
const TRAIN_WORKER = `mutation ($input: RecordSocialWorkerTrainingInput!) { recordSocialWorkerTraining(input: $input) { id } }`;
const SUPERVISE = `mutation ($input: RecordSupervisionInput!) { recordSupervision(input: $input) { id } }`;
const EVALUATE = `mutation ($input: RecordPerformanceEvaluationInput!) { recordPerformanceEvaluation(input: $input) { id } }`;
const TRAIN_VOLUNTEER = `mutation ($input: RecordVolunteerTrainingInput!) { recordVolunteerTraining(input: $input) { id } }`;
const COMMEND = `mutation ($input: RecordVolunteerCommendationInput!) { recordVolunteerCommendation(input: $input) { id } }`;

/** Builds the three clusters through the service's own mutations (as the test operator); cases are inserted. */
export async function buildWorld(service: AnySubgraph, world: World): Promise<void> {
  for (const x of CLUSTERS) {
    const community = COMMUNITY[x];
    const org = world.orgs[x];
    const agencyAdmin: Actor[] = x === 'A' ? ['orgA'] : x === 'B' ? ['orgB'] : [];
    const linked = LINKED[x]!;

    const station = (await ok<{ openSocialWorkStation: { id: string } }>(service, OPEN_STATION, {
      input: { name: `${x}站`, kind: 'STATION', communityCode: community, operatorOrganizationId: org, openedOn: '2020-05-01' },
    })).openSocialWorkStation.id;
    world.stations[x] = station;
    world.add('SocialWorkStation', station, x);

    const worker = await registerWorker(service, {
      name: `社工${x}甲`,
      communityCode: community,
      employment: 'AGENCY',
      employerOrganizationId: org,
      stationId: station,
      accountSubject: subjectOf(linked),
      socialWorkGraduate: true,
      ...certificate('INTERMEDIATE'),
    });
    world.workers[x] = worker;
    world.add('SocialWorker', worker, x, [], { stationId: station, certified: true, professional: true });
    const colleague = await registerWorker(service, { name: `社工${x}乙`, communityCode: community, employment: 'AGENCY', employerOrganizationId: org, stationId: station });
    world.colleagues[x] = colleague;
    world.add('SocialWorker', colleague, x, [], { stationId: station, certified: false });

    const trained = (await ok<{ recordSocialWorkerTraining: { id: string } }>(service, TRAIN_WORKER, {
      input: { socialWorkerId: worker, title: '督导实务', provider: '社工协会', trainedOn: '2024-03-01', minutes: 480 },
    })).recordSocialWorkerTraining.id;
    world.add('SocialWorkerTraining', trained, x, [...agencyAdmin, linked], { workers: [worker] });
    const supervised = (await ok<{ recordSupervision: { id: string } }>(service, SUPERVISE, {
      input: { supervisorId: worker, superviseeId: colleague, supervisedOn: '2024-03-05', minutes: 60, topics: ['个案管理'] },
    })).recordSupervision.id;
    world.add('Supervision', supervised, x, [...agencyAdmin, linked], { workers: [worker, colleague] });
    const period = { evaluatorOrganizationId: world.evaluator, periodStart: '2023-01-01', periodEnd: '2023-12-31', score: 88 };
    const ofStation = (await ok<{ recordPerformanceEvaluation: { id: string } }>(service, EVALUATE, { input: { ...period, stationId: station } }))
      .recordPerformanceEvaluation.id;
    world.add('PerformanceEvaluation', ofStation, x, agencyAdmin, { stationId: station });
    const ofWorker = (await ok<{ recordPerformanceEvaluation: { id: string } }>(service, EVALUATE, { input: { ...period, socialWorkerId: worker } }))
      .recordPerformanceEvaluation.id;
    world.add('PerformanceEvaluation', ofWorker, x, [...agencyAdmin, linked], { workerId: worker });

    const { volunteer } = await registerVolunteer(service, { name: `志愿者${x}`, communityCode: community });
    world.volunteers[x] = volunteer.id;
    // Seen by its community and by every organization that recorded its service.
    world.add('Volunteer', volunteer.id, x, [...agencyAdmin]);
    const verified = await recordService(service, volunteer.id, org, { serviceDate: '2024-03-01', minutes: 60 });
    world.add('VolunteerServiceRecord', verified.id, x, agencyAdmin, { volunteerId: volunteer.id, minutes: 60, verified: true });
    const pending = await recordService(service, volunteer.id, org, { serviceDate: '2024-03-02', minutes: 30 }, false);
    world.add('VolunteerServiceRecord', pending.id, x, agencyAdmin, { volunteerId: volunteer.id, minutes: 30, verified: false });
    const issued = (await ok<{ issueVolunteerCertificate: { id: string; number: string } }>(service, ISSUE_CERTIFICATE, {
      input: { volunteerId: volunteer.id, organizationId: org, handlerName: `经办人${x}`, issuedOn: '2024-03-31' },
    })).issueVolunteerCertificate;
    world.certificates[x] = issued.id;
    world.add('VolunteerCertificate', issued.id, x, agencyAdmin, { volunteerId: volunteer.id, number: issued.number, records: [verified.id] });
    const vTraining = (await ok<{ recordVolunteerTraining: { id: string } }>(service, TRAIN_VOLUNTEER, {
      input: { volunteerId: volunteer.id, title: '急救培训', provider: '红十字会', trainedOn: '2024-02-01', minutes: 120 },
    })).recordVolunteerTraining.id;
    world.add('VolunteerTraining', vTraining, x, [], {}, volunteer.id);
    const commended = (await ok<{ recordVolunteerCommendation: { id: string } }>(service, COMMEND, {
      input: { volunteerId: volunteer.id, title: '优秀志愿者', conferredBy: '青山区文明办', conferredOn: '2024-05-01' },
    })).recordVolunteerCommendation.id;
    world.add('VolunteerCommendation', commended, x, [], {}, volunteer.id);

    const toWorker = await insertCase(service, { cluster: x, socialWorkerId: worker });
    world.add('ServiceCase', toWorker.id, x, [linked], { socialWorkerId: worker, open: true, needId: toWorker.needId });
    const service1 = await insertCaseService(service, toWorker.id, worker);
    world.add('CaseServiceRecord', service1, x, [], {}, toWorker.id);
    const toOrg = await insertCase(service, { cluster: x, organizationId: org });
    world.add('ServiceCase', toOrg.id, x, agencyAdmin, { socialWorkerId: null, open: true, needId: toOrg.needId });
    const closed = await insertCase(service, { cluster: x, socialWorkerId: worker, closed: true });
    world.add('ServiceCase', closed.id, x, [linked], { socialWorkerId: worker, open: false, needId: closed.needId });
  }

  // Agency A also recorded (and verified) a service of B's volunteer: A's admin sees that volunteer
  // and that record, not B's own records of them.
  const cross = await recordService(service, world.volunteers.B, world.orgs.A, { serviceDate: '2024-03-03', minutes: 45 });
  world.add('VolunteerServiceRecord', cross.id, 'B', ['orgA'], { volunteerId: world.volunteers.B, minutes: 45, verified: true });
  world.byId(world.volunteers.B).rel.push('orgA');
}
