import { beforeAll, describe, expect, it } from 'vitest';
import { testSubgraphs } from '@sanshe/testing';
import { selfGovernance as contracts } from '@sanshe/events';
import {
  COMMUNITY,
  NEED,
  OTHER_COMMUNITY,
  WISH,
  countRows,
  districtPartner,
  ok,
  outboxCount,
  outsider,
  postWish,
  refused,
  reportNeed,
  resident,
  startSelfGovernance,
  type SelfGovernance,
} from '../factories/self-governance.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: SelfGovernance;
const GRID = '150204001001001';
const VALID_ID = '11010519491231002X';

beforeAll(async () => {
  service = await startSelfGovernance(subgraphs);
  await ok(service, `mutation { drawGrid(input: { communityCode: "${COMMUNITY}", number: 1, name: "第一网格" }) { code } }`);
});

const REPORT_DISPUTE = `mutation ($input: ReportDisputeInput!) { reportDispute(input: $input) { id status category grid { code } parties { name phone idNumber } } }`;
const MEDIATE = `mutation ($input: StartDisputeMediationInput!) { startDisputeMediation(input: $input) { id status mediator mediationStartedAt } }`;
const RESOLVE_DISPUTE = `mutation ($input: ResolveDisputeInput!) { resolveDispute(input: $input) { id status outcome closedAt } }`;
const REFER = `mutation ($input: ReferDisputeInput!) { referDispute(input: $input) { id status referredTo outcome } }`;

describe('disputes', () => {
  const parties = [
    { name: '张建华', phone: '13912340000', idNumber: VALID_ID },
    { name: '李明', phone: null, idNumber: null },
  ];
  let first = '';
  let second = '';

  it('reports a dispute with validated ID numbers, its parties masked to all but staff of the community', async () => {
    const data = await ok(service, REPORT_DISPUTE, { input: { communityCode: COMMUNITY, gridCode: GRID, category: 'NEIGHBOURHOOD', summary: '楼上漏水纠纷', parties } });
    first = data.reportDispute.id;
    expect(data.reportDispute).toMatchObject({
      status: 'REPORTED',
      grid: { code: GRID },
      parties: [
        { name: '张建华', phone: '13912340000', idNumber: VALID_ID },
        { name: '李明', phone: null, idNumber: null },
      ],
    });
    const seen = await ok(service, `{ dispute(id: "${first}") { parties { name phone idNumber } } }`, {}, districtPartner);
    expect(seen.dispute.parties).toEqual([
      { name: '张**', phone: '139****0000', idNumber: '1101**********002X' },
      { name: '李*', phone: null, idNumber: null },
    ]);
    const [stored] = await service.database.sql`select id_number from dispute_parties where position = 0`;
    expect(stored!.id_number).toBe(VALID_ID);
    second = (await ok(service, REPORT_DISPUTE, { input: { communityCode: COMMUNITY, category: 'PROPERTY_MANAGEMENT', summary: '物业费争议', parties } })).reportDispute.id;
    const before = await countRows(service, 'disputes');
    const cases = [
      [{ parties: [{ name: '王五', idNumber: '110105194912310021' }] }, 'input.parties.0.idNumber'],
      [{ parties: [parties[0], { name: '赵六', phone: '0472-1234567' }] }, 'input.parties.1.phone'],
      [{ parties: [] }, 'input.parties'],
      [{ summary: '' }, 'input.summary'],
    ] as const;
    for (const [overrides, field] of cases) {
      expect(await refused(service, REPORT_DISPUTE, { input: { communityCode: COMMUNITY, category: 'FAMILY', summary: '家庭纠纷', parties, ...overrides } })).toMatchObject({
        code: 'BAD_USER_INPUT',
        field,
      });
    }
    expect(await refused(service, REPORT_DISPUTE, { input: { communityCode: OTHER_COMMUNITY, gridCode: GRID, category: 'FAMILY', summary: 'x', parties } })).toMatchObject({
      code: 'RULE_VIOLATION',
      field: 'input.gridCode',
    });
    expect(await countRows(service, 'disputes')).toBe(before);
  });

  it('mediates to resolution, or refers what mediation cannot settle', async () => {
    expect(await refused(service, RESOLVE_DISPUTE, { input: { disputeId: first, outcome: '未调解先结案' } })).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      field: 'input.disputeId',
      currentStatus: 'REPORTED',
    });
    expect((await ok(service, MEDIATE, { input: { disputeId: first, mediator: '社区人民调解委员会' } })).startDisputeMediation.status).toBe('MEDIATING');
    const resolved = await ok(service, RESOLVE_DISPUTE, { input: { disputeId: first, outcome: '楼上住户负责维修，双方签订调解协议' } });
    expect(resolved.resolveDispute).toMatchObject({ status: 'RESOLVED', outcome: '楼上住户负责维修，双方签订调解协议' });
    await ok(service, MEDIATE, { input: { disputeId: second, mediator: '社区人民调解委员会' } });
    const referred = await ok(service, REFER, { input: { disputeId: second, referredTo: '青山区人民法院', reason: '双方分歧较大' } });
    expect(referred.referDispute).toMatchObject({ status: 'UNRESOLVED', referredTo: '青山区人民法院' });
    expect(await refused(service, MEDIATE, { input: { disputeId: second, mediator: '再调' } })).toMatchObject({ code: 'ILLEGAL_TRANSITION', currentStatus: 'UNRESOLVED' });
    expect(await refused(service, MEDIATE, { input: { disputeId: 'x', mediator: 'y' } })).toMatchObject({ code: 'NOT_FOUND', field: 'input.disputeId' });
    const listed = await ok(
      service,
      `{ community(code: "${COMMUNITY}") { disputes { totalCount } resolved: disputes(status: RESOLVED) { edges { node { id } } } inGrid: disputes(gridCode: "${GRID}") { totalCount }
           property: disputes(category: PROPERTY_MANAGEMENT) { totalCount } } disputes(within: "150204", status: UNRESOLVED) { totalCount } }`,
    );
    expect(listed).toEqual({
      community: { disputes: { totalCount: 2 }, resolved: { edges: [{ node: { id: first } }] }, inGrid: { totalCount: 1 }, property: { totalCount: 1 } },
      disputes: { totalCount: 1 },
    });
    expect(await outboxCount(service, contracts.disputeReported.type)).toBe(2);
    expect(await outboxCount(service, contracts.disputeMediationStarted.type)).toBe(2);
    expect(await outboxCount(service, contracts.disputeResolved.type)).toBe(1);
    expect(await outboxCount(service, contracts.disputeReferred.type)).toBe(1);
  });
});

