import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { socialWork as contracts } from '@sanshe/events';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { socialWorkSubgraph } from '../../src/app.ts';
import { countRows } from '../../../organizations/test/factories/replicas.ts';
import { entities, expectNoneOf, ok, refused } from '../factories/graphql.ts';
import { partnerReader } from '../factories/identities.ts';
import { announceOrganization, announceRegions, suspendOrganization } from '../factories/replica-events.ts';
import {
  CERTIFICATE_FIELDS,
  ISSUE_CERTIFICATE,
  RECORD_SERVICE,
  VERIFY_SERVICE,
  recordService,
  registerVolunteer,
  type CertificateResult,
  type RecordResult,
  type VolunteerResult,
} from '../factories/volunteers.ts';
import { districtDate } from '@sanshe/service-kit';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;
let orgA: string;
let orgB: string;
let orgSuspended: string;
let volunteer: VolunteerResult;
let other: VolunteerResult;
const secrets = new Set<string>(['赵经办']);

beforeAll(async () => {
  service = await subgraphs.start('social-work', socialWorkSubgraph);
  await announceRegions(bus, service);
  orgA = await announceOrganization(bus, service, { serviceFields: ['volunteering'] });
  orgB = await announceOrganization(bus, service, { serviceFields: ['elderly'], communityCode: '150204002001' });
  orgSuspended = await announceOrganization(bus, service, {});
  await suspendOrganization(bus, orgSuspended, '150204001001');
  for (const target of ['volunteer', 'other'] as const) {
    const { volunteer: v, input } = await registerVolunteer(service, { name: target === 'volunteer' ? '孙丽娟' : '周建军' });
    for (const s of [input.name, input.phone, input.idNumber]) secrets.add(String(s));
    if (target === 'volunteer') volunteer = v;
    else other = v;
  }
});

const record = (input: Record<string, unknown>) => ({ input: { volunteerId: volunteer.id, organizationId: orgA, activity: '社区助老送餐', ...input } });

