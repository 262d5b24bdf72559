import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { socialWork as contracts } from '@sanshe/events';
import { anonymous, maskIdNumber, maskName, maskPhone } from '@sanshe/service-kit';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { socialWorkSubgraph } from '../../src/app.ts';
import { countRows } from '../../../organizations/test/factories/replicas.ts';
import { entities, expectNoneOf, ok, refused } from '../factories/graphql.ts';
import { partnerReader } from '../factories/identities.ts';
import { announceOrganization, announceRegions } from '../factories/replica-events.ts';
import { REGISTER_VOLUNTEER, recordService, registerVolunteer, validIdNumber, volunteerInput, type VolunteerResult } from '../factories/volunteers.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;
let organization: string;
/** Every personal value registered here, to prove none leaves the service unmasked. */
const secrets = new Set<string>();
const registered: VolunteerResult[] = [];

async function register(overrides: Record<string, unknown> = {}) {
  const { volunteer, input } = await registerVolunteer(service, overrides);
  for (const value of [input.name, input.phone, input.idNumber]) secrets.add(String(value));
  registered.push(volunteer);
  return { volunteer, input };
}

beforeAll(async () => {
  service = await subgraphs.start('social-work', socialWorkSubgraph);
  await announceRegions(bus, service);
  organization = await announceOrganization(bus, service, { serviceFields: ['volunteering'] });
});

