import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { selfGovernance, socialWork as contracts } from '@sanshe/events';
import { independentDurableName, districtDate } from '@sanshe/service-kit';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { socialWorkSubgraph } from '../../src/app.ts';
import { countRows, publishRaw, waitForConsumer } from '../../../organizations/test/factories/replicas.ts';
import { CASE_FIELDS, caseOfNeed, needEvent, reportNeed, type CaseResult } from '../factories/cases.ts';
import { entities, expectNoneOf, ok, refused } from '../factories/graphql.ts';
import { announceOrganization, announceRegions, suspendOrganization } from '../factories/replica-events.ts';
import { certificate, registerSocialWorker, type SocialWorkerResult } from '../factories/social-workers.ts';

const C1 = '150204001001'; // workers and an organization
const C2 = '150204001002'; // same street, nobody of its own
const C3 = '150204002001'; // another street: one organization, no workers

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;
let w1: SocialWorkerResult; // uncertified, C1
let w2: SocialWorkerResult; // certified, C1 (registered later)
let o1: string; // C1, elderly + volunteering
let o3: string; // C3, elderly (suspended later)
const today = () => districtDate(new Date());

const RECORD = `mutation ($input: RecordCaseServiceInput!) { recordCaseService(input: $input) { id case { id } socialWorker { id name } serviceDate minutes hasNotes recordedAt } }`;
const CLOSE = `mutation ($input: CloseServiceCaseInput!) { closeServiceCase(input: $input) { ${CASE_FIELDS} } }`;
const ASSIGN = `mutation ($input: AssignServiceCaseInput!) { assignServiceCase(input: $input) { ${CASE_FIELDS} } }`;

beforeAll(async () => {
  service = await subgraphs.start('social-work', socialWorkSubgraph);
  await announceRegions(bus, service);
  w1 = await registerSocialWorker(service, { name: '王晓燕', communityCode: C1 });
  o1 = await announceOrganization(bus, service, { communityCode: C1, serviceFields: ['elderly', 'volunteering'] });
  o3 = await announceOrganization(bus, service, { communityCode: C3, serviceFields: ['elderly'], track: 'registered' });
});

const assignee = (c: CaseResult) => c.socialWorker?.id ?? c.organization?.id ?? null;

