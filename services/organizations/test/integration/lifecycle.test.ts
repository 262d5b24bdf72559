import { beforeAll, describe, expect, it } from 'vitest';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { organizationsSubgraph } from '../../src/app.ts';
import { LIFECYCLE_ACTIONS, ORGANIZATION_STATES, TRANSITIONS, type LifecycleAction, type OrganizationState } from '../../src/domain/lifecycle.ts';
import { LIFECYCLE_FIELDS, ok, prepareOrganization, refused, step, STEP, type LifecycleResult } from '../factories/lifecycle.ts';
import { fileOrganization, registerOrganization, validCreditCode } from '../factories/organizations.ts';
import { countRows } from '../factories/replicas.ts';
import { seedKnownRegions } from '../factories/regions.ts';
import { districtDate } from '@sanshe/service-kit';

const subgraphs = testSubgraphs();
let service: AnySubgraph;
const today = districtDate();

beforeAll(async () => {
  service = await subgraphs.start('organizations', organizationsSubgraph);
  await seedKnownRegions(service);
});

const history = (org: LifecycleResult) => org.history.map((h) => `${h.action}:${h.fromState ?? '-'}>${h.toState}`);

async function read(id: string): Promise<LifecycleResult> {
  return (await ok<{ organization: LifecycleResult }>(service, `query ($id: ID!) { organization(id: $id) { ${LIFECYCLE_FIELDS} } }`, { id })).organization;
}

/** An organization brought to `state` through the API. */
async function inState(state: OrganizationState): Promise<LifecycleResult> {
  switch (state) {
    case 'preparing':
      return prepareOrganization(service);
    case 'filed':
      return step(service, STEP.file((await prepareOrganization(service)).id));
    case 'recommended':
      return step(service, STEP.recommend((await inState('filed')).id));
    case 'registered':
      return read((await registerOrganization(service)).id);
    case 'suspended':
      return step(service, STEP.suspend((await inState('registered')).id));
    case 'deregistered':
      return step(service, STEP.deregister((await inState('registered')).id));
  }
}

/** A call of the mutation for `action` that would succeed in a state allowing it. */
function callFor(action: LifecycleAction, id: string) {
  if (action === 'register') return STEP.register(id, validCreditCode('2'));
  return STEP[action](id);
}

