import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { socialWork as contracts } from '@sanshe/events';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { socialWorkSubgraph } from '../../src/app.ts';
import { countRows } from '../../../organizations/test/factories/replicas.ts';
import { entities, expectNoneOf, ok, refused } from '../factories/graphql.ts';
import { announceOrganization, announceRegions, suspendOrganization } from '../factories/replica-events.ts';
import { REGISTER_SOCIAL_WORKER, certificate, registerSocialWorker, socialWorkerInput, type SocialWorkerResult } from '../factories/social-workers.ts';

const C1 = '150204001001';
const C2 = '150204001002';
const C3 = '150204002001';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;
let agency: string;
let evaluator: string;
let suspended: string;
const stations: Record<string, { id: string; name: string }> = {};
let senior: SocialWorkerResult;
let assistant: SocialWorkerResult;
const names = ['高秀英', '马建华'];

const OPEN = `mutation ($input: OpenSocialWorkStationInput!) { openSocialWorkStation(input: $input) { id name kind community { code } operator { id } openedOn createdAt } }`;
const REASSIGN = `mutation ($input: ReassignSocialWorkerInput!) { reassignSocialWorker(input: $input) { id community { code } station { id name } } }`;
const SUPERVISE = `mutation ($input: RecordSupervisionInput!) { recordSupervision(input: $input) { id supervisor { id name } supervisee { id } supervisedOn minutes topics } }`;
const EVALUATE = `mutation ($input: RecordPerformanceEvaluationInput!) { recordPerformanceEvaluation(input: $input) {
  id evaluator { id } station { id } socialWorker { id } periodStart periodEnd score grade } }`;
const TRAIN = `mutation ($input: RecordSocialWorkerTrainingInput!) { recordSocialWorkerTraining(input: $input) { id socialWorker { id } title provider trainedOn minutes } }`;

beforeAll(async () => {
  service = await subgraphs.start('social-work', socialWorkSubgraph);
  await announceRegions(bus, service);
  agency = await announceOrganization(bus, service, { track: 'registered', name: '民康社会工作服务中心' });
  evaluator = await announceOrganization(bus, service, { track: 'registered', communityCode: C3, name: '第三方评估中心' });
  suspended = await announceOrganization(bus, service, {});
  await suspendOrganization(bus, suspended, C1);
});

describe('stations and centres', () => {
  it("opens Minkang's four, operated by an agency or by the community", async () => {
    for (const [name, kind, code, operator] of [
      ['筑梦', 'STATION', C1, agency],
      ['启航', 'STATION', C1, null],
      ['初心', 'CENTRE', C2, agency],
      ['心悦', 'STATION', C3, null],
    ] as const) {
      const data = await ok<{ openSocialWorkStation: { id: string; name: string; kind: string; operator: { id: string } | null; community: { code: string } } }>(service, OPEN, {
        input: { name, kind, communityCode: code, operatorOrganizationId: operator, openedOn: '2020-05-01' },
      });
      expect(data.openSocialWorkStation).toMatchObject({ name, kind, community: { code }, operator: operator ? { id: operator } : null });
      stations[name] = data.openSocialWorkStation;
    }
  });

  it('refuses duplicates, unknown places and inactive operators', async () => {
    const before = await countRows(service, 'social_work_stations');
    const input = { name: '筑梦', kind: 'STATION', communityCode: C1, openedOn: '2020-05-01' };
    const cases: [Record<string, unknown>, string, string][] = [
      [{}, 'CONFLICT', 'input.name'],
      [{ name: '新站', communityCode: '150204009009' }, 'UNKNOWN_COMMUNITY', 'input.communityCode'],
      [{ name: '新站', operatorOrganizationId: randomUUID() }, 'NOT_FOUND', 'input.operatorOrganizationId'],
      [{ name: '新站', operatorOrganizationId: 'agency' }, 'NOT_FOUND', 'input.operatorOrganizationId'],
      [{ name: '新站', operatorOrganizationId: suspended }, 'RULE_VIOLATION', 'input.operatorOrganizationId'],
      [{ name: '新站', openedOn: '2999-01-01' }, 'BAD_USER_INPUT', 'input.openedOn'],
    ];
    for (const [overrides, code, field] of cases) expect(await refused(service, OPEN, { input: { ...input, ...overrides } }), JSON.stringify(overrides)).toEqual({ code, field });
    expect(await countRows(service, 'social_work_stations')).toBe(before);
  });

  it('lists stations with filters', async () => {
    const list = (filter: Record<string, unknown>) =>
      ok<{ socialWorkStations: { totalCount: number; edges: { node: { name: string } }[] } }>(
        service,
        `query ($f: SocialWorkStationFilter) { socialWorkStations(filter: $f) { totalCount edges { node { name } } } }`,
        { f: filter },
      ).then((d) => d.socialWorkStations);
    expect((await list({})).edges.map((e) => e.node.name)).toEqual(['筑梦', '启航', '初心', '心悦']);
    expect((await list({ within: '150204001' })).totalCount).toBe(3);
    expect((await list({ kind: 'CENTRE' })).edges.map((e) => e.node.name)).toEqual(['初心']);
    expect((await list({ operatorOrganizationId: agency })).totalCount).toBe(2);
    const [community] = await entities<{ socialWorkStations: { totalCount: number } }>(service, [{ __typename: 'Community', code: C1 }], '... on Community { socialWorkStations(kind: STATION) { totalCount } }');
    expect(community).toEqual({ socialWorkStations: { totalCount: 2 } });
  });
});