describe('need → case → service → fulfilled, through NATS', () => {
  const notes = '张大爷(13912345678)独居，膝关节不便';
  let opened: CaseResult;

  it('opens a case matched to the community’s social worker and announces it', async () => {
    const microWishId = randomUUID();
    const need = await reportNeed(bus, { communityCode: C1, category: 'elderly_care', microWishId });
    opened = await caseOfNeed(service, need.data.needId);
    expect(opened).toMatchObject({
      needId: need.data.needId,
      microWishId,
      community: { code: C1 },
      gridCode: need.data.gridCode,
      category: 'ELDERLY_CARE',
      urgency: 'NORMAL',
      summary: need.data.summary,
      status: 'OPEN',
      // Tie at no load: the social worker before the organization.
      socialWorker: { id: w1.id },
      organization: null,
      matchedBy: 'AUTOMATIC',
      closedAt: null,
      resolved: null,
      serviceCount: 0,
      serviceTime: { minutes: 0 },
    });
    await service.flushOutbox();
    const [announced] = await bus.events(contracts.serviceCaseOpened, 1);
    expect(announced!.event.subject).toBe(opened.id);
    expect(announced!.event.data).toEqual({ caseId: opened.id, needId: need.data.needId, communityCode: C1, socialWorkerId: w1.id, organizationId: null });
  });

  it('records services against the case, keeping the notes inside', async () => {
    const first = await ok<{ recordCaseService: Record<string, unknown> }>(service, RECORD, {
      input: { caseId: opened.id, socialWorkerId: w1.id, serviceDate: today(), minutes: 90, notes },
    });
    expect(first.recordCaseService).toMatchObject({ case: { id: opened.id }, socialWorker: { id: w1.id, name: '王晓燕' }, serviceDate: today(), minutes: 90, hasNotes: true });
    await ok(service, RECORD, { input: { caseId: opened.id, socialWorkerId: w1.id, serviceDate: today(), minutes: 45 } });
    const read = await ok<{ serviceCase: CaseResult & { services: { totalCount: number; edges: { node: { minutes: number; hasNotes: boolean } }[] } } }>(
      service,
      `query ($id: ID!) { serviceCase(id: $id) { ${CASE_FIELDS} services(first: 10) { totalCount edges { node { minutes hasNotes } } } } }`,
      { id: opened.id },
    );
    expect(read.serviceCase).toMatchObject({ serviceCount: 2, serviceTime: { minutes: 135 }, services: { totalCount: 2 } });
    expect(read.serviceCase.services.edges.map((e) => e.node)).toEqual([
      { minutes: 90, hasNotes: true },
      { minutes: 45, hasNotes: false },
    ]);
    expectNoneOf([first, read], ['张大爷', '13912345678', notes]);
  });

  it('closes the case resolved and announces it for self-governance to mark the need fulfilled', async () => {
    const closed = (await ok<{ closeServiceCase: CaseResult }>(service, CLOSE, { input: { caseId: opened.id, resolved: true } })).closeServiceCase;
    expect(closed).toMatchObject({ status: 'CLOSED', resolved: true, closeReason: null, serviceCount: 2 });
    expect(closed.closedAt).not.toBeNull();
    await service.flushOutbox();
    const [event] = await bus.events(contracts.serviceCaseClosed, 1);
    expect(event!.event.data).toEqual({ caseId: opened.id, needId: opened.needId, communityCode: C1, resolved: true, serviceCount: 2, closedAt: closed.closedAt });
    const services = await bus.events(contracts.serviceCaseServiceRecorded, 2);
    expect(services.map((e) => e.event.data.minutes)).toEqual([90, 45]);
    expect(services.every((e) => e.event.data.caseId === opened.id && e.event.data.needId === opened.needId)).toBe(true);
    expectNoneOf(services, ['张大爷', '13912345678']);
  });

  it('refuses changes to a closed case', async () => {
    expect(await refused(service, RECORD, { input: { caseId: opened.id, socialWorkerId: w1.id, serviceDate: today(), minutes: 10 } })).toEqual({
      code: 'ILLEGAL_TRANSITION',
      field: 'input.caseId',
    });
    expect(await refused(service, CLOSE, { input: { caseId: opened.id, resolved: false, reason: 'WITHDRAWN' } })).toEqual({ code: 'ILLEGAL_TRANSITION', field: 'input.caseId' });
    expect(await refused(service, ASSIGN, { input: { caseId: opened.id, organizationId: o1 } })).toEqual({ code: 'ILLEGAL_TRANSITION', field: 'input.caseId' });
  });
});

