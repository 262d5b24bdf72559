/**
 * Bulk imports of needs and disputes: the single mutations' rules and events per record, historical
 * timestamps, the first bad record named and nothing written, authorization per record's
 * community, and a fixed number of statements however many records.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { selfGovernance as contracts } from '@sanshe/events';
import { anonymous, type Identity } from '@sanshe/service-kit';
import { testSubgraphs } from '@sanshe/testing';
import { selfGovernanceSubgraph } from '../../src/app.ts';
import { registerRegions } from '../factories/regions.ts';
import {
  COMMUNITY,
  countRows,
  districtPartner,
  ok,
  OTHER_COMMUNITY,
  OTHER_STREET_COMMUNITY,
  outboxCount,
  resident,
  type SelfGovernance,
} from '../factories/self-governance.ts';

const GRID = `${COMMUNITY}001`;
const OTHER_GRID = `${OTHER_COMMUNITY}001`;
const VALID_ID = '11010519491231002X';
const IMPORT_NEEDS = `mutation ($input: ImportNeedsInput!) { importNeeds(input: $input) { count ids } }`;
const IMPORT_DISPUTES = `mutation ($input: ImportDisputesInput!) { importDisputes(input: $input) { count ids } }`;

const worker = (code: string): Identity => ({ subject: `community-worker-${code}`, roles: ['community_worker'], scope: [code], organizationId: null, partnerId: null });
const aResident: Identity = { subject: 'resident-import', roles: ['resident'], scope: [], organizationId: null, partnerId: null };

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: SelfGovernance;

beforeAll(async () => {
  // The relay publishes only when the test flushes the outbox: statement counts are the imports' own.
  const quietRelay = { OUTBOX_LISTEN: 'false', OUTBOX_POLL_MS: '3600000' };
  service = await subgraphs.start('self-governance', selfGovernanceSubgraph, quietRelay);
  await registerRegions(service);
  await ok(service, `mutation { drawGrid(input: { communityCode: "${COMMUNITY}", number: 1, name: "第一网格" }) { code } }`);
  await ok(service, `mutation { drawGrid(input: { communityCode: "${OTHER_COMMUNITY}", number: 1, name: "第一网格" }) { code } }`);
});

const need = (overrides: Record<string, unknown> = {}) => ({
  communityCode: COMMUNITY,
  category: 'ELDERLY_CARE',
  urgency: 'HIGH',
  summary: '独居老人需要助餐服务',
  reporter: resident('赵淑芬', '13912345678'),
  ...overrides,
});

const dispute = (overrides: Record<string, unknown> = {}) => ({
  communityCode: COMMUNITY,
  category: 'NEIGHBOURHOOD',
  summary: '楼上漏水纠纷',
  parties: [{ name: '张建华', phone: '13912340000', idNumber: VALID_ID }, { name: '李明' }],
  ...overrides,
});

/** What an import may change: every table it writes. */
async function written() {
  const [row] = await service.database.sql`select
    (select count(*)::int from needs) as needs, (select count(*)::int from disputes) as disputes,
    (select count(*)::int from dispute_parties) as parties, (select count(*)::int from outbox) as events,
    (select count(*)::int from audit_log) as audit`;
  return row!;
}

/** The refusal's code and field, and that it wrote nothing. */
async function refusal(query: string, records: unknown[], identity?: Identity) {
  const before = await written();
  const result = await service.request(query, { input: { records } }, identity);
  expect(result.errors, 'expected a refusal').toBeDefined();
  expect(await written()).toEqual(before);
  const { code, field } = result.errors![0]!.extensions as { code: string; field?: string };
  return { code, field };
}

async function leastStatements(run: () => Promise<unknown>): Promise<number> {
  const counts: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const before = service.database.statementCount();
    await run();
    counts.push(service.database.statementCount() - before);
  }
  return Math.min(...counts);
}