describe('social workers at stations', () => {
  it('registers workers at a station of their community, refusing one elsewhere', async () => {
    senior = await registerSocialWorker(service, { name: names[0], communityCode: C1, stationId: stations['筑梦']!.id, employment: 'AGENCY', employerOrganizationId: agency, ...certificate('SENIOR') });
    assistant = await registerSocialWorker(service, { name: names[1], communityCode: C1, stationId: stations['筑梦']!.id, ...certificate('ASSISTANT') });
    expect(await refused(service, REGISTER_SOCIAL_WORKER, { input: socialWorkerInput({ stationId: stations['心悦']!.id }) })).toEqual({ code: 'RULE_VIOLATION', field: 'input.stationId' });
    expect(await refused(service, REGISTER_SOCIAL_WORKER, { input: socialWorkerInput({ stationId: 'x' }) })).toEqual({ code: 'NOT_FOUND', field: 'input.stationId' });
    const data = await ok<{ socialWorkStation: { socialWorkers: { edges: { node: { id: string; station: { name: string } } }[] } } }>(
      service,
      `query ($id: ID!) { socialWorkStation(id: $id) { socialWorkers { edges { node { id station { name } } } } } }`,
      { id: stations['筑梦']!.id },
    );
    expect(data.socialWorkStation.socialWorkers.edges.map((e) => e.node)).toEqual([
      { id: senior.id, station: { name: '筑梦' } },
      { id: assistant.id, station: { name: '筑梦' } },
    ]);
  });

  it('reassigns a worker to another community and station, announcing it once', async () => {
    const moved = await ok<{ reassignSocialWorker: unknown }>(service, REASSIGN, { input: { socialWorkerId: assistant.id, communityCode: C2, stationId: stations['初心']!.id } });
    expect(moved.reassignSocialWorker).toEqual({ id: assistant.id, community: { code: C2 }, station: { id: stations['初心']!.id, name: '初心' } });
    await ok(service, REASSIGN, { input: { socialWorkerId: assistant.id, communityCode: C2, stationId: stations['初心']!.id } }); // no change
    expect(await refused(service, REASSIGN, { input: { socialWorkerId: assistant.id, communityCode: C2, stationId: stations['筑梦']!.id } })).toEqual({
      code: 'RULE_VIOLATION',
      field: 'input.stationId',
    });
    expect(await refused(service, REASSIGN, { input: { socialWorkerId: randomUUID(), communityCode: C2 } })).toEqual({ code: 'NOT_FOUND', field: 'input.socialWorkerId' });
    expect(await refused(service, REASSIGN, { input: { socialWorkerId: assistant.id, communityCode: '150204009009' } })).toEqual({
      code: 'UNKNOWN_COMMUNITY',
      field: 'input.communityCode',
    });
    await service.flushOutbox();
    const events = await bus.events(contracts.socialWorkerReassigned, 2);
    expect(events.map((e) => e.event.data)).toEqual([{ socialWorkerId: assistant.id, communityCode: C2, previousCommunityCode: C1, stationId: stations['初心']!.id }]);
  });

  it('filters social workers by region, level, certification, employment, employer and station', async () => {
    await registerSocialWorker(service, { name: '刘芳', communityCode: C3 });
    const count = (filter: Record<string, unknown>) =>
      ok<{ socialWorkers: { totalCount: number } }>(service, `query ($f: SocialWorkerFilter) { socialWorkers(filter: $f) { totalCount } }`, { f: filter }).then(
        (d) => d.socialWorkers.totalCount,
      );
    expect(await count({})).toBe(3);
    expect(await count({ within: '150204001' })).toBe(2);
    expect(await count({ within: C3 })).toBe(1);
    expect(await count({ certified: true })).toBe(2);
    expect(await count({ certified: false })).toBe(1);
    expect(await count({ certificationLevel: 'SENIOR' })).toBe(1);
    expect(await count({ employment: 'AGENCY' })).toBe(1);
    expect(await count({ employerOrganizationId: agency })).toBe(1);
    expect(await count({ stationId: stations['初心']!.id })).toBe(1);
    expect(await count({ stationId: 'nope' })).toBe(0);
    const [c1] = await entities<{ socialWorkers: { totalCount: number } }>(service, [{ __typename: 'Community', code: C1 }], '... on Community { socialWorkers(certified: true) { totalCount } }');
    expect(c1).toEqual({ socialWorkers: { totalCount: 1 } });
  });
});