describe('recording service hours', () => {
  it('records a time span in whole minutes on the local date it started', async () => {
    const r = (await ok<{ recordVolunteerService: RecordResult }>(service, RECORD_SERVICE, record({ startsAt: '2024-03-10T22:30:00+08:00', endsAt: '2024-03-11T01:15:00+08:00' })))
      .recordVolunteerService;
    expect(r).toMatchObject({
      volunteer: { id: volunteer.id },
      recordingOrganization: { id: orgA },
      serviceDate: '2024-03-10',
      startsAt: '2024-03-10T14:30:00.000Z',
      endsAt: '2024-03-10T17:15:00.000Z',
      minutes: 165,
      duration: { minutes: 165, hours: 2, remainderMinutes: 45, text: '2小时45分' },
      verified: false,
      verifiedAt: null,
    });
  });

  it('refuses overlapping spans, days over 24 hours and impossible times, writing nothing', async () => {
    // Touching the span above is fine.
    await ok(service, RECORD_SERVICE, record({ startsAt: '2024-03-11T01:15:00+08:00', endsAt: '2024-03-11T02:00:00+08:00' }));
    await ok(service, RECORD_SERVICE, record({ serviceDate: '2024-03-12', minutes: 1000 }));
    const before = { records: await countRows(service, 'volunteer_service_records'), outbox: await countRows(service, 'outbox') };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ startsAt: '2024-03-11T00:00:00+08:00', endsAt: '2024-03-11T00:01:00+08:00' }, 'RULE_VIOLATION', 'input.startsAt'],
      [{ startsAt: '2024-03-10T21:00:00+08:00', endsAt: '2024-03-11T03:00:00+08:00' }, 'RULE_VIOLATION', 'input.startsAt'],
      [{ serviceDate: '2024-03-12', minutes: 441 }, 'RULE_VIOLATION', 'input.minutes'],
      [{ startsAt: '2024-03-12T08:00:00+08:00', endsAt: '2024-03-12T15:21:00+08:00' }, 'RULE_VIOLATION', 'input.endsAt'],
      [{ startsAt: '2024-03-13T10:00:00+08:00', endsAt: '2024-03-13T09:00:00+08:00' }, 'BAD_USER_INPUT', 'input.endsAt'],
      [{ startsAt: '2024-03-13T10:00:00+08:00', endsAt: '2024-03-14T10:01:00+08:00' }, 'BAD_USER_INPUT', 'input.endsAt'],
      [{ startsAt: '2024-03-13T10:00:30+08:00', endsAt: '2024-03-13T11:00:00+08:00' }, 'BAD_USER_INPUT', 'input.startsAt'],
      [{ startsAt: '2024-03-13T10:00:00', endsAt: '2024-03-13T11:00:00+08:00' }, 'BAD_USER_INPUT', 'input.startsAt'],
      [{ serviceDate: '2999-01-01', minutes: 10 }, 'BAD_USER_INPUT', 'input.serviceDate'],
      [{ serviceDate: '2024-03-13', minutes: 10, startsAt: '2024-03-13T10:00:00+08:00', endsAt: '2024-03-13T11:00:00+08:00' }, 'BAD_USER_INPUT', 'input.minutes'],
      [{ serviceDate: '2024-03-13' }, 'BAD_USER_INPUT', 'input.minutes'],
      [{ serviceDate: '2024-03-13', minutes: 10, volunteerId: randomUUID() }, 'NOT_FOUND', 'input.volunteerId'],
      [{ serviceDate: '2024-03-13', minutes: 10, volunteerId: 'v1' }, 'NOT_FOUND', 'input.volunteerId'],
      [{ serviceDate: '2024-03-13', minutes: 10, organizationId: randomUUID() }, 'NOT_FOUND', 'input.organizationId'],
      [{ serviceDate: '2024-03-13', minutes: 10, organizationId: orgSuspended }, 'RULE_VIOLATION', 'input.organizationId'],
    ];
    for (const [input, code, field] of cases) expect(await refused(service, RECORD_SERVICE, record(input)), JSON.stringify(input)).toEqual({ code, field });
    expect({ records: await countRows(service, 'volunteer_service_records'), outbox: await countRows(service, 'outbox') }).toEqual(before);
    // Another volunteer may serve at the same time.
    await ok(service, RECORD_SERVICE, record({ volunteerId: other.id, startsAt: '2024-03-11T00:00:00+08:00', endsAt: '2024-03-11T00:01:00+08:00' }));
  });

  it('is verified by the recording organization only — once', async () => {
    const r = await recordService(service, volunteer.id, orgA, { serviceDate: '2024-03-20', minutes: 50 }, false);
    expect(await refused(service, VERIFY_SERVICE, { input: { recordId: r.id, organizationId: orgB } })).toEqual({ code: 'RULE_VIOLATION', field: 'input.organizationId' });
    expect(await refused(service, VERIFY_SERVICE, { input: { recordId: 'r', organizationId: orgA } })).toEqual({ code: 'NOT_FOUND', field: 'input.recordId' });
    const verified = (await ok<{ verifyVolunteerService: RecordResult }>(service, VERIFY_SERVICE, { input: { recordId: r.id, organizationId: orgA } })).verifyVolunteerService;
    expect(verified.verified).toBe(true);
    const again = (await ok<{ verifyVolunteerService: RecordResult }>(service, VERIFY_SERVICE, { input: { recordId: r.id, organizationId: orgA } })).verifyVolunteerService;
    expect(again.verifiedAt).toBe(verified.verifiedAt);
    await service.flushOutbox();
    const events = await bus.events(contracts.volunteerServiceVerified, 2);
    expect(events.map((e) => e.event.data)).toEqual([
      { recordId: r.id, volunteerId: volunteer.id, organizationId: orgA, communityCode: '150204001001', minutes: 50, verifiedAt: verified.verifiedAt },
    ]);
  });
});

