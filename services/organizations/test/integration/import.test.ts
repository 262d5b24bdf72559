/**
 * importOrganizations: spreadsheets of filed and registered organizations in one transaction, with
 * the events filing and registration emit, placed at their historical times.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '@sanshe/service-kit';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { organizations as contracts } from '@sanshe/events';
import { organizationsSubgraph } from '../../src/app.ts';
import { gradeValidUntil } from '../../src/domain/grading.ts';
import { LIFECYCLE_FIELDS, ok, refused, type LifecycleResult } from '../factories/lifecycle.ts';
import { fileInput, registerInput, registerOrganization, validCreditCode } from '../factories/organizations.ts';
import { seedKnownRegions } from '../factories/regions.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;

beforeAll(async () => {
  service = await subgraphs.start('organizations', organizationsSubgraph);
  await seedKnownRegions(service);
});

const IMPORT = `mutation ($input: ImportOrganizationsInput!) { importOrganizations(input: $input) { count ids } }`;

const filedRecord = (overrides: Record<string, unknown> = {}) => ({ track: 'FILED', ...fileInput(), ...overrides });
const registeredRecord = (overrides: Record<string, unknown> = {}) => ({ track: 'REGISTERED', ...registerInput(), ...overrides });

async function importRecords(records: Record<string, unknown>[], identity?: Identity) {
  return service.request<{ importOrganizations: { count: number; ids: string[] } }>(IMPORT, { input: { records } }, identity);
}

/** Everything an import writes. */
async function written() {
  const [row] = await service.database.sql`select
    (select count(*)::int from organizations) as organizations,
    (select count(*)::int from organization_transitions) as transitions,
    (select count(*)::int from evaluation_grades) as grades,
    (select count(*)::int from outbox) as outbox,
    (select count(*)::int from audit_log) as audit`;
  return row;
}

describe('importing organizations', () => {
  it('files and registers every record in input order, at its historical time, with the single mutations’ events', async () => {
    const creditCode = validCreditCode('2');
    const records: Record<string, unknown>[] = [
      filedRecord({ name: '先锋道老年协会', communityCode: '150204001001', serviceFields: ['ELDERLY', 'CULTURE_AND_SPORTS'], at: '2016-03-01' }),
      registeredRecord({
        name: '幸福路社会工作服务中心',
        communityCode: '150204002001',
        legalForm: 'SOCIAL_SERVICE_AGENCY',
        creditCode,
        memberCount: 12,
        at: '2019-05-20T10:00:00+08:00',
        grade: { score: 860, gradedOn: '2022-09-01' },
      }),
      filedRecord({ name: '先锋道二社区志愿者协会', communityCode: '150204001002' }),
    ];
    const result = await importRecords(records);
    expect(result.errors).toBeUndefined();
    const { count, ids } = result.data!.importOrganizations;
    expect(count).toBe(3);

    const read = async (id: string) =>
      (await ok<{ organization: LifecycleResult & { createdAt: string; memberCount: number } }>(service, `query ($id: ID!) { organization(id: $id) { ${LIFECYCLE_FIELDS} createdAt memberCount } }`, { id })).organization;
    const [a, b, c] = await Promise.all(ids.map(read));
    expect(a).toMatchObject({ name: '先锋道老年协会', state: 'FILED', track: 'FILED', establishedOn: '2016-03-01', createdAt: '2016-02-29T16:00:00.000Z' });
    expect(a!.history).toEqual([{ action: 'FILE', fromState: null, toState: 'FILED', reason: null, occurredAt: '2016-02-29T16:00:00.000Z' }]);
    expect(b).toMatchObject({ name: '幸福路社会工作服务中心', state: 'REGISTERED', track: 'REGISTERED', creditCode, memberCount: 12, establishedOn: '2019-05-20' });
    expect(b!.history.map((h) => [h.action, h.occurredAt])).toEqual([
      ['REGISTER', '2019-05-20T02:00:00.000Z'],
      ['GRADE', '2022-08-31T16:00:00.000Z'],
    ]);
    expect(b!.grades).toEqual([{ grade: 4, score: 860, gradedOn: '2022-09-01', validUntil: gradeValidUntil('2022-09-01'), current: expect.any(Boolean) }]);
    expect(c).toMatchObject({ name: '先锋道二社区志愿者协会', track: 'FILED' });
    expect(Date.parse(c!.history[0]!.occurredAt)).toBeGreaterThan(Date.parse('2025-01-01'));

    await service.flushOutbox();
    const filed = await bus.events(contracts.organizationFiled, 2);
    expect(filed.map((e) => e.event.subject)).toEqual([ids[0], ids[2]]);
    expect(filed[0]!.event.time).toBe('2016-02-29T16:00:00.000Z');
    expect(filed[0]!.event.data).toEqual({
      organizationId: ids[0],
      name: '先锋道老年协会',
      communityCode: '150204001001',
      streetCode: '150204001',
      districtCode: '150204',
      category: 'community_service',
      serviceFields: ['elderly', 'culture_and_sports'],
      filingNumber: records[0]!.filingNumber,
    });
    const [registered] = await bus.events(contracts.organizationRegistered, 1);
    expect(registered!.event).toMatchObject({ subject: ids[1], time: '2019-05-20T02:00:00.000Z', data: { organizationId: ids[1], legalForm: 'social_service_agency', creditCode, streetCode: '150204002' } });
    const [graded] = await bus.events(contracts.organizationGraded, 1);
    expect(graded!.event).toMatchObject({ subject: ids[1], data: { organizationId: ids[1], grade: 4, score: 860, validUntil: gradeValidUntil('2022-09-01') } });

    // One audit line per organization, by the caller, as the single mutations write.
    const audit = await service.database.sql`select entity, entity_id from audit_log where operation = 'importOrganizations' order by entity_id`;
    expect(audit.map((r) => r.entity_id).sort()).toEqual([...ids].sort());
  });

  it('writes with multi-row statements: 2 records cost as many statements as 40', async () => {
    // Its own instance without the relay, which would publish the events on the same pool meanwhile.
    const quiet = await subgraphs.start('organizations', organizationsSubgraph, { RELAY_ENABLED: 'false' });
    try {
      await seedKnownRegions(quiet);
      const cost = async (n: number) => {
        const records = Array.from({ length: n }, (_, i) =>
          i % 2 === 0 ? filedRecord({ at: '2018-01-01' }) : registeredRecord({ grade: { score: 720 }, at: '2018-06-01' }),
        );
        const before = quiet.database.statementCount();
        const result = await quiet.request(IMPORT, { input: { records } });
        expect(result.errors).toBeUndefined();
        return quiet.database.statementCount() - before;
      };
      const few = await cost(2);
      expect(await cost(40)).toBe(few);
      expect(few).toBeLessThanOrEqual(14);
    } finally {
      await quiet.close();
    }
  });
});