describe('matching', () => {
  it('ranks by open-case load: the busier worker loses to the free organization; fields must fit', async () => {
    const a = await caseOfNeed(service, (await reportNeed(bus, { communityCode: C1 })).data.needId);
    expect(assignee(a)).toBe(w1.id); // both free: worker first
    const b = await caseOfNeed(service, (await reportNeed(bus, { communityCode: C1 })).data.needId);
    expect(assignee(b)).toBe(o1); // w1 has 1 open, o1 none
    const c = await caseOfNeed(service, (await reportNeed(bus, { communityCode: C1, category: 'legal' })).data.needId);
    expect(assignee(c)).toBe(w1.id); // o1 does no legal aid
  });

  it('sends an urgent need to a certified social worker even when someone else carries less', async () => {
    w2 = await registerSocialWorker(service, { name: '李志强', communityCode: C1, ...certificate('ASSISTANT') });
    // Loads now: w1 2, o1 1, w2 0.
    expect(assignee(await caseOfNeed(service, (await reportNeed(bus, { communityCode: C1 })).data.needId))).toBe(w2.id);
    // w1 2, o1 1, w2 1: the tie goes to the worker.
    expect(assignee(await caseOfNeed(service, (await reportNeed(bus, { communityCode: C1 })).data.needId))).toBe(w2.id);
    // w2 2, o1 1: urgent still goes to the certified worker; a normal need to the organization.
    expect(assignee(await caseOfNeed(service, (await reportNeed(bus, { communityCode: C1, urgency: 'urgent' })).data.needId))).toBe(w2.id);
    expect(assignee(await caseOfNeed(service, (await reportNeed(bus, { communityCode: C1 })).data.needId))).toBe(o1);
    const loads = await entities<{ openCaseCount: number }>(
      service,
      [w1, w2].map((w) => ({ __typename: 'SocialWorker', id: w.id })),
      '... on SocialWorker { openCaseCount }',
    );
    expect(loads.map((l) => l.openCaseCount)).toEqual([2, 3]);
  });

  it('falls back to the street’s social workers when the community has none', async () => {
    // C2 has no workers of its own and no organizations; w1 (2 open) beats w2 (3 open).
    const c = await caseOfNeed(service, (await reportNeed(bus, { communityCode: C2, category: 'health' })).data.needId);
    expect(c).toMatchObject({ community: { code: C2 }, socialWorker: { id: w1.id }, matchedBy: 'AUTOMATIC' });
  });

  it('skips a suspended organization: with nobody else the case opens unassigned, to be assigned by hand', async () => {
    const before = await caseOfNeed(service, (await reportNeed(bus, { communityCode: C3 })).data.needId);
    expect(before.organization).toEqual({ id: o3 });
    await suspendOrganization(bus, o3, C3);
    const unmatched = await caseOfNeed(service, (await reportNeed(bus, { communityCode: C3, urgency: 'urgent' })).data.needId);
    expect(unmatched).toMatchObject({ socialWorker: null, organization: null, matchedBy: null, status: 'OPEN' });

    expect(await refused(service, RECORD, { input: { caseId: unmatched.id, socialWorkerId: w1.id, serviceDate: today(), minutes: 30 } })).toEqual({
      code: 'RULE_VIOLATION',
      field: 'input.caseId',
    });
    expect(await refused(service, ASSIGN, { input: { caseId: unmatched.id, organizationId: o3 } })).toEqual({ code: 'RULE_VIOLATION', field: 'input.organizationId' });
    const assigned = (await ok<{ assignServiceCase: CaseResult }>(service, ASSIGN, { input: { caseId: unmatched.id, socialWorkerId: w2.id } })).assignServiceCase;
    expect(assigned).toMatchObject({ socialWorker: { id: w2.id }, organization: null, matchedBy: 'MANUAL' });
    // The same assignment again changes nothing and announces nothing.
    await ok(service, ASSIGN, { input: { caseId: unmatched.id, socialWorkerId: w2.id } });
    await service.flushOutbox();
    const events = await bus.events(contracts.serviceCaseAssigned, 2);
    expect(events.map((e) => e.event.data)).toEqual([{ caseId: unmatched.id, needId: unmatched.needId, communityCode: C3, socialWorkerId: w2.id, organizationId: null }]);
  });
});

describe('redelivery', () => {
  it('opens one case however often, and under however many event ids, a need arrives', async () => {
    const event = needEvent({ communityCode: C1, category: 'neighbourhood' });
    const again = needEvent({ ...event.data });
    expect(again.id).not.toBe(event.id);
    const acks = [];
    acks.push(await publishRaw(bus, selfGovernance.needReported, event));
    // The same CloudEvent under another Nats-Msg-Id: JetStream stores and delivers it again.
    acks.push(await publishRaw(bus, selfGovernance.needReported, event));
    // The same need as another event.
    acks.push(await publishRaw(bus, selfGovernance.needReported, again));
    expect(acks.map((a) => a.duplicate)).toEqual([false, false, false]);
    await waitForConsumer(bus, 'social-work', selfGovernance.needReported, acks.at(-1)!.seq, independentDurableName('social-work', selfGovernance.needReported));

    const rows = await service.database.sql`select id from service_cases where need_id = ${event.data.needId}`;
    expect(rows).toHaveLength(1);
    const inbox = await service.database.sql`select event_id from inbox where consumer = ${independentDurableName('social-work', selfGovernance.needReported)} and event_id in ${service.database.sql([event.id, again.id])}`;
    expect(inbox.map((r) => r.event_id).sort()).toEqual([event.id, again.id].sort());
    await service.flushOutbox();
    const opened = await bus.events(contracts.serviceCaseOpened, 50);
    expect(opened.filter((e) => e.event.data.needId === event.data.needId)).toHaveLength(1);
  });
});