describe('training, supervision and evaluation', () => {
  it('records trainings and lists them per worker', async () => {
    const t = await ok<{ recordSocialWorkerTraining: unknown }>(service, TRAIN, {
      input: { socialWorkerId: senior.id, title: '社会工作督导实务', provider: '包头市社会工作协会', trainedOn: '2024-03-02', minutes: 960 },
    });
    expect(t.recordSocialWorkerTraining).toMatchObject({ socialWorker: { id: senior.id }, minutes: 960 });
    expect(await refused(service, TRAIN, { input: { socialWorkerId: 'x', title: '社会工作督导实务', provider: '包头市社会工作协会', trainedOn: '2024-03-02', minutes: 960 } })).toEqual({
      code: 'NOT_FOUND',
      field: 'input.socialWorkerId',
    });
    const [worker] = await entities<{ trainings: { totalCount: number } }>(service, [{ __typename: 'SocialWorker', id: senior.id }], '... on SocialWorker { trainings { totalCount } }');
    expect(worker).toEqual({ trainings: { totalCount: 1 } });
  });

  it('records supervision by a qualified supervisor only', async () => {
    const input = { supervisorId: senior.id, superviseeId: assistant.id, supervisedOn: '2024-05-10', minutes: 90, topics: ['个案管理', '专业伦理'] };
    const s = await ok<{ recordSupervision: { supervisor: { name: string }; topics: string[] } }>(service, SUPERVISE, { input });
    expect(s.recordSupervision).toMatchObject({ supervisor: { id: senior.id, name: '高秀英' }, supervisee: { id: assistant.id }, topics: ['个案管理', '专业伦理'] });
    expect(await refused(service, SUPERVISE, { input: { ...input, supervisorId: assistant.id, superviseeId: senior.id } })).toEqual({ code: 'RULE_VIOLATION', field: 'input.supervisorId' });
    expect(await refused(service, SUPERVISE, { input: { ...input, superviseeId: senior.id } })).toEqual({ code: 'BAD_USER_INPUT', field: 'input.superviseeId' });
    expect(await refused(service, SUPERVISE, { input: { ...input, superviseeId: randomUUID() } })).toEqual({ code: 'NOT_FOUND', field: 'input.superviseeId' });
    const given = await entities<{ given: { totalCount: number }; received: { totalCount: number }; all: { totalCount: number } }>(
      service,
      [{ __typename: 'SocialWorker', id: senior.id }],
      '... on SocialWorker { given: supervisions(role: SUPERVISOR) { totalCount } received: supervisions(role: SUPERVISEE) { totalCount } all: supervisions { totalCount } }',
    );
    expect(given).toEqual([{ given: { totalCount: 1 }, received: { totalCount: 0 }, all: { totalCount: 1 } }]);
    const list = await ok<{ supervisions: { totalCount: number } }>(service, `{ supervisions(filter: { from: "2024-05-10", to: "2024-05-10" }) { totalCount } }`);
    expect(list.supervisions.totalCount).toBe(1);
    expect((await ok<{ supervisions: { totalCount: number } }>(service, `{ supervisions(filter: { from: "2024-05-11" }) { totalCount } }`)).supervisions.totalCount).toBe(0);
  });

  it('records third-party evaluations of stations and workers, graded, never by the operator or employer', async () => {
    const station = await ok<{ recordPerformanceEvaluation: unknown }>(service, EVALUATE, {
      input: { evaluatorOrganizationId: evaluator, stationId: stations['筑梦']!.id, periodStart: '2023-01-01', periodEnd: '2023-12-31', score: 92 },
    });
    expect(station.recordPerformanceEvaluation).toMatchObject({ evaluator: { id: evaluator }, station: { id: stations['筑梦']!.id }, socialWorker: null, score: 92, grade: 'EXCELLENT' });
    const worker = await ok<{ recordPerformanceEvaluation: unknown }>(service, EVALUATE, {
      input: { evaluatorOrganizationId: evaluator, socialWorkerId: senior.id, periodStart: '2023-01-01', periodEnd: '2023-06-30', score: 74 },
    });
    expect(worker.recordPerformanceEvaluation).toMatchObject({ socialWorker: { id: senior.id }, grade: 'PASS' });
    const base = { evaluatorOrganizationId: evaluator, stationId: stations['筑梦']!.id, periodStart: '2023-01-01', periodEnd: '2023-12-31', score: 80 };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ evaluatorOrganizationId: agency }, 'RULE_VIOLATION', 'input.evaluatorOrganizationId'],
      [{ evaluatorOrganizationId: agency, stationId: null, socialWorkerId: senior.id }, 'RULE_VIOLATION', 'input.evaluatorOrganizationId'],
      [{ evaluatorOrganizationId: suspended }, 'RULE_VIOLATION', 'input.evaluatorOrganizationId'],
      [{ socialWorkerId: senior.id }, 'BAD_USER_INPUT', 'input.stationId'],
      [{ stationId: randomUUID() }, 'NOT_FOUND', 'input.stationId'],
      [{ score: -1 }, 'BAD_USER_INPUT', 'input.score'],
    ];
    for (const [overrides, code, field] of cases) expect(await refused(service, EVALUATE, { input: { ...base, ...overrides } }), JSON.stringify(overrides)).toEqual({ code, field });
    const count = (filter: Record<string, unknown>) =>
      ok<{ performanceEvaluations: { totalCount: number } }>(service, `query ($f: PerformanceEvaluationFilter) { performanceEvaluations(filter: $f) { totalCount } }`, { f: filter }).then(
        (d) => d.performanceEvaluations.totalCount,
      );
    expect(await count({})).toBe(2);
    expect(await count({ stationId: stations['筑梦']!.id })).toBe(1);
    expect(await count({ socialWorkerId: senior.id })).toBe(1);
    expect(await count({ evaluatorOrganizationId: agency })).toBe(0);
    const [s] = await entities<{ evaluations: { edges: { node: { grade: string } }[] } }>(service, [{ __typename: 'SocialWorkStation', id: stations['筑梦']!.id }], '... on SocialWorkStation { evaluations { edges { node { grade } } } }');
    expect(s).toEqual({ evaluations: { edges: [{ node: { grade: 'EXCELLENT' } }] } });
  });
});

