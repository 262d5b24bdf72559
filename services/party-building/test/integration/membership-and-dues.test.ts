/**
 * updatePartyMembership (flag below 3 full members, clear at 3), recordPartyDues (full rebate at
 * 9 party members, none at 10) and the party service fund share (seed 003's 3 %).
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { partyBuilding as contracts } from '@sanshe/events';
import { announceOrganizations } from '../factories/replica-events.ts';
import { ok, refusalOf, startPartyBuilding, tableCounts } from '../factories/party-service.ts';
import { foundPartyOrganization, type PartyOrganizationResult } from '../factories/party-organizations.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;
let branch: PartyOrganizationResult;
let joint: PartyOrganizationResult;
const THIS_YEAR = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date()));

beforeAll(async () => {
  service = await startPartyBuilding(subgraphs, { fundShareBasisPoints: 300 });
  const orgs = await announceOrganizations(bus, service, ['150204001001', '150204001001', '150204001002']);
  branch = await foundPartyOrganization(service, { kind: 'BRANCH', fullMembers: 4, probationaryMembers: 0, organizationIds: [orgs[0]] });
  joint = await foundPartyOrganization(service, { kind: 'JOINT_BRANCH', fullMembers: 6, probationaryMembers: 3, organizationIds: [orgs[1], orgs[2]] });
});

const UPDATE = `mutation ($id: ID!, $full: Int!, $probationary: Int!) {
  updatePartyMembership(id: $id, fullMembers: $full, probationaryMembers: $probationary) {
    id fullMembers probationaryMembers partyMembers needsReorganisation reorganisationReasons reorganisationFlaggedAt } }`;

interface Membership {
  fullMembers: number;
  probationaryMembers: number;
  partyMembers: number;
  needsReorganisation: boolean;
  reorganisationReasons: string[];
  reorganisationFlaggedAt: string | null;
}

const update = (id: string, full: number, probationary: number) => service.request<{ updatePartyMembership: Membership }>(UPDATE, { id, full, probationary });

async function outboxTypes(subject: string): Promise<string[]> {
  const rows = await service.database.sql`select type from outbox where envelope->>'subject' = ${subject} order by position`;
  return rows.map((r) => String(r.type).replace('cn.sanshe.party-building.', ''));
}

describe('updatePartyMembership', () => {
  it('3 full members keep a branch in good standing; 2 flag it and say so by event', async () => {
    const three = await update(branch.id, 3, 1);
    expect(three.data!.updatePartyMembership).toMatchObject({ fullMembers: 3, probationaryMembers: 1, partyMembers: 4, needsReorganisation: false, reorganisationReasons: [] });
    const two = await update(branch.id, 2, 1);
    expect(two.data!.updatePartyMembership).toMatchObject({ fullMembers: 2, needsReorganisation: true, reorganisationReasons: ['TOO_FEW_FULL_MEMBERS'] });
    expect(two.data!.updatePartyMembership.reorganisationFlaggedAt).not.toBeNull();
    expect(await outboxTypes(branch.id)).toEqual([
      'party-organization.founded.v1',
      'party-organization.membership-changed.v1',
      'party-organization.membership-changed.v1',
      'party-organization.reorganisation-flagged.v1',
    ]);

    await service.flushOutbox();
    const [flagged] = await bus.events(contracts.partyOrganizationReorganisationFlagged, 1);
    expect(flagged!.event.data).toMatchObject({ partyOrganizationId: branch.id, kind: 'branch', reasons: ['too_few_full_members'], added: ['too_few_full_members'], fullMembers: 2 });
    const changes = await bus.events(contracts.partyOrganizationMembershipChanged, 2);
    expect(changes.map((c) => c.event.data)).toContainEqual(
      expect.objectContaining({ partyOrganizationId: branch.id, fullMembers: 2, probationaryMembers: 1, previousFullMembers: 3, previousProbationaryMembers: 1 }),
    );
  });

  it('a further drop while flagged sends no second flag; back to 3 clears it', async () => {
    await update(branch.id, 1, 1);
    const back = await update(branch.id, 3, 0);
    expect(back.data!.updatePartyMembership).toMatchObject({ needsReorganisation: false, reorganisationReasons: [], reorganisationFlaggedAt: null });
    expect((await outboxTypes(branch.id)).slice(-3)).toEqual([
      'party-organization.membership-changed.v1',
      'party-organization.membership-changed.v1',
      'party-organization.reorganisation-cleared.v1',
    ]);
  });

  it('the same counts again change nothing and send nothing', async () => {
    const before = await tableCounts(service, ['outbox', 'party_membership_history']);
    const same = await update(branch.id, 3, 0);
    expect(same.errors).toBeUndefined();
    expect(await tableCounts(service, ['outbox', 'party_membership_history'])).toEqual(before);
  });

  it('keeps every count the branch has had, each from its founding or change until the next', async () => {
    const rows = await service.database.sql`select full_members as f, probationary_members as p, since, until,
        since = (select founded_at from party_organizations where id = ${branch.id}) as at_founding
      from party_membership_history where party_organization_id = ${branch.id} order by since`;
    // Founded with 4 + 0; then 3 + 1, 2 + 1, 1 + 1 (the further drop) and 3 + 0; the repeat added nothing.
    expect(rows.map((r) => [r.f, r.p])).toEqual([[4, 0], [3, 1], [2, 1], [1, 1], [3, 0]]);
    expect(rows[0]!.at_founding).toBe(true);
    // Contiguous: each row ends where the next begins; only the last is open.
    rows.slice(0, -1).forEach((r, i) => expect(r.until).toBe(rows[i + 1]!.since));
    expect(rows.at(-1)!.until).toBeNull();
  });

  it('starts a change at least a millisecond after the counts it ends, however their start was stamped', async () => {
    // The open row stamped an hour ahead of the database's clock (another writer's skew, or two
    // changes within one millisecond at the columns' precision).
    await service.database.sql`update party_membership_history set since = now() + interval '1 hour'
      where party_organization_id = ${branch.id} and until is null`;
    expect((await update(branch.id, 3, 1)).errors).toBeUndefined();
    const rows = await service.database.sql`select full_members as f, probationary_members as p, until - since as held
      from party_membership_history where party_organization_id = ${branch.id} order by since`;
    expect(rows.slice(-2).map((r) => [r.f, r.p, r.held])).toEqual([
      [3, 0, '00:00:00.001'],
      [3, 1, null],
    ]);
    // Back to the counts the dues tests below expect.
    expect((await update(branch.id, 3, 0)).errors).toBeUndefined();
  });

  it('answers bad input with a typed error and writes nothing', async () => {
    const before = await tableCounts(service, ['outbox', 'party_membership_history']);
    const [row] = await service.database.sql`select full_members, probationary_members from party_organizations where id = ${branch.id}`;
    expect(refusalOf(await update(branch.id, -1, 0))).toEqual({ code: 'BAD_USER_INPUT', field: 'fullMembers' });
    expect(refusalOf(await update(branch.id, 3, 1_000_001))).toEqual({ code: 'BAD_USER_INPUT', field: 'probationaryMembers' });
    expect(refusalOf(await update(randomUUID(), 3, 0))).toEqual({ code: 'NOT_FOUND', field: 'id' });
    expect(refusalOf(await update('nope', 3, 0))).toEqual({ code: 'NOT_FOUND', field: 'id' });
    expect(await tableCounts(service, ['outbox', 'party_membership_history'])).toEqual(before);
    const [after] = await service.database.sql`select full_members, probationary_members from party_organizations where id = ${branch.id}`;
    expect(after).toEqual(row);
  });
});

const RECORD_DUES = `mutation ($input: RecordPartyDuesInput!) {
  recordPartyDues(input: $input) { partyOrganization { id } year collectedFen rebateFen fullyRebated membersCounted recordedAt } }`;

interface Dues {
  year: number;
  collectedFen: number;
  rebateFen: number;
  fullyRebated: boolean;
  membersCounted: number;
}

const recordDues = (input: Record<string, unknown>) => service.request<{ recordPartyDues: Dues }>(RECORD_DUES, { input });

describe('recordPartyDues', () => {
  it('a joint branch of 9 party members (6 + 3) gets its dues fully rebated', async () => {
    const result = await recordDues({ partyOrganizationId: joint.id, year: THIS_YEAR - 1, collectedFen: 86_400 });
    expect(result.errors).toBeUndefined();
    expect(result.data!.recordPartyDues).toMatchObject({ year: THIS_YEAR - 1, collectedFen: 86_400, rebateFen: 86_400, fullyRebated: true, membersCounted: 9 });
  });

  it('at 10 party members it gets nothing back; recording a year again replaces the record', async () => {
    await ok(service, UPDATE, { id: joint.id, full: 7, probationary: 3 });
    const result = await recordDues({ partyOrganizationId: joint.id, year: THIS_YEAR - 1, collectedFen: 90_000 });
    expect(result.data!.recordPartyDues).toMatchObject({ collectedFen: 90_000, rebateFen: 0, fullyRebated: false, membersCounted: 10 });
    const rows = await service.database.sql`select year, collected_fen, rebate_fen from party_dues where party_organization_id = ${joint.id}`;
    expect(rows).toEqual([{ year: THIS_YEAR - 1, collected_fen: '90000', rebate_fen: '0' }]);
  });

  it('an ordinary branch is never rebated, however small', async () => {
    const result = await recordDues({ partyOrganizationId: branch.id, year: THIS_YEAR, collectedFen: 1_200 });
    expect(result.data!.recordPartyDues).toMatchObject({ rebateFen: 0, membersCounted: 3 });
  });

  it('lists a party organization’s dues newest year first, or one year', async () => {
    await ok(service, UPDATE, { id: joint.id, full: 6, probationary: 3 });
    await recordDues({ partyOrganizationId: joint.id, year: THIS_YEAR, collectedFen: 50_000 });
    const data = await ok<{ partyOrganization: { dues: Dues[]; lastYear: Dues[] } }>(
      service,
      `query ($id: ID!, $year: Int) { partyOrganization(id: $id) { dues { year rebateFen } lastYear: dues(year: $year) { year collectedFen } } }`,
      { id: joint.id, year: THIS_YEAR - 1 },
    );
    expect(data.partyOrganization.dues).toEqual([
      { year: THIS_YEAR, rebateFen: 50_000 },
      { year: THIS_YEAR - 1, rebateFen: 0 },
    ]);
    expect(data.partyOrganization.lastYear).toEqual([{ year: THIS_YEAR - 1, collectedFen: 90_000 }]);

    await service.flushOutbox();
    const recorded = await bus.events(contracts.partyDuesRecorded, 4);
    expect(recorded.map((e) => e.event.data)).toContainEqual({
      partyOrganizationId: joint.id,
      kind: 'joint_branch',
      regionCode: '150204001001',
      year: THIS_YEAR,
      collectedFen: 50_000,
      rebateFen: 50_000,
      membersCounted: 9,
    });
  });

  it('answers bad input with a typed error and writes nothing', async () => {
    const before = await tableCounts(service, ['party_dues', 'outbox']);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ year: THIS_YEAR + 1 }, 'BAD_USER_INPUT', 'input.year'],
      [{ year: 1989 }, 'BAD_USER_INPUT', 'input.year'],
      [{ partyOrganizationId: randomUUID() }, 'NOT_FOUND', 'input.partyOrganizationId'],
      [{ partyOrganizationId: 'x' }, 'NOT_FOUND', 'input.partyOrganizationId'],
    ];
    for (const [overrides, code, field] of cases) {
      const result = await recordDues({ partyOrganizationId: joint.id, year: THIS_YEAR, collectedFen: 100, ...overrides });
      expect(refusalOf(result), JSON.stringify(overrides)).toEqual({ code, field });
    }
    for (const collectedFen of [-1, 10.5, '100']) {
      const result = await recordDues({ partyOrganizationId: joint.id, year: THIS_YEAR, collectedFen });
      expect(result.errors?.[0]?.extensions?.code, String(collectedFen)).toBe('BAD_USER_INPUT');
    }
    expect(await tableCounts(service, ['party_dues', 'outbox'])).toEqual(before);
  });
});

const SHARE = `query ($street: ID!, $fund: Fen!) { partyServiceFundShare(streetCode: $street) { streetCode basisPoints source earmarkFen(fundFen: $fund) } }`;
const SET_SHARE = `mutation ($input: SetPartyServiceFundShareInput!) { setPartyServiceFundShare(input: $input) { streetCode basisPoints source } }`;

describe('party service fund share', () => {
  it('uses the district default (3 %) until a street sets its own, rounding the earmark down', async () => {
    const share = await ok<{ partyServiceFundShare: unknown }>(service, SHARE, { street: '150204002', fund: 1_000_033 });
    expect(share.partyServiceFundShare).toEqual({ streetCode: '150204002', basisPoints: 300, source: 'DEFAULT', earmarkFen: 30_000 });

    const set = await ok<{ setPartyServiceFundShare: unknown }>(service, SET_SHARE, { input: { streetCode: '150204002', basisPoints: 450 } });
    expect(set.setPartyServiceFundShare).toEqual({ streetCode: '150204002', basisPoints: 450, source: 'STREET' });
    const own = await ok<{ partyServiceFundShare: unknown }>(service, SHARE, { street: '150204002', fund: 1_000_033 });
    expect(own.partyServiceFundShare).toEqual({ streetCode: '150204002', basisPoints: 450, source: 'STREET', earmarkFen: 45_001 });
    // Other streets keep the default.
    const other = await ok<{ partyServiceFundShare: { source: string } }>(service, SHARE, { street: '150204001', fund: 100 });
    expect(other.partyServiceFundShare).toMatchObject({ source: 'DEFAULT', earmarkFen: 3 });
  });

  it('answers bad input with a typed error and writes nothing', async () => {
    const before = await service.database.sql`select * from fund_shares order by street_code`;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ streetCode: '150204001', basisPoints: 10_001 }, 'BAD_USER_INPUT', 'input.basisPoints'],
      [{ streetCode: '150204001', basisPoints: -1 }, 'BAD_USER_INPUT', 'input.basisPoints'],
      [{ streetCode: '150204001001', basisPoints: 300 }, 'BAD_USER_INPUT', 'input.streetCode'],
      [{ streetCode: '150204009', basisPoints: 300 }, 'NOT_FOUND', 'input.streetCode'],
    ];
    for (const [input, code, field] of cases) {
      expect(refusalOf(await service.request(SET_SHARE, { input })), JSON.stringify(input)).toEqual({ code, field });
    }
    expect(await service.database.sql`select * from fund_shares order by street_code`).toEqual(before);
    expect(refusalOf(await service.request(SHARE, { street: '150204009', fund: 1 }))).toEqual({ code: 'NOT_FOUND', field: 'streetCode' });
    expect(refusalOf(await service.request(SHARE, { street: 'x', fund: 1 }))).toEqual({ code: 'BAD_USER_INPUT', field: 'streetCode' });
    expect((await service.request(SHARE, { street: '150204001', fund: 1.5 })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