describe('importNeeds', () => {
  it('writes the needs as reportNeed would, when they were reported, each with its need.reported event and audit line', async () => {
    const before = await written();
    const startedAt = Date.now();
    const data = await ok(service, IMPORT_NEEDS, {
      input: {
        records: [
          need({ gridCode: GRID, reportedAt: '2016-03-01T09:30:00+08:00' }),
          need({ communityCode: OTHER_STREET_COMMUNITY, category: 'LEGAL', urgency: 'LOW', summary: '咨询遗产继承', reporter: resident('钱多多'), reportedAt: '2016-12-31T23:30:00+08:00' }),
          need({ summary: '  没有时间的需求  ' }),
        ],
      },
    });
    const finishedAt = Date.now();
    expect(data.importNeeds.count).toBe(3);
    const [first, second, third] = data.importNeeds.ids as string[];
    expect(await written()).toMatchObject({ needs: before.needs + 3, events: before.events + 3, audit: before.audit + 3 });

    const read = await ok(service, `{ need(id: "${first}") { status category urgency summary grid { code } reporter { name phone } community { code } reportedAt } }`);
    expect(read.need).toEqual({
      status: 'REPORTED',
      category: 'ELDERLY_CARE',
      urgency: 'HIGH',
      summary: '独居老人需要助餐服务',
      grid: { code: GRID },
      reporter: { name: '赵淑芬', phone: '13912345678' },
      community: { code: COMMUNITY },
      reportedAt: '2016-03-01T01:30:00.000Z',
    });
    // Personal data stays as masked as reportNeed's.
    expect((await ok(service, `{ need(id: "${first}") { reporter { name phone } } }`, {}, districtPartner)).need.reporter).toEqual({ name: '赵**', phone: '139****5678' });
    const last = await ok(service, `{ need(id: "${third}") { summary reportedAt } }`);
    expect(last.need.summary).toBe('没有时间的需求');
    // Without reportedAt: the time of the import.
    expect(Date.parse(last.need.reportedAt)).toBeGreaterThanOrEqual(startedAt);
    expect(Date.parse(last.need.reportedAt)).toBeLessThanOrEqual(finishedAt);

    const lines = await service.database.sql`select entity, entity_id from audit_log where operation = 'importNeeds' order by entity_id`;
    expect(lines.map((l) => [l.entity, l.entity_id])).toEqual([first, second, third].sort().map((id) => ['Need', id]));

    // Social work receives each need as it receives a reported one: the same event, no personal data.
    await service.flushOutbox();
    const events = await bus.events(contracts.needReported, 3);
    const byNeed = new Map(events.map(({ event }) => [event.data.needId, event]));
    expect(byNeed.get(first!)?.data).toEqual({
      needId: first,
      communityCode: COMMUNITY,
      gridCode: GRID,
      category: 'elderly_care',
      urgency: 'high',
      summary: '独居老人需要助餐服务',
      microWishId: null,
    });
    // `time` is when it happened.
    expect(byNeed.get(second!)?.time).toBe('2016-12-31T15:30:00.000Z');
    expect(byNeed.get(second!)?.subject).toBe(second);
  });

  it('refuses the first bad record by its index and field, writing nothing', async () => {
    const cases: [unknown[], string, string][] = [
      [[need(), need(), need({ reporter: resident('孙', '12345') })], 'BAD_USER_INPUT', 'input.records.2.reporter.phone'],
      [[need(), need({ communityCode: '150204009009' }), need({ summary: '' })], 'UNKNOWN_COMMUNITY', 'input.records.1.communityCode'],
      [[need({ communityCode: '150204001' })], 'UNKNOWN_COMMUNITY', 'input.records.0.communityCode'],
      [[need({ gridCode: OTHER_GRID })], 'RULE_VIOLATION', 'input.records.0.gridCode'],
      [[need(), need({ gridCode: `${COMMUNITY}999` })], 'NOT_FOUND', 'input.records.1.gridCode'],
      [[need({ summary: 'a\u0000b' })], 'BAD_USER_INPUT', 'input.records.0.summary'],
      [[need({ reportedAt: '2999-01-01T00:00:00+08:00' })], 'BAD_USER_INPUT', 'input.records.0.reportedAt'],
      [[need({ reportedAt: '2016-03-01 09:30' })], 'BAD_USER_INPUT', 'input.records.0.reportedAt'],
      [[need({ reportedAt: '1900-01-01T00:00:00+08:00' })], 'BAD_USER_INPUT', 'input.records.0.reportedAt'],
      [[], 'BAD_USER_INPUT', 'input.records'],
      [Array.from({ length: 1001 }, () => need()), 'BAD_USER_INPUT', 'input.records'],
    ];
    for (const [records, code, field] of cases) expect(await refusal(IMPORT_NEEDS, records), field).toEqual({ code, field });
  });

  it('lets staff or a social worker of every record’s community import; residents report one need at a time', async () => {
    expect(await refusal(IMPORT_NEEDS, [need(), need({ communityCode: OTHER_COMMUNITY })], worker(COMMUNITY))).toEqual({
      code: 'FORBIDDEN',
      field: 'input.records.1.communityCode',
    });
    expect(await refusal(IMPORT_NEEDS, [need()], anonymous)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(await refusal(IMPORT_NEEDS, [need()], districtPartner)).toMatchObject({ code: 'FORBIDDEN' });
    // Unlike reportNeed: a resident's own need is one report, never a backlog with past report times.
    expect(await refusal(IMPORT_NEEDS, [need()], aResident)).toMatchObject({ code: 'FORBIDDEN' });
    const written = await ok(service, IMPORT_NEEDS, { input: { records: [need(), need()] } }, worker(COMMUNITY));
    expect(written.importNeeds.count).toBe(2);
  });

  it('writes 1 record and 100 in the same number of statements, and 1,000 at once', async () => {
    let n = 0;
    const batch = (size: number) => () =>
      ok(service, IMPORT_NEEDS, { input: { records: Array.from({ length: size }, () => need({ summary: `需求${(n += 1)}`, gridCode: GRID })) } });
    expect(await leastStatements(batch(100))).toBe(await leastStatements(batch(1)));
    const before = await countRows(service, 'needs');
    expect((await batch(1000)()).importNeeds.count).toBe(1000);
    expect(await countRows(service, 'needs')).toBe(before + 1000);
  });
});

describe('importDisputes', () => {
  it('imports open and settled disputes with reportDispute’s events — and mediation-started and resolved for a settled one', async () => {
    const before = await written();
    const data = await ok(service, IMPORT_DISPUTES, {
      input: {
        records: [
          dispute({ gridCode: GRID, reportedAt: '2016-02-01T10:00:00+08:00' }),
          dispute({ reportedAt: '2016-03-01T10:00:00+08:00', resolvedAt: '2016-03-08T16:00:00+08:00', resolution: '协商赔偿维修费' }),
          dispute({
            communityCode: OTHER_STREET_COMMUNITY,
            category: 'FAMILY',
            parties: [{ name: '王芳' }],
            reportedAt: '2016-04-01T10:00:00+08:00',
            resolvedAt: '2016-04-01T18:00:00+08:00',
            resolution: '签订赡养协议',
            mediator: '幸福路人民调解委员会',
          }),
        ],
      },
    });
    const [open, settled, withMediator] = data.importDisputes.ids as string[];
    expect(data.importDisputes.count).toBe(3);
    expect(await written()).toMatchObject({ disputes: before.disputes + 3, parties: before.parties + 5, events: before.events + 7, audit: before.audit + 3 });

    const FIELDS = `status category mediator outcome reportedAt mediationStartedAt closedAt grid { code } parties { name phone idNumber }`;
    const read = await ok(service, `{ open: dispute(id: "${open}") { ${FIELDS} } settled: dispute(id: "${settled}") { ${FIELDS} } other: dispute(id: "${withMediator}") { status mediator } }`);
    expect(read.open).toEqual({
      status: 'REPORTED',
      category: 'NEIGHBOURHOOD',
      mediator: null,
      outcome: null,
      reportedAt: '2016-02-01T02:00:00.000Z',
      mediationStartedAt: null,
      closedAt: null,
      grid: { code: GRID },
      parties: [
        { name: '张建华', phone: '13912340000', idNumber: VALID_ID },
        { name: '李明', phone: null, idNumber: null },
      ],
    });
    expect(read.settled).toMatchObject({
      status: 'RESOLVED',
      mediator: '多元民主协商',
      outcome: '协商赔偿维修费',
      reportedAt: '2016-03-01T02:00:00.000Z',
      mediationStartedAt: '2016-03-01T02:00:00.000Z',
      closedAt: '2016-03-08T08:00:00.000Z',
    });
    expect(read.other).toEqual({ status: 'RESOLVED', mediator: '幸福路人民调解委员会' });
    // Parties stay masked outside staff and social workers of the community.
    const masked = await ok(service, `{ dispute(id: "${open}") { parties { name phone idNumber } } }`, {}, districtPartner);
    expect(masked.dispute.parties[0].name).toBe('张**');
    expect(masked.dispute.parties[0].idNumber).not.toBe(VALID_ID);

    // Each dispute's events together, in lifecycle order; the settled ones' times are their own.
    const rows = await service.database.sql`select type, envelope->>'subject' as subject, envelope->>'time' as time, envelope->'data' as data
      from outbox where envelope->>'subject' in ${service.database.sql([open!, settled!, withMediator!])} order by position`;
    expect(rows.map((r) => [r.subject, r.type])).toEqual([
      [open, contracts.disputeReported.type],
      [settled, contracts.disputeReported.type],
      [settled, contracts.disputeMediationStarted.type],
      [settled, contracts.disputeResolved.type],
      [withMediator, contracts.disputeReported.type],
      [withMediator, contracts.disputeMediationStarted.type],
      [withMediator, contracts.disputeResolved.type],
    ]);
    expect(rows[1]!.data).toEqual({ disputeId: settled, communityCode: COMMUNITY, gridCode: null, category: 'neighbourhood', partyCount: 2 });
    expect(rows[3]!.data).toEqual({ disputeId: settled, communityCode: COMMUNITY, category: 'neighbourhood', resolvedAt: '2016-03-08T08:00:00.000Z' });
    expect(rows[3]!.time).toBe('2016-03-08T08:00:00.000Z');
    expect(rows[5]!.data).toMatchObject({ mediator: '幸福路人民调解委员会' });
    // No personal data in any of them.
    expect(JSON.stringify(rows.map((r) => r.data))).not.toMatch(/张建华|13912340000|11010519/);
    const lines = await service.database.sql`select count(*)::int as n from audit_log where operation = 'importDisputes' and entity = 'Dispute'`;
    expect(lines[0]!.n).toBe(3);
  });

  it('refuses the first bad record by its index and field, writing nothing', async () => {
    const settled = { reportedAt: '2016-03-01T10:00:00+08:00', resolvedAt: '2016-03-08T16:00:00+08:00', resolution: '和解' };
    const cases: [unknown[], string, string][] = [
      [[dispute(), dispute({ parties: [{ name: '张建华', idNumber: '110105194912310021' }] })], 'BAD_USER_INPUT', 'input.records.1.parties.0.idNumber'],
      [[dispute({ parties: [] })], 'BAD_USER_INPUT', 'input.records.0.parties'],
      [[dispute({ parties: [{ name: '张建华', phone: '110' }] })], 'BAD_USER_INPUT', 'input.records.0.parties.0.phone'],
      [[dispute(), dispute({ ...settled, resolvedAt: '2016-02-28T10:00:00+08:00' })], 'BAD_USER_INPUT', 'input.records.1.resolvedAt'],
      [[dispute({ ...settled, resolvedAt: null })], 'BAD_USER_INPUT', 'input.records.0.resolvedAt'],
      [[dispute({ ...settled, resolution: ' ' })], 'BAD_USER_INPUT', 'input.records.0.resolution'],
      [[dispute({ mediator: '调解委员会' })], 'BAD_USER_INPUT', 'input.records.0.mediator'],
      [[dispute({ ...settled, resolvedAt: '2999-01-01T00:00:00+08:00' })], 'BAD_USER_INPUT', 'input.records.0.resolvedAt'],
      [[dispute({ reportedAt: '2999-01-01T00:00:00+08:00' })], 'BAD_USER_INPUT', 'input.records.0.reportedAt'],
      [[dispute(), dispute(), dispute({ communityCode: '150299001001' })], 'UNKNOWN_COMMUNITY', 'input.records.2.communityCode'],
      [[dispute({ gridCode: OTHER_GRID })], 'RULE_VIOLATION', 'input.records.0.gridCode'],
      [[], 'BAD_USER_INPUT', 'input.records'],
    ];
    for (const [records, code, field] of cases) expect(await refusal(IMPORT_DISPUTES, records), field).toEqual({ code, field });
  });

  it('checks reportDispute’s authorization for every record’s community', async () => {
    expect(await refusal(IMPORT_DISPUTES, [dispute(), dispute(), dispute({ communityCode: OTHER_STREET_COMMUNITY })], worker(COMMUNITY))).toEqual({
      code: 'FORBIDDEN',
      field: 'input.records.2.communityCode',
    });
    expect(await refusal(IMPORT_DISPUTES, [dispute()], aResident)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(IMPORT_DISPUTES, [dispute()], anonymous)).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect((await ok(service, IMPORT_DISPUTES, { input: { records: [dispute()] } }, worker(COMMUNITY))).importDisputes.count).toBe(1);
  });

  it('writes 1 record and 100 in the same number of statements, and 1,000 with 15 parties each at once', async () => {
    const settled = { reportedAt: '2016-03-01T10:00:00+08:00', resolvedAt: '2016-03-08T16:00:00+08:00', resolution: '和解' };
    const batch = (size: number) => () => ok(service, IMPORT_DISPUTES, { input: { records: Array.from({ length: size }, (_, i) => dispute(i % 2 ? settled : {})) } });
    expect(await leastStatements(batch(100))).toBe(await leastStatements(batch(1)));
    // 15,000 parties: more than one INSERT can carry (PostgreSQL takes 65,535 parameters). Names only,
    // to stay under the 1 MB request body.
    const parties = Array.from({ length: 15 }, (_, i) => ({ name: `当事人${i}` }));
    const before = await written();
    const data = await ok(service, IMPORT_DISPUTES, { input: { records: Array.from({ length: 1000 }, (_, i) => dispute({ parties, ...(i % 2 ? settled : {}) })) } });
    expect(data.importDisputes.count).toBe(1000);
    expect(await written()).toMatchObject({ disputes: before.disputes + 1000, parties: before.parties + 15_000, events: before.events + 2000, audit: before.audit + 1000 });
    expect(await outboxCount(service, contracts.disputeResolved.type)).toBeGreaterThanOrEqual(500);
  });
});