describe('entities and events', () => {
  it('resolves SocialWorkStation entities; unknown and malformed ids are null', async () => {
    expect(
      await entities(
        service,
        [{ __typename: 'SocialWorkStation', id: stations['心悦']!.id }, { __typename: 'SocialWorkStation', id: randomUUID() }, { __typename: 'SocialWorkStation', id: '心悦' }],
        '... on SocialWorkStation { name kind community { code } }',
      ),
    ).toEqual([{ name: '心悦', kind: 'STATION', community: { code: C3 } }, null, null]);
  });

  it('announces stations, trainings, supervision and evaluations without names or topics', async () => {
    await service.flushOutbox();
    const opened = await bus.events(contracts.stationOpened, 4);
    expect(opened.map((e) => e.event.data.kind)).toEqual(['station', 'station', 'centre', 'station']);
    expect(opened[0]!.event.data).toEqual({ stationId: stations['筑梦']!.id, communityCode: C1, kind: 'station', operatorOrganizationId: agency, openedOn: '2020-05-01' });
    const trained = await bus.events(contracts.socialWorkerTrained, 1);
    const supervised = await bus.events(contracts.supervisionRecorded, 1);
    expect(supervised[0]!.event.data).toMatchObject({ supervisorId: senior.id, superviseeId: assistant.id, supervisedOn: '2024-05-10', minutes: 90 });
    const evaluated = await bus.events(contracts.evaluationRecorded, 2);
    expect(evaluated.map((e) => [e.event.data.score, e.event.data.grade])).toEqual([
      [92, 'excellent'],
      [74, 'pass'],
    ]);
    expectNoneOf([opened, trained, supervised, evaluated], [...names, '个案管理', '专业伦理']);
  });
});
