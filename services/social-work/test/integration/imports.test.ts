/**
 * Bulk imports: importVolunteers (≤ 1,000, the per-volunteer events of registration) and
 * importVolunteerRecords (≤ 5,000 verified records, ONE batch event), under the single mutations'
 * rules and authorization, all or nothing, in a fixed handful of statements.
 */
import { randomUUID } from 'node:crypto';
import { PgDialect } from 'drizzle-orm/pg-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { socialWork as contracts } from '@sanshe/events';
import type { Identity } from '@sanshe/service-kit';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { socialWorkSubgraph } from '../../src/app.ts';
import { recordsNear } from '../../src/domain/volunteer-import-store.ts';
import { countRows } from '../../../organizations/test/factories/replicas.ts';
import { entities, expectNoneOf, ok, refused } from '../factories/graphql.ts';
import { IMPORT_RECORDS, IMPORT_VOLUNTEERS, importRecords, importVolunteers } from '../factories/imports.ts';
import { announceOrganization, announceRegions, suspendOrganization } from '../factories/replica-events.ts';
import { ISSUE_CERTIFICATE, recordService, registerVolunteer, volunteerInput, type CertificateResult } from '../factories/volunteers.ts';
import { addDays } from '@sanshe/service-kit';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;
let agency: string;
let otherAgency: string;
let suspended: string;

beforeAll(async () => {
  service = await subgraphs.start('social-work', socialWorkSubgraph);
  await announceRegions(bus, service);
  agency = await announceOrganization(bus, service, { communityCode: '150204001001' });
  otherAgency = await announceOrganization(bus, service, { communityCode: '150204002001' });
  suspended = await announceOrganization(bus, service, {});
  await suspendOrganization(bus, suspended, '150204001001');
});

const TABLES = ['volunteers', 'volunteer_service_records', 'statistics_rollup', 'outbox', 'audit_log'];
const counts = async () => Object.fromEntries(await Promise.all(TABLES.map(async (t) => [t, await countRows(service, t)] as const)));

const communityWorker = (code: string): Identity => ({ subject: `worker-${code}`, roles: ['community_worker'], scope: [code], organizationId: null, partnerId: null });
const orgAdmin = (organizationId: string): Identity => ({ subject: `admin-${organizationId}`, roles: ['org_admin'], scope: [], organizationId, partnerId: null });

/**
 * The statements of the transaction `run` makes (the relay shares the pool: its statements are on
 * other connections), each cut to its first line, for the import that writes volunteer records.
 */