describe('refusals', () => {
  it('answers bad case input with typed errors and writes nothing', async () => {
    const open = await caseOfNeed(service, (await reportNeed(bus, { communityCode: C1 })).data.needId);
    const before = { services: await countRows(service, 'case_service_records'), outbox: await countRows(service, 'outbox') };
    const cases: [string, Record<string, unknown>, string, string][] = [
      [RECORD, { caseId: 'nope', socialWorkerId: w1.id, serviceDate: today(), minutes: 10 }, 'NOT_FOUND', 'input.caseId'],
      [RECORD, { caseId: randomUUID(), socialWorkerId: w1.id, serviceDate: today(), minutes: 10 }, 'NOT_FOUND', 'input.caseId'],
      [RECORD, { caseId: open.id, socialWorkerId: randomUUID(), serviceDate: today(), minutes: 10 }, 'NOT_FOUND', 'input.socialWorkerId'],
      [RECORD, { caseId: open.id, socialWorkerId: w1.id, serviceDate: '2020-01-01', minutes: 10 }, 'BAD_USER_INPUT', 'input.serviceDate'],
      [RECORD, { caseId: open.id, socialWorkerId: w1.id, serviceDate: '2999-01-01', minutes: 10 }, 'BAD_USER_INPUT', 'input.serviceDate'],
      [RECORD, { caseId: open.id, socialWorkerId: w1.id, serviceDate: today(), minutes: 1441 }, 'BAD_USER_INPUT', 'input.minutes'],
      [CLOSE, { caseId: open.id, resolved: true }, 'RULE_VIOLATION', 'input.resolved'],
      [CLOSE, { caseId: open.id, resolved: false }, 'BAD_USER_INPUT', 'input.reason'],
      [CLOSE, { caseId: 'x', resolved: false, reason: 'DUPLICATE' }, 'NOT_FOUND', 'input.caseId'],
      [ASSIGN, { caseId: open.id, socialWorkerId: w1.id, organizationId: o1 }, 'BAD_USER_INPUT', 'input.socialWorkerId'],
      [ASSIGN, { caseId: open.id, organizationId: randomUUID() }, 'NOT_FOUND', 'input.organizationId'],
      [ASSIGN, { caseId: open.id, socialWorkerId: 'w1' }, 'NOT_FOUND', 'input.socialWorkerId'],
    ];
    for (const [mutation, input, code, field] of cases) expect(await refused(service, mutation, { input }), JSON.stringify(input)).toEqual({ code, field });
    expect({ services: await countRows(service, 'case_service_records'), outbox: await countRows(service, 'outbox') }).toEqual(before);

    const withdrawn = (await ok<{ closeServiceCase: CaseResult }>(service, CLOSE, { input: { caseId: open.id, resolved: false, reason: 'WITHDRAWN' } })).closeServiceCase;
    expect(withdrawn).toMatchObject({ status: 'CLOSED', resolved: false, closeReason: 'WITHDRAWN', serviceCount: 0 });
  });
});