describe('needs and micro-wishes', () => {
  it('reports a need through the grid, masked to all but staff, and sends it to social work without personal data', async () => {
    const needId = await reportNeed(service, { gridCode: GRID });
    const data = await ok(service, `{ need(id: "${needId}") { status category urgency summary grid { code } reporter { name phone } microWish { id } community { code } } }`);
    expect(data.need).toEqual({
      status: 'REPORTED',
      category: 'ELDERLY_CARE',
      urgency: 'HIGH',
      summary: '独居老人需要助餐服务',
      grid: { code: GRID },
      reporter: { name: '赵淑芬', phone: '13912345678' },
      microWish: null,
      community: { code: COMMUNITY },
    });
    const seen = await ok(service, `{ need(id: "${needId}") { reporter { name phone } } }`, {}, districtPartner);
    expect(seen.need.reporter).toEqual({ name: '赵**', phone: '139****5678' });
    await service.flushOutbox();
    const [reported] = await bus.events(contracts.needReported, 1);
    expect(reported!.event.data).toEqual({
      needId,
      communityCode: COMMUNITY,
      gridCode: GRID,
      category: 'elderly_care',
      urgency: 'high',
      summary: '独居老人需要助餐服务',
      microWishId: null,
    });
    expect(reported!.event.subject).toBe(needId);
    expect(await refused(service, NEED, { input: { communityCode: COMMUNITY, category: 'HEALTH', urgency: 'LOW', summary: 'x', reporter: resident('x', '999') } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.reporter.phone',
    });
    expect(await refused(service, NEED, { input: { communityCode: '150204', category: 'HEALTH', urgency: 'LOW', summary: 'x', reporter: resident('x') } })).toMatchObject({
      code: 'UNKNOWN_COMMUNITY',
      field: 'input.communityCode',
    });
  });

  const CLAIM = `mutation ($input: ClaimMicroWishInput!) { claimMicroWish(input: $input) { id status claimant { kind id label organization { id } } claimedAt } }`;
  const FULFIL = `mutation ($input: FulfillMicroWishInput!) { fulfillMicroWish(input: $input) { id status fulfilledVia fulfilledAt need { status } } }`;

  it('posts a micro-wish with its need, claimed by a party member and fulfilled by them', async () => {
    const posted = await ok(service, WISH, {
      input: { communityCode: COMMUNITY, gridCode: GRID, title: '想给孙子买一套课外书', category: 'CHILD_CARE', poster: resident('吴桂香', '13512345678') },
    });
    const wish = posted.postMicroWish;
    expect(wish).toMatchObject({ status: 'POSTED', need: { status: 'REPORTED' } });
    expect(await refused(service, FULFIL, { input: { microWishId: wish.id } })).toMatchObject({ code: 'ILLEGAL_TRANSITION', currentStatus: 'POSTED' });
    const claimed = await ok(service, CLAIM, { input: { microWishId: wish.id, claimant: { kind: 'PARTY_MEMBER', label: '郭志强' } } });
    expect(claimed.claimMicroWish).toMatchObject({ status: 'CLAIMED', claimant: { kind: 'PARTY_MEMBER', id: null, label: '郭志强', organization: null } });
    const seen = await ok(service, `{ microWish(id: "${wish.id}") { claimant { label } } }`, {}, outsider);
    expect(seen.microWish.claimant.label).toBe('郭**');
    expect(await refused(service, CLAIM, { input: { microWishId: wish.id, claimant: { kind: 'VOLUNTEER', label: '另一人' } } })).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      currentStatus: 'CLAIMED',
    });
    const fulfilled = await ok(service, FULFIL, { input: { microWishId: wish.id, note: '已送达' } });
    expect(fulfilled.fulfillMicroWish).toMatchObject({ status: 'FULFILLED', fulfilledVia: 'CLAIMANT', need: { status: 'FULFILLED' } });
  });

  it('lets an organization claim by its id, and refuses a claim without one', async () => {
    const { wishId } = await postWish(service, '需要轮椅');
    const orgId = '7d0c9f8e-58a4-4f51-9c4e-2f4f0a5b6c7d';
    expect(await refused(service, CLAIM, { input: { microWishId: wishId, claimant: { kind: 'ORGANIZATION', label: '乐龄中心' } } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.claimant.id',
    });
    expect(await refused(service, CLAIM, { input: { microWishId: wishId, claimant: { kind: 'VOLUNTEER' } } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.claimant.label',
    });
    const claimed = await ok(service, CLAIM, { input: { microWishId: wishId, claimant: { kind: 'ORGANIZATION', id: orgId, label: '青山区乐龄养老服务中心' } } });
    expect(claimed.claimMicroWish.claimant).toEqual({ kind: 'ORGANIZATION', id: orgId, label: '青山区乐龄养老服务中心', organization: { id: orgId } });
  });

  it('lists needs and micro-wishes with filters', async () => {
    const data = await ok(
      service,
      `{ community(code: "${COMMUNITY}") {
          needs { totalCount } fulfilled: needs(status: FULFILLED) { totalCount } high: needs(urgency: HIGH) { totalCount } child: needs(category: CHILD_CARE) { totalCount }
          inGrid: needs(gridCode: "${GRID}") { totalCount }
          microWishes { totalCount edges { node { title poster { name } } } } claimed: microWishes(status: CLAIMED) { totalCount } }
        needs(within: "150204001", status: REPORTED) { totalCount } microWishes(within: "150204002") { totalCount } }`,
    );
    expect(data.community).toMatchObject({
      needs: { totalCount: 3 },
      fulfilled: { totalCount: 1 },
      high: { totalCount: 1 },
      child: { totalCount: 1 },
      inGrid: { totalCount: 2 },
      claimed: { totalCount: 1 },
    });
    expect(data.community.microWishes.edges.map((e: any) => e.node)).toEqual([
      { title: '需要轮椅', poster: { name: '钱玉珍' } },
      { title: '想给孙子买一套课外书', poster: { name: '吴桂香' } },
    ]);
    const wall = await ok(service, `{ community(code: "${COMMUNITY}") { microWishes { totalCount edges { node { poster { name } } } } needs { totalCount } } }`, {}, outsider);
    expect(wall.community).toEqual({ microWishes: { totalCount: 2, edges: [{ node: { poster: { name: '钱**' } } }, { node: { poster: { name: '吴**' } } }] }, needs: { totalCount: 0 } });
    expect(data.needs.totalCount).toBe(2);
    expect(data.microWishes.totalCount).toBe(0);
    for (const [contract, n] of [
      [contracts.needReported, 3],
      [contracts.microWishPosted, 2],
      [contracts.microWishClaimed, 2],
      [contracts.microWishFulfilled, 1],
      [contracts.needFulfilled, 1],
    ] as const) {
      expect(await outboxCount(service, contract.type), contract.name).toBe(n);
    }
    await service.flushOutbox();
    const posted = await bus.events(contracts.microWishPosted, 2);
    const reported = await bus.events(contracts.needReported, 3);
    // Each wish's need went to social work with the wish's id.
    for (const wish of posted) {
      expect(reported.find((r) => r.event.data.needId === wish.event.data.needId)!.event.data.microWishId).toBe(wish.event.data.microWishId);
    }
  });
});

describe('entities', () => {
  it('resolves disputes, needs and micro-wishes by reference', async () => {
    const [r] = await service.database.sql`select (select id from disputes limit 1) as dispute, (select id from needs limit 1) as need,
      (select id from micro_wishes limit 1) as wish`;
    const data = await ok<{ _entities: any[] }>(
      service,
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Dispute { id } ... on Need { id } ... on MicroWish { id } } }`,
      {
        r: [
          { __typename: 'Dispute', id: r!.dispute },
          { __typename: 'Need', id: r!.need },
          { __typename: 'MicroWish', id: r!.wish },
          { __typename: 'Need', id: '00000000-0000-4000-8000-000000000000' },
          { __typename: 'Dispute', id: 'not-a-uuid' },
        ],
      },
    );
    expect(data._entities).toEqual([{ id: r!.dispute }, { id: r!.need }, { id: r!.wish }, null, null]);
  });
});