describe('registering volunteers', () => {
  it('stores personal data in full and serves it masked to callers without rights', async () => {
    // The district operator registering the volunteer may see their data (each read audited).
    const { volunteer, input } = await register({ name: '欧阳春花', skills: ['MEDICAL', 'ELDERLY_CARE', 'MEDICAL'] });
    expect(volunteer).toMatchObject({ name: '欧阳春花', phone: input.phone, idNumber: input.idNumber, community: { code: '150204001001' }, skills: ['MEDICAL', 'ELDERLY_CARE'] });
    const [row] = await service.database.sql`select name, phone, id_number from volunteers where id = ${volunteer.id}`;
    expect(row).toEqual({ name: '欧阳春花', phone: input.phone, id_number: input.idNumber });
    const seen = await ok<{ volunteer: unknown }>(service, `query ($id: ID!) { volunteer(id: $id) { name phone idNumber } }`, { id: volunteer.id }, partnerReader);
    expect(seen.volunteer).toEqual({
      name: '欧***',
      phone: `${input.phone.slice(0, 3)}****${input.phone.slice(-4)}`,
      idNumber: `${input.idNumber.slice(0, 4)}**********${input.idNumber.slice(-4)}`,
    });
    expectNoneOf(seen, secrets);
  });

  it('refuses bad input with typed errors naming the field, writing nothing', async () => {
    const taken = [...secrets].find((s) => /^\d{17}[\dX]$/.test(s))!;
    const before = { volunteers: await countRows(service, 'volunteers'), outbox: await countRows(service, 'outbox') };
    const cases: [Record<string, unknown>, string, string][] = [
      [{ phone: '1381234567' }, 'BAD_USER_INPUT', 'input.phone'],
      [{ idNumber: `${taken.slice(0, 17)}${taken[17] === '1' ? '2' : '1'}` }, 'BAD_USER_INPUT', 'input.idNumber'],
      [{ idNumber: '15020419900230123X' }, 'BAD_USER_INPUT', 'input.idNumber'],
      [{ idNumber: taken }, 'CONFLICT', 'input.idNumber'],
      [{ idNumber: taken.toLowerCase() }, 'CONFLICT', 'input.idNumber'],
      [{ communityCode: '150204009009' }, 'UNKNOWN_COMMUNITY', 'input.communityCode'],
      [{ communityCode: '150204001' }, 'BAD_USER_INPUT', 'input.communityCode'],
      [{ name: ' ' }, 'BAD_USER_INPUT', 'input.name'],
    ];
    for (const [overrides, code, field] of cases) {
      expect(await refused(service, REGISTER_VOLUNTEER, { input: volunteerInput(overrides) }), JSON.stringify(overrides)).toEqual({ code, field });
    }
    const skill = await service.request(REGISTER_VOLUNTEER, { input: volunteerInput({ skills: ['JUGGLING'] }) });
    expect(skill.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect({ volunteers: await countRows(service, 'volunteers'), outbox: await countRows(service, 'outbox') }).toEqual(before);
  });
});

describe('training and commendations', () => {
  it('records them against a volunteer and lists them', async () => {
    const volunteer = registered[0]!;
    const training = await ok<{ recordVolunteerTraining: Record<string, unknown> }>(
      service,
      `mutation ($input: RecordVolunteerTrainingInput!) { recordVolunteerTraining(input: $input) { id volunteer { id } title provider trainedOn minutes } }`,
      { input: { volunteerId: volunteer.id, title: '应急救护培训', provider: '青山区红十字会', trainedOn: '2024-04-20', minutes: 240 } },
    );
    expect(training.recordVolunteerTraining).toMatchObject({ volunteer: { id: volunteer.id }, title: '应急救护培训', trainedOn: '2024-04-20', minutes: 240 });
    const COMMEND = `mutation ($input: RecordVolunteerCommendationInput!) { recordVolunteerCommendation(input: $input) { id volunteer { id } title conferredBy conferredOn } }`;
    await ok(service, COMMEND, { input: { volunteerId: volunteer.id, title: '优秀志愿者', conferredBy: '青山区民政局', conferredOn: '2024-05-01' } });
    expect(await refused(service, COMMEND, { input: { volunteerId: randomUUID(), title: '优秀志愿者', conferredBy: '青山区民政局', conferredOn: '2024-05-01' } })).toEqual({
      code: 'NOT_FOUND',
      field: 'input.volunteerId',
    });
    expect(await refused(service, COMMEND, { input: { volunteerId: 'v-1', title: '优秀志愿者', conferredBy: '青山区民政局', conferredOn: '2024-05-01' } })).toEqual({
      code: 'NOT_FOUND',
      field: 'input.volunteerId',
    });
    const read = await ok<{ volunteer: { trainings: { totalCount: number }; commendations: { edges: { node: { title: string } }[] } } }>(
      service,
      `query ($id: ID!) { volunteer(id: $id) { trainings { totalCount } commendations { edges { node { title } } } } }`,
      { id: volunteer.id },
    );
    expect(read.volunteer).toEqual({ trainings: { totalCount: 1 }, commendations: { edges: [{ node: { title: '优秀志愿者' } }] } });
  });
});

describe('lists and community figures', () => {
  it('filters volunteers by region and skill and pages them in registration order', async () => {
    await register({ communityCode: '150204001001', skills: ['REPAIR'] });
    await register({ communityCode: '150204001002', skills: ['MEDICAL'] });
    await register({ communityCode: '150204002001', skills: [] });
    type Conn = { totalCount: number; edges: { node: { id: string; name: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    const list = (filter: Record<string, unknown>, first = 20, after: string | null = null) =>
      ok<{ volunteers: Conn }>(service, `query ($f: VolunteerFilter, $first: Int, $after: String) { volunteers(filter: $f, first: $first, after: $after) {
        totalCount edges { node { id name } } pageInfo { hasNextPage endCursor } } }`, { f: filter, first, after }, partnerReader).then((d) => d.volunteers);
    const all = await list({});
    expect(all.edges.map((e) => e.node.id)).toEqual(registered.map((v) => v.id));
    expect((await list({ within: '150204001' })).totalCount).toBe(3);
    expect((await list({ within: '150204002001' })).totalCount).toBe(1);
    expect((await list({ skill: 'MEDICAL' })).totalCount).toBe(2);
    expect((await list({ within: '150204001001', skill: 'MEDICAL' })).totalCount).toBe(1);
    const first = await list({}, 2);
    const second = await list({}, 2, first.pageInfo.endCursor);
    expect([...first.edges, ...second.edges].map((e) => e.node.id)).toEqual(registered.map((v) => v.id));
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect(await refused(service, `{ volunteers(first: 101) { totalCount } }`)).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
    expect(await refused(service, `{ volunteers(filter: { within: "abc" }) { totalCount } }`)).toEqual({ code: 'BAD_USER_INPUT', field: 'filter.within' });
    expectNoneOf(all, secrets);
  });

  it('counts volunteers and their verified minutes per community in grouped queries', async () => {
    const [a, b] = registered;
    await recordService(service, a!.id, organization, { serviceDate: '2024-03-01', minutes: 95 });
    await recordService(service, a!.id, organization, { serviceDate: '2024-03-02', minutes: 30 });
    await recordService(service, a!.id, organization, { serviceDate: '2024-03-03', minutes: 600 }, false); // not verified
    await recordService(service, b!.id, organization, { serviceDate: '2024-03-01', minutes: 5 });
    const rows = await entities<{ code: string; volunteerCount: number; volunteerMinutes: number; volunteers: { totalCount: number } }>(
      service,
      ['150204001001', '150204001002', '150204002001', '150204002002'].map((code) => ({ __typename: 'Community', code })),
      '... on Community { code volunteerCount volunteerMinutes volunteers(skill: REPAIR) { totalCount } }',
    );
    expect(rows).toEqual([
      { code: '150204001001', volunteerCount: 2, volunteerMinutes: 130, volunteers: { totalCount: 1 } },
      { code: '150204001002', volunteerCount: 1, volunteerMinutes: 0, volunteers: { totalCount: 0 } },
      { code: '150204002001', volunteerCount: 1, volunteerMinutes: 0, volunteers: { totalCount: 0 } },
      { code: '150204002002', volunteerCount: 0, volunteerMinutes: 0, volunteers: { totalCount: 0 } },
    ]);
    const [time] = await entities(service, [{ __typename: 'Volunteer', id: a!.id }], '... on Volunteer { verifiedTime { minutes hours remainderMinutes text } }');
    expect(time).toEqual({ verifiedTime: { minutes: 125, hours: 2, remainderMinutes: 5, text: '2小时05分' } });
  });

  /**
   * The fewest statements `request` sends in three tries (the outbox relay's polling shares the
   * counter); `check` runs on each answer, outside the count.
   */
  async function fewestStatements<T>(request: () => Promise<T>, check: (answer: T) => Promise<void> | void): Promise<number> {
    let least = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i += 1) {
      const before = service.database.statementCount();
      const answer = await request();
      least = Math.min(least, service.database.statementCount() - before);
      await check(answer);
    }
    return least;
  }

  it('gives an anonymous caller zero volunteers without asking PostgreSQL', async () => {
    const communities = ['150204001001', '150204001002'].map((code) => ({ __typename: 'Community', code }));
    const fewest = (selection: string) =>
      fewestStatements(
        () => entities<{ volunteerCount?: number }>(service, communities, selection, anonymous),
        (rows) => {
          if (selection.includes('volunteerCount')) expect(rows.map((r) => r.volunteerCount)).toEqual([0, 0]);
        },
      );
    expect(await fewest('... on Community { code volunteerCount }')).toBe(await fewest('... on Community { code }'));
  });

  it('audits a page of revealed personal data in one insert, however long the page', async () => {
    const query = `query ($first: Int) { volunteers(first: $first) { edges { node { id name phone idNumber } } } }`;
    const auditLines = async () => (await service.database.sql<{ n: number }[]>`select count(*)::int as n from audit_log where kind = 'personal_data_read'`)[0]!.n;
    // Every field read is logged: three lines a volunteer, whatever the statements.
    const fewest = async (first: number) => {
      let lines = 0;
      return fewestStatements(
        // The audit lines counted before each request add the same one statement to every count.
        async () => {
          lines = await auditLines();
          return ok<{ volunteers: { edges: { node: { name: string } }[] } }>(service, query, { first });
        },
        async (data) => {
          expect(data.volunteers.edges).toHaveLength(first);
          expect(secrets.has(data.volunteers.edges[0]!.node.name)).toBe(true);
          expect((await auditLines()) - lines).toBe(3 * first);
        },
      );
    };
    expect(registered.length).toBeGreaterThanOrEqual(4);
    expect(await fewest(registered.length)).toBe(await fewest(1));
  });

  it('resolves Volunteer entities, masked to callers without rights; unknown and malformed ids are null', async () => {
    const v = registered[0]!;
    const result = await entities(
      service,
      [{ __typename: 'Volunteer', id: v.id }, { __typename: 'Volunteer', id: randomUUID() }, { __typename: 'Volunteer', id: '1' }],
      '... on Volunteer { id name phone idNumber community { code } }',
      partnerReader,
    );
    expect(result).toEqual([{ id: v.id, name: maskName(v.name), phone: maskPhone(v.phone), idNumber: maskIdNumber(v.idNumber), community: v.community }, null, null]);
    expectNoneOf(result, secrets);
    expect(await ok(service, `{ volunteer(id: "nope") { id } }`)).toEqual({ volunteer: null });
  });
});

describe('events', () => {
  it('announces registrations, trainings and commendations without personal data', async () => {
    await service.flushOutbox();
    const registeredEvents = await bus.events(contracts.volunteerRegistered, registered.length);
    expect(registeredEvents.map((e) => e.event.data.volunteerId)).toEqual(registered.map((v) => v.id));
    expect(registeredEvents[0]!.event.data).toEqual({ volunteerId: registered[0]!.id, communityCode: '150204001001', skills: ['medical', 'elderly_care'] });
    const trained = await bus.events(contracts.volunteerTrained, 1);
    expect(trained[0]!.event.data).toMatchObject({ volunteerId: registered[0]!.id, trainedOn: '2024-04-20', minutes: 240 });
    const commended = await bus.events(contracts.volunteerCommended, 1);
    expect(commended[0]!.event.data).toMatchObject({ volunteerId: registered[0]!.id, title: '优秀志愿者', conferredOn: '2024-05-01' });
    expectNoneOf([registeredEvents, trained, commended], secrets);
    expect(validIdNumber()).toMatch(/^\d{17}[\dX]$/);
  });
});