describe('lists and entities', () => {
  type Conn = { totalCount: number; edges: { node: { id: string; status: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  const list = (filter: Record<string, unknown>, first = 50, after: string | null = null) =>
    ok<{ serviceCases: Conn }>(service, `query ($f: ServiceCaseFilter, $first: Int, $after: String) { serviceCases(filter: $f, first: $first, after: $after) {
      totalCount edges { node { id status } } pageInfo { hasNextPage endCursor } } }`, { f: filter, first, after }).then((d) => d.serviceCases);

  it('filters service cases by region, status, category, urgency, assignee and pages newest first', async () => {
    const all = await list({});
    const rows = await service.database.sql`select id, community_code, status, category, urgency, social_worker_id, organization_id from service_cases order by opened_at desc, id desc`;
    expect(all.totalCount).toBe(rows.length);
    expect(all.edges.map((e) => e.node.id)).toEqual(rows.map((r) => r.id));
    const count = (pred: (r: (typeof rows)[number]) => boolean) => rows.filter(pred).length;
    expect((await list({ within: '150204001' })).totalCount).toBe(count((r) => r.community_code.startsWith('150204001')));
    expect((await list({ within: C2 })).totalCount).toBe(1);
    expect((await list({ status: 'OPEN' })).totalCount).toBe(count((r) => r.status === 'open'));
    expect((await list({ category: 'LEGAL' })).totalCount).toBe(1);
    expect((await list({ urgency: 'URGENT' })).totalCount).toBe(2);
    expect((await list({ socialWorkerId: w2.id, status: 'OPEN' })).totalCount).toBe(count((r) => r.social_worker_id === w2.id && r.status === 'open'));
    expect((await list({ organizationId: o1 })).totalCount).toBe(count((r) => r.organization_id === o1));
    expect((await list({ unassigned: true })).totalCount).toBe(count((r) => !r.social_worker_id && !r.organization_id));
    expect((await list({ socialWorkerId: 'not-a-uuid' })).totalCount).toBe(0);
    expect(await refused(service, `{ serviceCases(filter: { within: "1502" }) { totalCount } }`)).toEqual({ code: 'BAD_USER_INPUT', field: 'filter.within' });

    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Conn = await list({}, 3, after);
      seen.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(all.edges.map((e) => e.node.id));
  });

  it('gives communities and workers their cases and open counts, grouped', async () => {
    const [c1, c2, c3] = await entities<{ openServiceCaseCount: number; serviceCases: { totalCount: number } }>(
      service,
      [C1, C2, C3].map((code) => ({ __typename: 'Community', code })),
      '... on Community { openServiceCaseCount serviceCases(status: OPEN) { totalCount } }',
    );
    const open = async (code: string) => (await service.database.sql`select count(*)::int as n from service_cases where community_code = ${code} and status = 'open'`)[0]!.n;
    expect(c1).toEqual({ openServiceCaseCount: await open(C1), serviceCases: { totalCount: await open(C1) } });
    expect(c2!.openServiceCaseCount).toBe(1);
    expect(c3!.openServiceCaseCount).toBe(await open(C3));
    const [worker] = await entities<{ cases: { totalCount: number }; openCaseCount: number }>(
      service,
      [{ __typename: 'SocialWorker', id: w1.id }],
      '... on SocialWorker { openCaseCount cases { totalCount } }',
    );
    const mine = await service.database.sql`select status from service_cases where social_worker_id = ${w1.id}`;
    expect(worker).toEqual({ openCaseCount: mine.filter((r) => r.status === 'open').length, cases: { totalCount: mine.length } });
  });

  it('resolves ServiceCase entities; unknown and malformed ids are null', async () => {
    const [row] = await service.database.sql`select id, need_id from service_cases limit 1`;
    expect(await entities(service, [{ __typename: 'ServiceCase', id: row!.id }, { __typename: 'ServiceCase', id: randomUUID() }, { __typename: 'ServiceCase', id: 'x' }], '... on ServiceCase { id needId }')).toEqual([
      { id: row!.id, needId: row!.need_id },
      null,
      null,
    ]);
    expect(await ok(service, `{ serviceCase(id: "x") { id } serviceCaseByNeed(needId: "y") { id } }`)).toEqual({ serviceCase: null, serviceCaseByNeed: null });
  });
});