describe('the lifecycle through the API', () => {
  it('prepares an organization, then files it (备案)', async () => {
    const prepared = await prepareOrganization(service, { description: '为老年人提供助餐和陪伴服务', email: 'contact@example.org' });
    expect(prepared).toMatchObject({ state: 'PREPARING', track: null, filingNumber: null, establishedOn: null });
    expect(history(prepared)).toEqual(['PREPARE:->PREPARING']);

    const filed = await step(service, STEP.file(prepared.id, '青先备-2025-001'));
    expect(filed).toMatchObject({ state: 'FILED', track: 'FILED', filingNumber: '青先备-2025-001', establishedOn: today });
    expect(history(filed)).toEqual(['PREPARE:->PREPARING', 'FILE:PREPARING>FILED']);
  });

  it('takes a filed organization through recommendation to registration (登记), keeping its filing number', async () => {
    const filed = await inState('filed');
    const recommended = await step(service, STEP.recommend(filed.id));
    expect(recommended).toMatchObject({ state: 'RECOMMENDED', track: 'FILED' });
    const code = validCreditCode('1');
    const registered = await step(service, STEP.register(filed.id, ` ${code.toLowerCase()} `, 'SOCIAL_GROUP'));
    expect(registered).toMatchObject({
      state: 'REGISTERED',
      track: 'REGISTERED',
      legalForm: 'SOCIAL_GROUP',
      creditCode: code,
      filingNumber: filed.filingNumber,
      establishedOn: filed.establishedOn,
    });
    expect(history(registered)).toEqual(['PREPARE:->PREPARING', 'FILE:PREPARING>FILED', 'RECOMMEND:FILED>RECOMMENDED', 'REGISTER:RECOMMENDED>REGISTERED']);
  });

  it('registers an organization straight from preparation', async () => {
    const prepared = await prepareOrganization(service);
    const registered = await step(service, STEP.register(prepared.id, validCreditCode('3'), 'FOUNDATION'));
    expect(registered).toMatchObject({ state: 'REGISTERED', legalForm: 'FOUNDATION', filingNumber: null, establishedOn: today });
    expect(history(registered)).toEqual(['PREPARE:->PREPARING', 'REGISTER:PREPARING>REGISTERED']);
  });

  it('suspends and reinstates to the state before, and deregisters for good', async () => {
    const recommended = await inState('recommended');
    const suspended = await step(service, STEP.suspend(recommended.id, '活动异常，责令整改'));
    expect(suspended.state).toBe('SUSPENDED');
    expect(suspended.history.at(-1)).toMatchObject({ action: 'SUSPEND', fromState: 'RECOMMENDED', toState: 'SUSPENDED', reason: '活动异常，责令整改' });
    const back = await step(service, STEP.reinstate(recommended.id));
    expect(back.state).toBe('RECOMMENDED');
    expect(back.history.at(-1)).toMatchObject({ action: 'REINSTATE', fromState: 'SUSPENDED', toState: 'RECOMMENDED', reason: null });

    const registered = await inState('registered');
    await step(service, STEP.suspend(registered.id));
    expect((await step(service, STEP.reinstate(registered.id))).state).toBe('REGISTERED');
    await step(service, STEP.suspend(registered.id));
    const gone = await step(service, STEP.deregister(registered.id, '自行解散，清算完毕'));
    expect(gone.state).toBe('DEREGISTERED');
    expect(history(gone).slice(1)).toEqual([
      'SUSPEND:REGISTERED>SUSPENDED',
      'REINSTATE:SUSPENDED>REGISTERED',
      'SUSPEND:REGISTERED>SUSPENDED',
      'DEREGISTER:SUSPENDED>DEREGISTERED',
    ]);
    // occurredAt is ordered and ISO.
    const times = gone.history.map((h) => Date.parse(h.occurredAt));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('refuses every illegal transition with ILLEGAL_TRANSITION naming the current state, and writes nothing', async () => {
    const subjects = Object.fromEntries(await Promise.all(ORGANIZATION_STATES.map(async (s) => [s, await inState(s)] as const)));
    const before = { outbox: await countRows(service, 'outbox'), history: await countRows(service, 'organization_transitions') };
    let refusals = 0;
    for (const state of ORGANIZATION_STATES) {
      for (const action of LIFECYCLE_ACTIONS) {
        if (TRANSITIONS[action][state] !== undefined) continue;
        const call = callFor(action, subjects[state]!.id);
        const refusal = await refused(service, call.query, call.variables);
        expect(refusal, `${action} from ${state}`).toMatchObject({
          code: 'ILLEGAL_TRANSITION',
          field: 'id',
          currentState: state.toUpperCase(),
          action: action.toUpperCase(),
          message: `cannot ${action} an organization that is ${state}`,
        });
        refusals += 1;
      }
    }
    expect(refusals).toBe(ORGANIZATION_STATES.length * LIFECYCLE_ACTIONS.length - 17);
    expect(await countRows(service, 'outbox')).toBe(before.outbox);
    expect(await countRows(service, 'organization_transitions')).toBe(before.history);
    for (const state of ORGANIZATION_STATES) expect((await read(subjects[state]!.id)).state).toBe(state.toUpperCase());
  });
});

describe('concurrent steps', () => {
  it('applies one of several simultaneous suspensions; the others see the new state', async () => {
    const org = await inState('registered');
    const results = await Promise.all(Array.from({ length: 6 }, () => service.request(STEP.suspend(org.id).query, STEP.suspend(org.id).variables)));
    const succeeded = results.filter((r) => !r.errors);
    expect(succeeded).toHaveLength(1);
    for (const r of results.filter((x) => x.errors)) {
      expect(r.errors![0]!.extensions).toMatchObject({ code: 'ILLEGAL_TRANSITION', currentState: 'SUSPENDED' });
    }
    expect(history(await read(org.id))).toEqual(['REGISTER:->REGISTERED', 'SUSPEND:REGISTERED>SUSPENDED']);
  });
});

describe('annual inspections and grades', () => {
  it('records one inspection per year, newest first, and refuses bad years', async () => {
    const org = await inState('filed');
    await step(service, STEP.inspect(org.id, Number(today.slice(0, 4)), 'BASIC_PASS'));
    const after = await read(org.id);
    expect(after.inspections).toEqual([{ year: Number(today.slice(0, 4)), result: 'BASIC_PASS' }]);
    expect(after.history.at(-1)).toMatchObject({ action: 'INSPECT', fromState: 'FILED', toState: 'FILED' });

    const thisYear = Number(today.slice(0, 4));
    expect(await refused(service, STEP.inspect(org.id, thisYear, 'PASSED').query, STEP.inspect(org.id, thisYear).variables)).toMatchObject({ code: 'CONFLICT', field: 'year' });
    expect(await refused(service, STEP.inspect(org.id, thisYear + 1).query, STEP.inspect(org.id, thisYear + 1).variables)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'year' });
    expect(await refused(service, STEP.inspect(org.id, 1980).query, STEP.inspect(org.id, 1980).variables)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'year' });
    // Established this year: an inspection of an earlier year is for an organization that did not exist.
    expect(await refused(service, STEP.inspect(org.id, 2001).query, STEP.inspect(org.id, 2001).variables)).toMatchObject({ code: 'RULE_VIOLATION', field: 'year' });
    const invalidEnum = await service.request(STEP.inspect(org.id).query, { ...STEP.inspect(org.id).variables, r: 'EXCELLENT' });
    expect(invalidEnum.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await read(org.id)).inspections).toHaveLength(1);
  });

  it('grades a registered organization from its score, valid five years; older grades are history', async () => {
    const org = await inState('registered');
    const first = await step(service, STEP.grade(org.id, 650, '2015-03-01'));
    // Expired in 2020: recorded, but not in force.
    expect(first.grade).toBeNull();
    expect(first.grades).toEqual([{ grade: 2, score: 650, gradedOn: '2015-03-01', validUntil: '2020-02-29', current: false }]);

    const graded = await step(service, STEP.grade(org.id, 905));
    expect(graded.grade).toEqual({ grade: 5, label: '5A', score: 905, gradedOn: today, validUntil: expect.any(String), current: true });
    expect(graded.grade!.validUntil > today).toBe(true);
    expect(graded.grades.map((g) => [g.grade, g.current])).toEqual([
      [5, true],
      [2, false],
    ]);
    expect(graded.history.filter((h) => h.action === 'GRADE')).toHaveLength(2);
    // An evaluation older than the latest cannot be added after it.
    expect(await refused(service, STEP.grade(org.id, 700, '2016-01-01').query, STEP.grade(org.id, 700, '2016-01-01').variables)).toMatchObject({
      code: 'RULE_VIOLATION',
      field: 'gradedOn',
    });
  });

  it.each(['FAILED', 'NOT_SUBMITTED'])('refuses to grade an organization whose last inspection was %s', async (result) => {
    const org = await inState('registered');
    const year = Number(today.slice(0, 4));
    await step(service, STEP.inspect(org.id, year, result));
    const refusal = await refused(service, STEP.grade(org.id, 880).query, STEP.grade(org.id, 880).variables);
    expect(refusal).toMatchObject({ code: 'RULE_VIOLATION', field: 'id', lastInspection: { year, result } });
    expect((await read(org.id)).grades).toEqual([]);
  });

  it('refuses scores out of range or too low, and future dates, writing nothing', async () => {
    const org = await inState('registered');
    const before = await countRows(service, 'outbox');
    for (const [score, date, code, field] of [
      [1200, null, 'BAD_USER_INPUT', 'score'],
      [-1, null, 'BAD_USER_INPUT', 'score'],
      [420, null, 'RULE_VIOLATION', 'score'],
      [800, '2999-01-01', 'BAD_USER_INPUT', 'gradedOn'],
      [800, '2024-13-01', 'BAD_USER_INPUT', 'gradedOn'],
    ] as const) {
      expect(await refused(service, STEP.grade(org.id, score, date).query, STEP.grade(org.id, score, date).variables), `${score} ${date}`).toMatchObject({ code, field });
    }
    expect(await countRows(service, 'outbox')).toBe(before);
    expect((await read(org.id)).grades).toEqual([]);
  });
});

