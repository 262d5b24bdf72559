import { beforeAll, describe, expect, it } from 'vitest';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { organizations as contracts } from '@sanshe/events';
import { organizationsSubgraph } from '../../src/app.ts';
import { ok, prepareOrganization, refused, step, STEP } from '../factories/lifecycle.ts';
import { fileOrganization, registerOrganization } from '../factories/organizations.ts';
import { countOutbox, countRows } from '../factories/replicas.ts';
import { seedKnownRegions } from '../factories/regions.ts';
import { ADD, ADMIT, CREATE_CENTER, END_LOAN, HUB, LEND, REMOVE, centerInput } from '../factories/network.ts';
import { districtDate } from '@sanshe/service-kit';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;
const today = districtDate();

beforeAll(async () => {
  service = await subgraphs.start('organizations', organizationsSubgraph);
  await seedKnownRegions(service);
});

describe('federations and hubs', () => {
  it('designates a hub, adds and removes members, and lists both sides', async () => {
    const federation = await registerOrganization(service, { name: '曙光街道社区社会组织联合会', category: 'COMMUNITY_SERVICE' });
    expect((await ok(service, HUB, { id: federation.id, kind: 'FEDERATION' })).designateHub.hubKind).toBe('FEDERATION');
    const members = [await fileOrganization(service), await fileOrganization(service)];
    for (const member of members) {
      const { addFederationMember: m } = await ok(service, ADD, { f: federation.id, m: member.id, on: '2020-06-01' });
      expect(m).toMatchObject({ joinedOn: '2020-06-01', leftOn: null, active: true, federation: { id: federation.id, hubKind: 'FEDERATION' }, member: { id: member.id } });
    }
    expect(await refused(service, ADD, { f: federation.id, m: members[0]!.id })).toMatchObject({ code: 'CONFLICT', field: 'memberId' });

    const { removeFederationMember: left } = await ok(service, REMOVE, { f: federation.id, m: members[1]!.id });
    expect(left).toMatchObject({ leftOn: today, active: false });
    expect(await refused(service, REMOVE, { f: federation.id, m: members[1]!.id })).toMatchObject({ code: 'NOT_FOUND', field: 'memberId' });
    expect(await refused(service, REMOVE, { f: federation.id, m: members[0]!.id, on: '2019-01-01' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'leftOn' });

    const view = await ok(
      service,
      `query ($f: ID!, $m: ID!) {
        f: organization(id: $f) { federationMembers { member { id } } all: federationMembers(activeOnly: false) { member { id } active } }
        m: organization(id: $m) { memberships { federation { id } active } }
      }`,
      { f: federation.id, m: members[1]!.id },
    );
    expect(view.f.federationMembers).toEqual([{ member: { id: members[0]!.id } }]);
    expect(view.f.all).toEqual([
      { member: { id: members[0]!.id }, active: true },
      { member: { id: members[1]!.id }, active: false },
    ]);
    expect(view.m.memberships).toEqual([{ federation: { id: federation.id }, active: false }]);
    // A member that left can join again.
    expect((await ok(service, ADD, { f: federation.id, m: members[1]!.id })).addFederationMember.active).toBe(true);
  });

  it('refuses non-hubs, inactive organizations, self-membership and cycles', async () => {
    const plain = await fileOrganization(service);
    const other = await fileOrganization(service);
    const hubA = await registerOrganization(service);
    const hubB = await registerOrganization(service);
    await ok(service, HUB, { id: hubA.id, kind: 'HUB' });
    await ok(service, HUB, { id: hubB.id, kind: 'ALLIANCE' });
    await ok(service, ADD, { f: hubA.id, m: hubB.id });
    const suspended = await fileOrganization(service);
    await step(service, STEP.suspend(suspended.id));
    const preparing = await prepareOrganization(service);

    const before = await countRows(service, 'federation_memberships');
    for (const [vars, code, field] of [
      [{ f: plain.id, m: other.id }, 'RULE_VIOLATION', 'federationId'],
      [{ f: hubA.id, m: hubA.id }, 'BAD_USER_INPUT', 'memberId'],
      [{ f: hubB.id, m: hubA.id }, 'RULE_VIOLATION', 'memberId'],
      [{ f: hubA.id, m: suspended.id }, 'RULE_VIOLATION', 'memberId'],
      [{ f: hubA.id, m: preparing.id }, 'RULE_VIOLATION', 'memberId'],
      [{ f: 'nope', m: other.id }, 'NOT_FOUND', 'federationId'],
      [{ f: hubA.id, m: '00000000-0000-4000-8000-000000000000' }, 'NOT_FOUND', 'memberId'],
      [{ f: hubA.id, m: other.id, on: '2999-01-01' }, 'BAD_USER_INPUT', 'joinedOn'],
    ] as const) {
      expect(await refused(service, ADD, vars), JSON.stringify(vars)).toMatchObject({ code, field });
    }
    expect(await countRows(service, 'federation_memberships')).toBe(before);
    expect(await refused(service, HUB, { id: preparing.id, kind: 'HUB' })).toMatchObject({ code: 'RULE_VIOLATION', field: 'id', state: 'PREPARING' });
  });
});

describe('venues', () => {
  const lendInput = (organizationId: string, overrides: Record<string, unknown> = {}) => ({
    organizationId,
    venueName: '桃源社区服务中心二楼活动室',
    communityCode: '150204001002',
    areaSquareMetres: 40,
    startsOn: '2024-01-01',
    ...overrides,
  });

  it('lends zero-rent space and ends the loan', async () => {
    const org = await fileOrganization(service);
    const { lendVenue: loan } = await ok(service, LEND, { input: lendInput(org.id) });
    expect(loan).toMatchObject({ community: { code: '150204001002' }, areaSquareMetres: 40, monthlyRentFen: 0, zeroRent: true, endsOn: null, organization: { id: org.id } });
    const ended = (await ok(service, END_LOAN, { id: loan.id, on: '2024-12-31' })).endVenueLoan;
    expect(ended.endsOn).toBe('2024-12-31');
    expect(await refused(service, END_LOAN, { id: loan.id })).toMatchObject({ code: 'RULE_VIOLATION', field: 'endedOn' });
    const rented = (await ok(service, LEND, { input: lendInput(org.id, { monthlyRentFen: 50_000, areaSquareMetres: 12.25, endsOn: '2026-12-31' }) })).lendVenue;
    expect(rented).toMatchObject({ monthlyRentFen: 50_000, zeroRent: false, areaSquareMetres: 12.25, endsOn: '2026-12-31' });
    expect(await refused(service, END_LOAN, { id: rented.id, on: '2023-06-01' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'endedOn' });
    const listed = await ok(service, `query ($id: ID!) { organization(id: $id) { venueLoans { id } } }`, { id: org.id });
    expect(listed.organization.venueLoans.map((l: { id: string }) => l.id)).toEqual([rented.id, loan.id]);
  });

  it('refuses bad loans with a typed error naming the field', async () => {
    const org = await fileOrganization(service);
    const gone = await fileOrganization(service);
    await step(service, STEP.deregister(gone.id));
    for (const [input, code, field] of [
      [lendInput(org.id, { endsOn: '2023-12-31' }), 'BAD_USER_INPUT', 'input.endsOn'],
      [lendInput(org.id, { areaSquareMetres: 0 }), 'BAD_USER_INPUT', 'input.areaSquareMetres'],
      [lendInput(org.id, { monthlyRentFen: -1 }), 'BAD_USER_INPUT', 'input.monthlyRentFen'],
      [lendInput(org.id, { startsOn: '2024-02-30' }), 'BAD_USER_INPUT', 'input.startsOn'],
      [lendInput(org.id, { communityCode: '150204009001' }), 'UNKNOWN_COMMUNITY', 'input.communityCode'],
      [lendInput(org.id, { venueName: ' ' }), 'BAD_USER_INPUT', 'input.venueName'],
      [lendInput('nope'), 'NOT_FOUND', 'input.organizationId'],
      [lendInput(gone.id), 'RULE_VIOLATION', 'input.organizationId'],
    ] as const) {
      expect(await refused(service, LEND, { input }), JSON.stringify(input)).toMatchObject({ code, field });
    }
    expect(await refused(service, END_LOAN, { id: 'nope' })).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
  });
});

describe('deregistration', () => {
  it('ends memberships, incubation and venue loans the same day, with events', async () => {
    const federation = await registerOrganization(service);
    await ok(service, HUB, { id: federation.id, kind: 'FEDERATION' });
    const org = await fileOrganization(service);
    const member = await fileOrganization(service);
    await ok(service, ADD, { f: federation.id, m: org.id, on: '2023-01-01' });
    await ok(service, ADD, { f: federation.id, m: member.id, on: '2023-01-01' });
    const { createIncubationCenter: center } = await ok(service, CREATE_CENTER, { input: centerInput() });
    await ok(service, ADMIT, { input: { centerId: center.id, organizationId: org.id, admittedOn: '2023-02-01' } });
    await ok(service, LEND, { input: { organizationId: org.id, venueName: '活动室', communityCode: '150204001001', areaSquareMetres: 20, startsOn: '2023-01-01' } });

    await step(service, STEP.deregister(org.id));
    const after = await ok(
      service,
      `query ($id: ID!) { organization(id: $id) { state memberships { leftOn active } incubationStints { stage endedOn } venueLoans { endsOn } } }`,
      { id: org.id },
    );
    expect(after.organization).toEqual({
      state: 'DEREGISTERED',
      memberships: [{ leftOn: today, active: false }],
      incubationStints: [{ stage: 'WITHDRAWN', endedOn: today }],
      venueLoans: [{ endsOn: today }],
    });

    // A deregistered federation loses its remaining members.
    await step(service, STEP.deregister(federation.id));
    const members = await ok(service, `query ($id: ID!) { organization(id: $id) { memberships { active } } }`, { id: member.id });
    expect(members.organization.memberships).toEqual([{ active: false }]);
  });
});

describe('federation events', () => {
  it('publishes joins and departures with their facts', async () => {
    await service.flushOutbox();
    for (const contract of [contracts.federationMemberJoined, contracts.federationMemberLeft]) {
      const n = await countOutbox(service, contract.type);
      expect(n, contract.name).toBeGreaterThan(0);
      const events = await bus.events(contract, n);
      expect(events, contract.name).toHaveLength(n);
      for (const { event } of events) expect(event.subject).toBe(event.data.membershipId);
    }
    // One removal, then deregistration: the organization left its federation, and the federation's last member left it.
    expect(await countOutbox(service, contracts.federationMemberLeft.type)).toBe(3);
  });
});