describe('a bad record refuses the whole import', () => {
  it('names the first bad record’s index and field, and writes nothing', async () => {
    const existing = await registerOrganization(service, { legalForm: 'FOUNDATION' });
    const shared = validCreditCode('1');
    const cases: [label: string, records: Record<string, unknown>[], code: string, field: string][] = [
      ['an unknown community', [filedRecord(), filedRecord({ communityCode: '150204009001' }), filedRecord()], 'UNKNOWN_COMMUNITY', 'input.records.1.communityCode'],
      ['a street, not a community', [filedRecord(), filedRecord(), registeredRecord({ communityCode: '150204001' })], 'BAD_USER_INPUT', 'input.records.2.communityCode'],
      ['a bad name', [filedRecord(), filedRecord({ name: 'x' }), registeredRecord()], 'BAD_USER_INPUT', 'input.records.1.name'],
      ['a credit code already registered', [filedRecord(), registeredRecord(), registeredRecord({ legalForm: 'FOUNDATION', creditCode: existing.creditCode })], 'CONFLICT', 'input.records.2.creditCode'],
      [
        'a credit code twice in the import',
        [registeredRecord({ legalForm: 'SOCIAL_GROUP', creditCode: shared }), filedRecord(), registeredRecord({ legalForm: 'SOCIAL_GROUP', creditCode: shared.toLowerCase() })],
        'CONFLICT',
        'input.records.2.creditCode',
      ],
      ['a future time', [filedRecord(), filedRecord({ at: '2999-01-01' })], 'BAD_USER_INPUT', 'input.records.1.at'],
      ['a grade on a filed record', [registeredRecord(), filedRecord({ grade: { score: 900 } })], 'RULE_VIOLATION', 'input.records.1.grade'],
    ];
    for (const [label, records, code, field] of cases) {
      const before = await written();
      const refusal = await refused(service, IMPORT, { input: { records } });
      expect(refusal, label).toMatchObject({ code, field });
      expect(await written(), `${label}: nothing written`).toEqual(before);
    }
  });
});

describe('authorization', () => {
  const street: Identity = { subject: 'import-street', roles: ['street_office'], scope: ['150204001'], organizationId: null, partnerId: null };
  const district: Identity = { subject: 'import-district', roles: ['district_office'], scope: ['150204'], organizationId: null, partnerId: null };

  it('checks every record’s region by its track’s rule, and writes nothing on a refusal', async () => {
    const before = await written();
    // A street office files in its own street …
    const inStreet = [filedRecord({ communityCode: '150204001001' }), filedRecord({ communityCode: '150204001002' })];
    // … but not in another street, and it never registers.
    const elsewhere = [filedRecord({ communityCode: '150204001001' }), filedRecord({ communityCode: '150204002001' })];
    expect(await refused(service, IMPORT, { input: { records: elsewhere } }, street)).toMatchObject({ code: 'FORBIDDEN', field: 'input.records.1.communityCode' });
    const registering = [filedRecord({ communityCode: '150204001001' }), registeredRecord({ communityCode: '150204001001' })];
    expect(await refused(service, IMPORT, { input: { records: registering } }, street)).toMatchObject({ code: 'FORBIDDEN', field: 'input.records.1.communityCode' });
    expect(await refused(service, IMPORT, { input: { records: inStreet } }, { subject: null, roles: ['public'], scope: [], organizationId: null, partnerId: null })).toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    const resident: Identity = { subject: 'r', roles: ['resident'], scope: [''], organizationId: null, partnerId: null };
    expect(await refused(service, IMPORT, { input: { records: inStreet } }, resident)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await written()).toEqual(before);

    const allowed = await importRecords(inStreet, street);
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data!.importOrganizations.count).toBe(2);
    const both = await importRecords([filedRecord({ communityCode: '150204002001' }), registeredRecord({ communityCode: '150204001001' })], district);
    expect(both.errors).toBeUndefined();
  });
});