describe('bad input', () => {
  it('answers unknown and malformed ids with NOT_FOUND, never a 500', async () => {
    for (const id of ['not-a-uuid', '00000000-0000-4000-8000-000000000000', '']) {
      for (const action of LIFECYCLE_ACTIONS) {
        const call = callFor(action, id);
        expect(await refused(service, call.query, call.variables), `${action} ${id}`).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
      }
    }
  });

  it('validates arguments before the state: reasons, credit codes, filing numbers, conflicts', async () => {
    const registered = await registerOrganization(service, { legalForm: 'SOCIAL_GROUP', creditCode: validCreditCode('1') });
    const prepared = await prepareOrganization(service);
    const filed = await fileOrganization(service);
    const good = validCreditCode('2');
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const before = { outbox: await countRows(service, 'outbox'), history: await countRows(service, 'organization_transitions') };
    const cases: [{ query: string; variables: Record<string, unknown> }, string, string, Record<string, unknown>?][] = [
      [STEP.suspend(registered.id, 'x'), 'BAD_USER_INPUT', 'reason'],
      [STEP.deregister(registered.id, '  '), 'BAD_USER_INPUT', 'reason'],
      [STEP.register(prepared.id, wrongCheck), 'BAD_USER_INPUT', 'creditCode', { reason: 'check_character' }],
      [STEP.register(prepared.id, good, 'FOUNDATION'), 'BAD_USER_INPUT', 'creditCode', { reason: 'legal_form_mismatch' }],
      [STEP.register(prepared.id, registered.creditCode!, 'SOCIAL_GROUP'), 'CONFLICT', 'creditCode'],
      [STEP.file(prepared.id, ` ${filed.filingNumber} `), 'CONFLICT', 'filingNumber'],
      [STEP.file(prepared.id, '   '), 'BAD_USER_INPUT', 'filingNumber'],
    ];
    for (const [call, code, field, extra] of cases) {
      expect(await refused(service, call.query, call.variables), JSON.stringify(call.variables)).toMatchObject({ code, field, ...(extra ?? {}) });
    }
    expect(await countRows(service, 'outbox')).toBe(before.outbox);
    expect(await countRows(service, 'organization_transitions')).toBe(before.history);
    expect((await read(prepared.id)).state).toBe('PREPARING');
  });

  it('validates the profile: contacts, counts, service fields; a deregistered organization is read-only', async () => {
    const org = await prepareOrganization(service, { website: 'https://example.org', phone: '0472-2123456' });
    const UPDATE = `mutation ($id: ID!, $input: UpdateOrganizationProfileInput!) { updateOrganizationProfile(id: $id, input: $input) { id description phone email website staffCount serviceFields } }`;
    const updated = await ok<{ updateOrganizationProfile: Record<string, unknown> }>(service, UPDATE, {
      id: org.id,
      input: { description: '社区老年人助餐', email: 'help@example.org', website: null, staffCount: 4, serviceFields: ['ELDERLY', 'LEGAL_AID'] },
    });
    expect(updated.updateOrganizationProfile).toMatchObject({
      description: '社区老年人助餐',
      phone: '0472-2123456',
      email: 'help@example.org',
      website: null,
      staffCount: 4,
      serviceFields: ['ELDERLY', 'LEGAL_AID'],
    });
    for (const [input, field] of [
      [{}, 'input'],
      [{ email: 'not-an-email' }, 'input.email'],
      [{ website: 'ftp://example.org' }, 'input.website'],
      [{ phone: 'call me' }, 'input.phone'],
      [{ staffCount: -1 }, 'input.staffCount'],
      [{ serviceFields: null }, 'input.serviceFields'],
      [{ memberCount: null }, 'input.memberCount'],
    ] as const) {
      expect(await refused(service, UPDATE, { id: org.id, input }), JSON.stringify(input)).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const gone = await inState('deregistered');
    expect(await refused(service, UPDATE, { id: gone.id, input: { staffCount: 1 } })).toMatchObject({ code: 'RULE_VIOLATION', field: 'id', state: 'DEREGISTERED' });
    expect(await refused(service, UPDATE, { id: 'nope', input: { staffCount: 1 } })).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    const PREPARE = `mutation ($input: PrepareOrganizationInput!) { prepareOrganization(input: $input) { id } }`;
    const input = { name: '邻里互助会', communityCode: '150204001001', category: 'CHARITY', serviceFields: [] };
    expect(await refused(service, PREPARE, { input: { ...input, email: 'x@' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.email' });
    expect(await refused(service, PREPARE, { input: { ...input, communityCode: '150204009001' } })).toMatchObject({ code: 'UNKNOWN_COMMUNITY', field: 'input.communityCode' });
  });
});
