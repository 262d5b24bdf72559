import { beforeAll, describe, expect, it } from 'vitest';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { organizations as contracts } from '@sanshe/events';
import { organizationsSubgraph } from '../../src/app.ts';
import { ok, prepareOrganization, refused, step, STEP } from '../factories/lifecycle.ts';
import { fileOrganization, registerOrganization } from '../factories/organizations.ts';
import { countOutbox } from '../factories/replicas.ts';
import { seedKnownRegions } from '../factories/regions.ts';
import { ADMIT, ADVANCE, CREATE_CENTER, GRADUATE, WITHDRAW, centerInput } from '../factories/network.ts';
import { districtDate } from '@sanshe/service-kit';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;
const today = districtDate();

beforeAll(async () => {
  service = await subgraphs.start('organizations', organizationsSubgraph);
  await seedKnownRegions(service);
});

describe('incubation', () => {
  it('creates centres and parks, exactly, and refuses bad ones', async () => {
    const input = centerInput({ name: '青山区社会组织孵化园' });
    const { createIncubationCenter: center } = await ok(service, CREATE_CENTER, { input });
    expect(center).toMatchObject({ name: '青山区社会组织孵化园', kind: 'PARK', regionCode: '150204', areaSquareMetres: 3200.5, capacity: 2, occupancy: 0 });
    const [row] = await service.database.sql`select area_sqm::text as area from incubation_centers where id = ${center.id}`;
    expect(row!.area).toBe('3200.50');
    await ok(service, CREATE_CENTER, { input: centerInput({ name: '先锋道街道孵化服务站', kind: 'CENTER', regionCode: '150204001', areaSquareMetres: 160, capacity: 8 }) });

    for (const [patch, code, field] of [
      [{ name: '青山区社会组织孵化园' }, 'CONFLICT', 'input.name'],
      [{ regionCode: '150204009' }, 'NOT_FOUND', 'input.regionCode'],
      [{ regionCode: '15020' }, 'BAD_USER_INPUT', 'input.regionCode'],
      [{ areaSquareMetres: 0 }, 'BAD_USER_INPUT', 'input.areaSquareMetres'],
      [{ areaSquareMetres: 10.005 }, 'BAD_USER_INPUT', 'input.areaSquareMetres'],
      [{ capacity: 0 }, 'BAD_USER_INPUT', 'input.capacity'],
      [{ operator: '' }, 'BAD_USER_INPUT', 'input.operator'],
      [{ openedOn: '2999-01-01' }, 'BAD_USER_INPUT', 'input.openedOn'],
    ] as const) {
      expect(await refused(service, CREATE_CENTER, { input: { ...input, ...patch } }), JSON.stringify(patch)).toMatchObject({ code, field });
    }

    const list = await ok(service, `{ all: incubationCenters { totalCount } street: incubationCenters(regionCode: "150204001") { edges { node { name } } } }`);
    expect(list.all.totalCount).toBe(2);
    expect(list.street.edges.map((e: { node: { name: string } }) => e.node.name)).toEqual(['先锋道街道孵化服务站']);
    expect(await refused(service, `{ incubationCenters(regionCode: "abc") { totalCount } }`)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'regionCode' });
    const entity = await ok(service, `query ($r: [_Any!]!) { _entities(representations: $r) { ... on IncubationCenter { name } } }`, {
      r: [{ __typename: 'IncubationCenter', id: center.id }, { __typename: 'IncubationCenter', id: 'x' }],
    });
    expect(entity._entities).toEqual([{ name: '青山区社会组织孵化园' }, null]);
  });

  it('admits, advances stage by stage, and graduates an organization once it is filed', async () => {
    const { createIncubationCenter: center } = await ok(service, CREATE_CENTER, { input: centerInput() });
    const org = await prepareOrganization(service);
    const { admitToIncubation: stint } = await ok(service, ADMIT, { input: { centerId: center.id, organizationId: org.id, admittedOn: '2024-03-01' } });
    expect(stint).toMatchObject({ stage: 'SEED', admittedOn: '2024-03-01', active: true, center: { occupancy: 1 }, organization: { state: 'PREPARING' } });

    expect(await refused(service, ADMIT, { input: { centerId: center.id, organizationId: org.id } })).toMatchObject({ code: 'CONFLICT', field: 'input.organizationId' });
    expect(await refused(service, ADVANCE, { id: stint.id, on: '2024-02-01' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'on' });
    expect((await ok(service, ADVANCE, { id: stint.id, on: '2024-09-01' })).r).toMatchObject({ stage: 'GROWTH', stageChangedOn: '2024-09-01' });
    expect((await ok(service, ADVANCE, { id: stint.id })).r).toMatchObject({ stage: 'MATURE', stageChangedOn: today });
    expect(await refused(service, ADVANCE, { id: stint.id })).toMatchObject({ code: 'ILLEGAL_TRANSITION', field: 'id', currentState: 'MATURE' });
    // Still preparing: a graduate must have been filed or registered.
    expect(await refused(service, GRADUATE, { id: stint.id })).toMatchObject({ code: 'RULE_VIOLATION', field: 'id', state: 'PREPARING' });

    await step(service, STEP.file(org.id));
    const graduated = (await ok(service, GRADUATE, { id: stint.id })).r;
    expect(graduated).toMatchObject({ stage: 'GRADUATED', graduatedOn: today, endedOn: today, active: false, center: { occupancy: 0 } });
    expect(await refused(service, WITHDRAW, { id: stint.id })).toMatchObject({ code: 'ILLEGAL_TRANSITION', currentState: 'GRADUATED' });
    expect(await refused(service, GRADUATE, { id: 'x' })).toMatchObject({ code: 'NOT_FOUND', field: 'id' });

    const page = await ok(service, `query ($id: ID!) { organization(id: $id) { incubationStints { stage center { id } } } incubationCenter(id: "${center.id}") { stints { stage } active: stints(activeOnly: true) { stage } } }`, { id: org.id });
    expect(page.organization.incubationStints).toEqual([{ stage: 'GRADUATED', center: { id: center.id } }]);
    expect(page.incubationCenter).toEqual({ stints: [{ stage: 'GRADUATED' }], active: [] });
  });

  it('holds capacity, refuses inactive organizations and unknown references', async () => {
    const { createIncubationCenter: center } = await ok(service, CREATE_CENTER, { input: centerInput({ capacity: 1 }) });
    const first = await fileOrganization(service);
    const second = await fileOrganization(service);
    const { admitToIncubation: stint } = await ok(service, ADMIT, { input: { centerId: center.id, organizationId: first.id } });
    expect(await refused(service, ADMIT, { input: { centerId: center.id, organizationId: second.id } })).toMatchObject({ code: 'RULE_VIOLATION', field: 'input.centerId' });
    const suspended = await registerOrganization(service);
    await step(service, STEP.suspend(suspended.id));
    const { createIncubationCenter: other } = await ok(service, CREATE_CENTER, { input: centerInput({ capacity: 5 }) });
    expect(await refused(service, ADMIT, { input: { centerId: other.id, organizationId: suspended.id } })).toMatchObject({
      code: 'RULE_VIOLATION',
      field: 'input.organizationId',
      state: 'SUSPENDED',
    });
    expect(await refused(service, ADMIT, { input: { centerId: 'nope', organizationId: second.id } })).toMatchObject({ code: 'NOT_FOUND', field: 'input.centerId' });
    expect(await refused(service, ADMIT, { input: { centerId: other.id, organizationId: 'nope' } })).toMatchObject({ code: 'NOT_FOUND', field: 'input.organizationId' });
    expect(await refused(service, ADMIT, { input: { centerId: other.id, organizationId: second.id, admittedOn: '2999-01-01' } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.admittedOn',
    });

    const withdrawn = (await ok(service, WITHDRAW, { id: stint.id })).r;
    expect(withdrawn).toMatchObject({ stage: 'WITHDRAWN', endedOn: today, graduatedOn: null, active: false });
    expect((await ok(service, ADMIT, { input: { centerId: center.id, organizationId: second.id } })).admitToIncubation.stage).toBe('SEED');
  });
});

describe('incubation events', () => {
  it('publishes admissions and graduations with their facts', async () => {
    await service.flushOutbox();
    for (const contract of [contracts.incubationAdmitted, contracts.incubationGraduated]) {
      const n = await countOutbox(service, contract.type);
      expect(n, contract.name).toBeGreaterThan(0);
      const events = await bus.events(contract, n);
      expect(events, contract.name).toHaveLength(n);
      for (const { event } of events) expect(event.subject).toBe(event.data.stintId);
    }
    const [graduation] = await bus.events(contracts.incubationGraduated, 1);
    expect(graduation!.event.data).toMatchObject({ admittedOn: '2024-03-01', graduatedOn: today, streetCode: '150204001', districtCode: '150204' });
  });
});