async function importStatements<T>(run: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
  const log: { connection: unknown; query: string }[] = [];
  const options = (service.database.sql as unknown as { options: { debug: (...args: unknown[]) => void } }).options;
  const original = options.debug;
  options.debug = (...args: unknown[]) => {
    log.push({ connection: args[0], query: String(args[1]) });
    original(...args);
  };
  try {
    const result = await run();
    const insert = log.findIndex((s) => s.query.includes('insert into volunteer_service_records'));
    const mine = log.filter((s) => s.connection === log[insert]!.connection);
    const at = mine.indexOf(log[insert]!);
    const begin = mine.map((s) => s.query.trim()).lastIndexOf('begin', at);
    const commit = mine.findIndex((s, i) => i > at && s.query.trim() === 'commit');
    const firstLine = (q: string) => q.trim().split('\n')[0]!.replace(/ \(".*$/, '').replace(/\(\$1.*$/, '').trim();
    return { result, statements: mine.slice(begin, commit + 1).map((s) => firstLine(s.query)) };
  } finally {
    options.debug = original;
  }
}

describe('importVolunteers', () => {
  it('registers them all, in order, with their registration dates, events and one audit line', async () => {
    const records = [
      volunteerInput({ name: '王秀英', communityCode: '150204001001', registeredAt: '2019-05-04T09:30:00+08:00', skills: ['MEDICAL', 'MEDICAL', 'REPAIR'] }),
      volunteerInput({ name: '刘建国', communityCode: '150204001002' }),
      volunteerInput({ name: '陈桂兰', communityCode: '150204002001', skills: [] }),
    ];
    const result = (await ok<{ importVolunteers: { importId: string; count: number; ids: string[] } }>(service, IMPORT_VOLUNTEERS, { input: { records } })).importVolunteers;
    expect(result.count).toBe(3);
    const seen = await entities<{ id: string; name: string; idNumber: string; community: { code: string }; skills: string[]; registeredAt: string }>(
      service,
      result.ids.map((id) => ({ __typename: 'Volunteer', id })),
      '... on Volunteer { id name idNumber community { code } skills registeredAt }',
    );
    expect(seen.map((v) => [v.name, v.idNumber, v.community.code, v.skills])).toEqual(records.map((r) => [r.name, r.idNumber, r.communityCode, [...new Set(r.skills)]]));
    expect(seen[0]!.registeredAt).toBe('2019-05-04T01:30:00.000Z');

    await service.flushOutbox();
    const events = await bus.events(contracts.volunteerRegistered, 4);
    expect(events.map((e) => e.event.data)).toEqual(
      result.ids.map((volunteerId, i) => ({ volunteerId, communityCode: records[i]!.communityCode, skills: [...new Set(records[i]!.skills)].map((s) => s.toLowerCase()) })),
    );
    expectNoneOf(events, records.flatMap((r) => [r.name, r.phone, r.idNumber]));
    const audit = await service.database.sql`select entity, entity_id, details from audit_log where operation = 'importVolunteers'`;
    expect(audit).toEqual([{ entity: 'VolunteerImport', entity_id: result.importId, details: { count: 3, communityCodes: ['150204001001', '150204001002', '150204002001'] } }]);
    // Counted from its registration date on.
    const [before2019, in2019] = await entities<{ volunteers: number }>(
      service,
      [{ __typename: 'RegionStatistics', id: '150204001001@2019-01-01..2019-05-03' }, { __typename: 'RegionStatistics', id: '150204001001@2019-01-01..2019-05-04' }],
      '... on RegionStatistics { volunteers }',
    );
    expect([before2019!.volunteers, in2019!.volunteers]).toEqual([0, 1]);
  });

  it('refuses the first bad record, naming it, and writes nothing', async () => {
    const { input: registered } = await registerVolunteer(service);
    const twin = volunteerInput();
    const before = await counts();
    const cases: [Record<string, unknown>[], string, string][] = [
      [[volunteerInput(), volunteerInput({ phone: '1381234567' })], 'BAD_USER_INPUT', 'input.records.1.phone'],
      [[volunteerInput({ registeredAt: '2999-01-01T00:00:00+08:00' })], 'BAD_USER_INPUT', 'input.records.0.registeredAt'],
      [[volunteerInput({ registeredAt: '2019-05-04 09:30' })], 'BAD_USER_INPUT', 'input.records.0.registeredAt'],
      [[volunteerInput(), twin, { ...twin, name: '另一人' }], 'CONFLICT', 'input.records.2.idNumber'],
      [[volunteerInput(), volunteerInput({ idNumber: registered.idNumber })], 'CONFLICT', 'input.records.1.idNumber'],
      [[volunteerInput(), volunteerInput({ communityCode: '150204009009' })], 'UNKNOWN_COMMUNITY', 'input.records.1.communityCode'],
      [[volunteerInput({ communityCode: '150204001' })], 'BAD_USER_INPUT', 'input.records.0.communityCode'],
      [[], 'BAD_USER_INPUT', 'input.records'],
    ];
    for (const [records, code, field] of cases) {
      expect(await refused(service, IMPORT_VOLUNTEERS, { input: { records } }), field).toEqual({ code, field });
    }
    const tooMany = Array.from({ length: 1001 }, () => volunteerInput());
    expect(await refused(service, IMPORT_VOLUNTEERS, { input: { records: tooMany } })).toEqual({ code: 'BAD_USER_INPUT', field: 'input.records' });
    expect(await counts()).toEqual(before);
  });

  it('allows only what registerVolunteer allows, for every record', async () => {
    const worker = communityWorker('150204001001');
    const before = await counts();
    const mixed = [volunteerInput({ communityCode: '150204001001' }), volunteerInput({ communityCode: '150204002001' })];
    expect(await refused(service, IMPORT_VOLUNTEERS, { input: { records: mixed } }, worker)).toEqual({ code: 'FORBIDDEN', field: 'input.records.1.communityCode' });
    expect(await refused(service, IMPORT_VOLUNTEERS, { input: { records: mixed } }, orgAdmin(agency))).toEqual({ code: 'FORBIDDEN', field: undefined });
    expect(await counts()).toEqual(before);
    expect(await importVolunteers(service, [{ communityCode: '150204001001' }, { communityCode: '150204001001' }], worker)).toHaveLength(2);
  });
});

describe('importVolunteerRecords', () => {
  let volunteerIds: string[];

  beforeAll(async () => {
    const communities = ['150204001001', '150204001002', '150204002001'];
    volunteerIds = await importVolunteers(service, Array.from({ length: 1000 }, (_, i) => ({ communityCode: communities[i % 3], registeredAt: '2020-01-01T08:00:00+08:00' })));
  }, 60_000);

  it('imports 5,000 verified records in a few statements, with one event and the rollup', async () => {
    // Five services per volunteer on five days of 2023 by two organizations: four durations and a
    // span dated by its ledger. (Compact: a request body is at most 1 MB — see the README.)
    const records = volunteerIds.flatMap((volunteerId, v) =>
      [0, 1, 2, 3, 4].map((k) =>
        k !== 1
          ? { volunteerId, organizationId: k % 2 === 0 ? agency : otherAgency, serviceDate: addDays('2023-03-01', k * 7 + (v % 5)), minutes: 30 + k }
          : {
              volunteerId,
              organizationId: otherAgency,
              startsAt: `${addDays('2023-03-01', k * 7 + (v % 5))}T09:00:00+08:00`,
              endsAt: `${addDays('2023-03-01', k * 7 + (v % 5))}T10:00:00+08:00`,
              verifiedAt: '2023-04-30T12:00:00+08:00',
            },
      ),
    );
    expect(records).toHaveLength(5000);
    const perVolunteer = 30 + 60 + 32 + 33 + 34;
    const expectedMinutes = 1000 * perVolunteer;
    const before = await countRows(service, 'outbox');
    const { result, statements } = await importStatements(() => importRecords(service, records));
    expect(result).toMatchObject({ count: 5000, minutes: expectedMinutes });
    expect(await countRows(service, 'outbox')).toBe(before + 1);
    expect(statements).toEqual([
      'begin',
      'select id::text, community_code from volunteers',
      'select id::text, state from known_organizations where id in (select value::uuid from jsonb_array_elements_text',
      'select distinct on (r.id) r.id::text, r.volunteer_id::text as "volunteerId", r.service_date::text as "serviceDate", r.starts_at as "startsAt", r.ends_at as "endsAt", r.minutes',
      'insert into volunteer_service_records (volunteer_id, organization_id, activity, service_date, starts_at, ends_at, minutes, verified_at, recorded_at)',
      'insert into statistics_rollup (region_code, grain, starts_on, volunteers_registered, verified_minutes, verified_records, cases_opened, cases_closed)',
      'insert into "outbox"',
      'select pg_notify',
      'insert into "audit_log"',
      'commit',
    ]);

    await service.flushOutbox();
    const [event] = await bus.events(contracts.volunteerRecordsImported, 2);
    expect(event!.event.data).toEqual({
      importId: result.importId,
      recordCount: 5000,
      totalMinutes: expectedMinutes,
      firstServiceDate: '2023-03-01',
      lastServiceDate: '2023-04-02',
      organizationIds: [agency, otherAgency].sort(),
      communities: [
        { communityCode: '150204001001', records: 1670, minutes: 334 * perVolunteer },
        { communityCode: '150204001002', records: 1665, minutes: 333 * perVolunteer },
        { communityCode: '150204002001', records: 1665, minutes: 333 * perVolunteer },
      ],
    });
    const [district] = await entities<{ volunteerMinutes: number; volunteerRecords: number }>(
      service,
      [{ __typename: 'RegionStatistics', id: '150204@2023-01-01..2023-12-31' }],
      '... on RegionStatistics { volunteerMinutes volunteerRecords }',
    );
    expect(district).toEqual({ volunteerMinutes: expectedMinutes, volunteerRecords: 5000 });
    const [stored] = await service.database.sql`
      select count(*)::int as n, count(*) filter (where verified_at is null)::int as unverified,
        count(*) filter (where verified_at = '2023-04-30T12:00:00+08:00' and recorded_at = verified_at)::int as ledger_dated
      from volunteer_service_records where volunteer_id = any(${volunteerIds}::uuid[])`;
    expect(stored).toEqual({ n: 5000, unverified: 0, ledger_dated: 1000 });
  }, 60_000);

  it('finds the records near an import one index range per volunteer and day, however the table is analyzed', async () => {
    // Volunteers of their own, each with two services on consecutive days of June 2021 and a third
    // further on.
    const mine = await importVolunteers(service, Array.from({ length: 500 }, () => ({ communityCode: '150204001001', registeredAt: '2020-01-01T08:00:00+08:00' })));
    const first = (v: number) => addDays('2021-06-01', v % 40);
    await importRecords(
      service,
      mine.flatMap((volunteerId, v) =>
        [0, 1, 5].map((k) => ({ volunteerId, organizationId: agency, serviceDate: addDays(first(v), k), minutes: 30 })),
      ),
    );
    // The table has not been analyzed here (this machine's PostgreSQL runs without autovacuum, and a
    // first bulk load anywhere outruns it). Left to its defaults the planner hashed the whole table
    // for every import; the statement's shape now fixes the plan, at a few thousand rows as at
    // 5,000,000.
    const days = mine.map((volunteerId, v) => ({ volunteerId, day: addDays(first(v), 1) }));
    const { sql: text, params } = new PgDialect().sqlToQuery(recordsNear(days));
    const plan = (await service.database.sql.unsafe(`explain ${text}`, params as never[])).map((row) => row['QUERY PLAN']).join('\n');
    expect(plan).toContain('volunteer_service_records_volunteer_idx');
    expect(plan).not.toMatch(/Seq Scan on volunteer_service_records|Hash Join/);

    // What it finds: each volunteer's two records within a day of the day asked, not the third.
    const near = (await service.database.sql.unsafe(text, params as never[])) as unknown as { volunteerId: string; serviceDate: string }[];
    const asked = new Map(days.map((d) => [d.volunteerId, d.day]));
    expect(near).toHaveLength(1000);
    expect(new Set(near.map((r) => r.volunteerId)).size).toBe(500);
    const outside = near.filter((r) => r.serviceDate < addDays(asked.get(r.volunteerId)!, -1) || r.serviceDate > addDays(asked.get(r.volunteerId)!, 1));
    expect(outside).toEqual([]);
  }, 60_000);

  it('keeps certificates consistent: imported records count in the next certificate, never in an issued one', async () => {
    const volunteerId = volunteerIds[0]!;
    const issue = (issuedOn: string) =>
      ok<{ issueVolunteerCertificate: CertificateResult }>(service, ISSUE_CERTIFICATE, { input: { volunteerId, organizationId: agency, handlerName: '赵经办', issuedOn } }).then(
        (d) => d.issueVolunteerCertificate,
      );
    const first = await issue('2023-12-31');
    expect(first).toMatchObject({ total: { minutes: 30 + 32 + 34 }, recordCount: 3, recomputedMinutes: 30 + 32 + 34 });
    await importRecords(service, [{ volunteerId, organizationId: agency, serviceDate: '2023-06-01', minutes: 15 }]);
    const second = await issue('2023-12-31');
    expect(second).toMatchObject({ total: { minutes: 30 + 32 + 34 + 15 }, recordCount: 4, recomputedMinutes: 30 + 32 + 34 + 15 });
    const again = await entities<{ recomputedMinutes: number; total: { minutes: number } }>(
      service,
      [{ __typename: 'VolunteerCertificate', id: first.id }],
      '... on VolunteerCertificate { recomputedMinutes total { minutes } }',
    );
    expect(again).toEqual([{ recomputedMinutes: 96, total: { minutes: 96 } }]);
  });

  it('refuses the first bad record, naming it, and writes nothing', async () => {
    const [v0, v1] = volunteerIds as [string, string];
    const live = await recordService(service, v1, agency, { startsAt: '2024-02-01T09:00:00+08:00', endsAt: '2024-02-01T11:00:00+08:00', serviceDate: null, minutes: null });
    expect(live.minutes).toBe(120);
    const good = { volunteerId: v0, organizationId: agency, activity: '社区助老送餐', serviceDate: '2024-02-01', minutes: 10 };
    const before = await counts();
    const cases: [Record<string, unknown>[], string, string][] = [
      [[good, good, { ...good, volunteerId: randomUUID() }], 'NOT_FOUND', 'input.records.2.volunteerId'],
      [[good, { ...good, volunteerId: 'v1' }], 'NOT_FOUND', 'input.records.1.volunteerId'],
      [[good, { ...good, organizationId: randomUUID() }], 'NOT_FOUND', 'input.records.1.organizationId'],
      [[good, { ...good, organizationId: suspended }], 'RULE_VIOLATION', 'input.records.1.organizationId'],
      [[good, { ...good, serviceDate: '2999-01-01' }], 'BAD_USER_INPUT', 'input.records.1.serviceDate'],
      [[good, { ...good, minutes: null }], 'BAD_USER_INPUT', 'input.records.1.minutes'],
      [[good, { ...good, activity: '' }], 'BAD_USER_INPUT', 'input.records.1.activity'],
      [[good, { ...good, verifiedAt: '2024-01-31T12:00:00+08:00' }], 'BAD_USER_INPUT', 'input.records.1.verifiedAt'],
      [[good, { ...good, verifiedAt: '2999-01-01T00:00:00+08:00' }], 'BAD_USER_INPUT', 'input.records.1.verifiedAt'],
      // Against the volunteer's records there: a span overlapping the live 09:00–11:00 …
      [[good, { ...good, volunteerId: v1, serviceDate: null, minutes: null, startsAt: '2024-02-01T10:30:00+08:00', endsAt: '2024-02-01T12:00:00+08:00' }], 'RULE_VIOLATION', 'input.records.1.startsAt'],
      // … and against the import's own: two spans at once, a day over 24 hours.
      [
        [good, { ...good, serviceDate: null, minutes: null, startsAt: '2024-02-02T09:00:00+08:00', endsAt: '2024-02-02T10:00:00+08:00' }, { ...good, serviceDate: null, minutes: null, startsAt: '2024-02-02T09:30:00+08:00', endsAt: '2024-02-02T09:45:00+08:00' }],
        'RULE_VIOLATION',
        'input.records.2.startsAt',
      ],
      [[{ ...good, minutes: 1000 }, { ...good, minutes: 441 }], 'RULE_VIOLATION', 'input.records.1.minutes'],
      [[{ ...good, volunteerId: v1, minutes: 1440 - 120 }, { ...good, volunteerId: v1, minutes: 1 }], 'RULE_VIOLATION', 'input.records.1.minutes'],
      [[], 'BAD_USER_INPUT', 'input.records'],
    ];
    for (const [records, code, field] of cases) {
      expect(await refused(service, IMPORT_RECORDS, { input: { records } }), field).toEqual({ code, field });
    }
    const tooMany = Array.from({ length: 5001 }, () => good);
    expect(await refused(service, IMPORT_RECORDS, { input: { records: tooMany } })).toEqual({ code: 'BAD_USER_INPUT', field: 'input.records' });
    expect(await counts()).toEqual(before);
  });

  it('allows only what recordVolunteerService allows, for every record', async () => {
    const [inA, inB] = [volunteerIds[0]!, volunteerIds[2]!]; // 150204001001 and 150204002001
    const record = (volunteerId: string, organizationId: string) => ({ volunteerId, organizationId, activity: '助老送餐', serviceDate: '2024-03-03', minutes: 5 });
    const before = await counts();
    expect(await refused(service, IMPORT_RECORDS, { input: { records: [record(inA, agency), record(inB, agency)] } }, communityWorker('150204001001'))).toEqual({
      code: 'FORBIDDEN',
      field: 'input.records.1',
    });
    // An agency imports its own records of any volunteer, never in another organization's name.
    expect(await refused(service, IMPORT_RECORDS, { input: { records: [record(inB, agency), record(inA, otherAgency)] } }, orgAdmin(agency))).toEqual({
      code: 'FORBIDDEN',
      field: 'input.records.1',
    });
    expect(await refused(service, IMPORT_RECORDS, { input: { records: [record(inA, agency)] } }, { subject: null, roles: [], scope: [], organizationId: null, partnerId: null })).toEqual({
      code: 'UNAUTHENTICATED',
      field: undefined,
    });
    expect(await counts()).toEqual(before);
    expect(await importRecords(service, [record(inA, agency), record(inB, agency)], orgAdmin(agency))).toMatchObject({ count: 2, minutes: 10 });
  });
});