describe('certificates', () => {
  let first: CertificateResult;

  it("totals the issuer's verified records up to the issue date, reproducibly", async () => {
    // Verify everything recorded so far by orgA for the volunteer: 165 + 45 + 1000 + 50 (verified above).
    const pending = await service.database.sql`select id from volunteer_service_records where volunteer_id = ${volunteer.id} and verified_at is null`;
    for (const { id } of pending) await ok(service, VERIFY_SERVICE, { input: { recordId: id, organizationId: orgA } });
    await recordService(service, volunteer.id, orgA, { serviceDate: '2024-04-01', minutes: 7 }, false); // unverified
    await recordService(service, volunteer.id, orgB, { serviceDate: '2024-03-15', minutes: 300 }); // another recorder's
    await recordService(service, volunteer.id, orgA, { serviceDate: '2024-04-02', minutes: 33 }); // after the issue date

    first = (await ok<{ issueVolunteerCertificate: CertificateResult }>(service, ISSUE_CERTIFICATE, {
      input: { volunteerId: volunteer.id, organizationId: orgA, handlerName: '赵经办', issuedOn: '2024-03-31' },
    })).issueVolunteerCertificate;
    expect(first).toMatchObject({
      volunteer: { id: volunteer.id },
      issuer: { id: orgA },
      handlerName: '赵经办',
      issuedOn: '2024-03-31',
      total: { minutes: 1260, hours: 21, remainderMinutes: 0, text: '21小时00分' },
      recordCount: 4,
      firstServiceDate: '2024-03-10',
      lastServiceDate: '2024-03-20',
      recomputedMinutes: 1260,
    });
    expect(first.number).toMatch(/^ZYZM-2024-\d{6}$/);
    const [stored] = await service.database.sql`
      select c.total_minutes, sum(r.minutes)::int as recomputed from volunteer_certificates c
      join volunteer_certificate_records cr on cr.certificate_id = c.id join volunteer_service_records r on r.id = cr.record_id
      where c.id = ${first.id} group by c.total_minutes`;
    expect(stored).toEqual({ total_minutes: 1260, recomputed: 1260 });
    // The operator sees the handler's name; a partner agency of the district sees it masked.
    const seen = await ok<{ volunteerCertificate: { handlerName: string } }>(
      service,
      `query ($id: ID!) { volunteerCertificate(id: $id) { handlerName volunteer { name phone idNumber } } }`,
      { id: first.id },
      partnerReader,
    );
    expect(seen.volunteerCertificate.handlerName).toBe('赵**');
    expectNoneOf(seen, secrets);
  });

  it('numbers certificates per year of issue, in issue order, without gaps or clashes', async () => {
    const issue = (volunteerId: string, organizationId: string, issuedOn: string) =>
      ok<{ issueVolunteerCertificate: CertificateResult }>(service, ISSUE_CERTIFICATE, { input: { volunteerId, organizationId, handlerName: '赵经办', issuedOn } }).then(
        (d) => d.issueVolunteerCertificate,
      );
    await recordService(service, other.id, orgA, { serviceDate: '2023-06-01', minutes: 120 });
    const concurrent = await Promise.all([issue(volunteer.id, orgA, '2024-04-30'), issue(volunteer.id, orgB, '2024-04-30'), issue(other.id, orgA, '2024-05-01')]);
    expect(concurrent.map((c) => c.number).sort()).toEqual(['ZYZM-2024-000002', 'ZYZM-2024-000003', 'ZYZM-2024-000004']);
    expect(first.number).toBe('ZYZM-2024-000001');
    // The other volunteer's 1-minute span was never verified: 120, not 121.
    expect(concurrent.map((c) => c.total.minutes)).toEqual([1260 + 33, 300, 120]);
    const lastYear = await issue(other.id, orgA, '2023-12-31');
    expect(lastYear).toMatchObject({ number: 'ZYZM-2023-000001', total: { minutes: 120 }, recordCount: 1 });
    // Later records never change an issued certificate.
    const again = await ok<{ volunteerCertificateByNumber: CertificateResult }>(service, `query ($n: String!) { volunteerCertificateByNumber(number: $n) { ${CERTIFICATE_FIELDS} } }`, {
      n: first.number,
    });
    expect(again.volunteerCertificateByNumber).toEqual(first);
  });

  it('refuses what it cannot certify', async () => {
    const before = await countRows(service, 'volunteer_certificates');
    const cases: [Record<string, unknown>, string, string][] = [
      [{ organizationId: orgB, issuedOn: '2024-03-01' }, 'RULE_VIOLATION', 'input.organizationId'],
      [{ organizationId: orgSuspended }, 'RULE_VIOLATION', 'input.organizationId'],
      [{ organizationId: randomUUID() }, 'NOT_FOUND', 'input.organizationId'],
      [{ volunteerId: 'v' }, 'NOT_FOUND', 'input.volunteerId'],
      [{ issuedOn: '2999-01-01' }, 'BAD_USER_INPUT', 'input.issuedOn'],
      [{ issuedOn: districtDate(new Date()).replace(/-\d\d$/, '-32') }, 'BAD_USER_INPUT', 'input.issuedOn'],
      [{ handlerName: '' }, 'BAD_USER_INPUT', 'input.handlerName'],
    ];
    for (const [overrides, code, field] of cases) {
      const input = { volunteerId: volunteer.id, organizationId: orgA, handlerName: '赵经办', ...overrides };
      expect(await refused(service, ISSUE_CERTIFICATE, { input }), JSON.stringify(overrides)).toEqual({ code, field });
    }
    expect(await countRows(service, 'volunteer_certificates')).toBe(before);
  });

  it('lists the covered records, certificates and records with filters, and resolves entities', async () => {
    const covered = await ok<{ volunteerCertificate: { records: { totalCount: number; edges: { node: { serviceDate: string; recordingOrganization: { id: string } } }[] } } }>(
      service,
      `query ($id: ID!) { volunteerCertificate(id: $id) { records(first: 2) { totalCount edges { node { serviceDate recordingOrganization { id } } } } } }`,
      { id: first.id },
    );
    expect(covered.volunteerCertificate.records.totalCount).toBe(4);
    expect(covered.volunteerCertificate.records.edges.every((e) => e.node.recordingOrganization.id === orgA)).toBe(true);

    const certs = (filter: Record<string, unknown>) =>
      ok<{ volunteerCertificates: { totalCount: number } }>(service, `query ($f: VolunteerCertificateFilter) { volunteerCertificates(filter: $f) { totalCount } }`, { f: filter }).then(
        (d) => d.volunteerCertificates.totalCount,
      );
    expect(await certs({})).toBe(5);
    expect(await certs({ volunteerId: volunteer.id })).toBe(3);
    expect(await certs({ volunteerId: volunteer.id, organizationId: orgA })).toBe(2);
    expect(await certs({ organizationId: 'x' })).toBe(0);

    const records = (filter: Record<string, unknown>) =>
      ok<{ volunteerServiceRecords: { totalCount: number } }>(service, `query ($f: VolunteerServiceRecordFilter) { volunteerServiceRecords(filter: $f) { totalCount } }`, {
        f: filter,
      }).then((d) => d.volunteerServiceRecords.totalCount);
    const all = await service.database.sql`select volunteer_id, organization_id, service_date::text as d, verified_at from volunteer_service_records`;
    expect(await records({})).toBe(all.length);
    expect(await records({ volunteerId: volunteer.id, verified: false })).toBe(all.filter((r) => r.volunteer_id === volunteer.id && !r.verified_at).length);
    expect(await records({ organizationId: orgB })).toBe(1);
    expect(await records({ from: '2024-03-11', to: '2024-03-20' })).toBe(all.filter((r) => r.d >= '2024-03-11' && r.d <= '2024-03-20').length);
    expect(await refused(service, `{ volunteerServiceRecords(filter: { from: "March" }) { totalCount } }`)).toEqual({ code: 'BAD_USER_INPUT', field: 'filter.from' });

    const perVolunteer = await entities<{ serviceRecords: { totalCount: number }; certificates: { totalCount: number } }>(
      service,
      [{ __typename: 'Volunteer', id: volunteer.id }],
      `... on Volunteer { serviceRecords(verified: true, organizationId: "${orgA}") { totalCount } certificates { totalCount } }`,
    );
    expect(perVolunteer).toEqual([{ serviceRecords: { totalCount: 5 }, certificates: { totalCount: 3 } }]);

    const [recordRow] = await service.database.sql`select id from volunteer_service_records limit 1`;
    expect(
      await entities(
        service,
        [
          { __typename: 'VolunteerCertificate', id: first.id },
          { __typename: 'VolunteerServiceRecord', id: recordRow!.id },
          { __typename: 'VolunteerCertificate', id: randomUUID() },
          { __typename: 'VolunteerServiceRecord', id: 'bad' },
        ],
        '... on VolunteerCertificate { number } ... on VolunteerServiceRecord { id }',
      ),
    ).toEqual([{ number: first.number }, { id: recordRow!.id }, null, null]);
  });

  it('announces records and certificates without personal data', async () => {
    await service.flushOutbox();
    const count = await countRows(service, 'volunteer_service_records');
    const recorded = await bus.events(contracts.volunteerServiceRecorded, count);
    expect(recorded.length).toBe(count);
    const issued = await bus.events(contracts.volunteerCertificateIssued, 5);
    expect(issued.find((e) => e.event.data.certificateId === first.id)!.event.data).toEqual({
      certificateId: first.id,
      number: first.number,
      volunteerId: volunteer.id,
      organizationId: orgA,
      issuedOn: '2024-03-31',
      totalMinutes: 1260,
      recordCount: 4,
    });
    expectNoneOf([recorded, issued], secrets);
  });
});
