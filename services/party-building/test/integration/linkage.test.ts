/**
 * Linkage through real NATS: organizations' lifecycle events, published onto the bus as the
 * organizations relay would, applied by party-building's consumer. Deregistration takes an
 * organization out of its (joint) branch and flags what falls below the rules; suspension only
 * changes the share; a redelivered event is applied once.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { organizations as orgEvents, partyBuilding as contracts } from '@sanshe/events';
import { durableName } from '@sanshe/service-kit';
import { announceOrganizations, deliver, lifecycleEvent } from '../factories/replica-events.ts';
import { ok, startPartyBuilding, tableCounts } from '../factories/party-service.ts';
import { foundPartyOrganization, type PartyOrganizationResult } from '../factories/party-organizations.ts';

const COMMUNITY = '150204001001';
const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;
let o: Record<string, string> = {};
let joint: PartyOrganizationResult;
let joint2: PartyOrganizationResult;
let branch: PartyOrganizationResult;

beforeAll(async () => {
  service = await startPartyBuilding(subgraphs);
  const letters = ['P', 'Q', 'R', 'S', 'T', 'U', 'V'];
  const ids = await announceOrganizations(bus, service, letters.map(() => COMMUNITY));
  o = Object.fromEntries(letters.map((l, i) => [l, ids[i]!]));
  joint = await foundPartyOrganization(service, { kind: 'JOINT_BRANCH', fullMembers: 5, organizationIds: [o.P, o.Q, o.R] });
  joint2 = await foundPartyOrganization(service, { kind: 'JOINT_BRANCH', fullMembers: 4, organizationIds: [o.T, o.U] });
  branch = await foundPartyOrganization(service, { kind: 'BRANCH', fullMembers: 3, organizationIds: [o.S] });
});

const deregister = (letter: string) => lifecycleEvent(orgEvents.organizationDeregistered, o[letter]!, COMMUNITY);

interface PartyView {
  coveredOrganizations: { id: string }[];
  needsReorganisation: boolean;
  reorganisationReasons: string[];
}

async function view(id: string): Promise<PartyView> {
  const data = await ok<{ partyOrganization: PartyView }>(
    service,
    `query ($id: ID!) { partyOrganization(id: $id) { coveredOrganizations { id } needsReorganisation reorganisationReasons } }`,
    { id },
  );
  return data.partyOrganization;
}

const covered = async (id: string) => (await view(id)).coveredOrganizations.map((c) => c.id).sort();

async function outboxOf(subject: string, contract: { type: string }): Promise<Record<string, unknown>[]> {
  const rows = await service.database.sql`select envelope->'data' as data from outbox where envelope->>'subject' = ${subject} and type = ${contract.type} order by position`;
  return rows.map((r) => r.data as Record<string, unknown>);
}

describe('organization deregistered', () => {
  it('leaves its joint branch; a joint branch keeping 2 organizations is not flagged', async () => {
    await deliver(bus, orgEvents.organizationDeregistered, deregister('R'));
    expect(await covered(joint.id)).toEqual([o.P, o.Q].sort());
    expect(await view(joint.id)).toMatchObject({ needsReorganisation: false, reorganisationReasons: [] });
    const [replica] = await service.database.sql`select state from known_organizations where id = ${o.R!}`;
    expect(replica!.state).toBe('deregistered');
    const entity = await ok<{ _entities: { partyOrganization: unknown }[] }>(
      service,
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { partyOrganization { id } } } }`,
      { r: [{ __typename: 'Organization', id: o.R }] },
    );
    expect(entity._entities[0]!.partyOrganization).toBeNull();
    expect(await outboxOf(joint.id, contracts.partyOrganizationOrganizationLeft)).toEqual([
      { partyOrganizationId: joint.id, kind: 'joint_branch', organizationId: o.R, reason: 'deregistered', remainingOrganizationIds: [o.P, o.Q].sort() },
    ]);
    expect(await outboxOf(joint.id, contracts.partyOrganizationReorganisationFlagged)).toEqual([]);
  });

  it('a joint branch left with 1 organization is flagged, and other services hear it over NATS', async () => {
    await deliver(bus, orgEvents.organizationDeregistered, deregister('P'));
    expect(await view(joint.id)).toEqual({ coveredOrganizations: [{ id: o.Q }], needsReorganisation: true, reorganisationReasons: ['TOO_FEW_ORGANIZATIONS'] });

    await service.flushOutbox();
    const flagged = await bus.events(contracts.partyOrganizationReorganisationFlagged, 1);
    expect(flagged.map((e) => e.event.data)).toEqual([
      {
        partyOrganizationId: joint.id,
        kind: 'joint_branch',
        regionCode: COMMUNITY,
        parentId: null,
        reasons: ['too_few_organizations'],
        added: ['too_few_organizations'],
        fullMembers: 5,
        organizationIds: [o.Q],
      },
    ]);
    const left = await bus.events(contracts.partyOrganizationOrganizationLeft, 2);
    expect(left.map((e) => e.event.data.organizationId).sort()).toEqual([o.P, o.R].sort());
  });

  it('a later drop below 3 full members adds that reason without re-flagging the first', async () => {
    await ok(service, `mutation ($id: ID!) { updatePartyMembership(id: $id, fullMembers: 2, probationaryMembers: 1) { id } }`, { id: joint.id });
    expect((await view(joint.id)).reorganisationReasons).toEqual(['TOO_FEW_FULL_MEMBERS', 'TOO_FEW_ORGANIZATIONS']);
    const flags = await outboxOf(joint.id, contracts.partyOrganizationReorganisationFlagged);
    expect(flags.map((f) => f.added)).toEqual([['too_few_organizations'], ['too_few_full_members']]);
  });

  it('a branch whose own organization is deregistered is flagged', async () => {
    await deliver(bus, orgEvents.organizationDeregistered, deregister('S'));
    expect(await view(branch.id)).toEqual({ coveredOrganizations: [], needsReorganisation: true, reorganisationReasons: ['ORGANIZATION_DEREGISTERED'] });
  });

  it('an uncovered or unknown organization only updates the replica', async () => {
    const before = await tableCounts(service, ['coverage', 'outbox']);
    await deliver(bus, orgEvents.organizationDeregistered, deregister('V'));
    await deliver(bus, orgEvents.organizationDeregistered, lifecycleEvent(orgEvents.organizationDeregistered, randomUUID(), COMMUNITY));
    expect(await tableCounts(service, ['coverage', 'outbox'])).toEqual(before);
    const [replica] = await service.database.sql`select state from known_organizations where id = ${o.V!}`;
    expect(replica!.state).toBe('deregistered');
  });

  it('applies a redelivered event once: same CloudEvent, two Nats-Msg-Ids', async () => {
    const event = deregister('T');
    const first = await deliver(bus, orgEvents.organizationDeregistered, event, randomUUID());
    expect(first.duplicate).toBe(false);
    const afterFirst = await tableCounts(service, ['coverage', 'outbox', 'inbox']);
    const [stateAfterFirst] = await service.database.sql`select reorganisation_reasons, reorganisation_flagged_at from party_organizations where id = ${joint2.id}`;
    expect(stateAfterFirst!.reorganisation_reasons).toEqual(['too_few_organizations']);

    // JetStream stores the republish (another Nats-Msg-Id); the inbox must drop it.
    const second = await deliver(bus, orgEvents.organizationDeregistered, event, randomUUID());
    expect(second.duplicate).toBe(false);
    expect(second.seq).toBeGreaterThan(first.seq);
    expect(await tableCounts(service, ['coverage', 'outbox', 'inbox'])).toEqual(afterFirst);
    const [stateAfterSecond] = await service.database.sql`select reorganisation_reasons, reorganisation_flagged_at from party_organizations where id = ${joint2.id}`;
    expect(stateAfterSecond).toEqual(stateAfterFirst);
    expect(await outboxOf(joint2.id, contracts.partyOrganizationOrganizationLeft)).toHaveLength(1);
    expect(await outboxOf(joint2.id, contracts.partyOrganizationReorganisationFlagged)).toHaveLength(1);
    expect(await covered(joint2.id)).toEqual([o.U]);
    const inbox = await service.database.sql`select consumer from inbox where event_id = ${event.id}`;
    expect(inbox).toEqual([{ consumer: durableName('party-building', orgEvents.organizationDeregistered) }]);
  });
});

describe('organization suspended and reinstated', () => {
  const share = async () =>
    (
      await ok<{ partyCoverage: { organizationCount: number; coveredOrganizationCount: number; suspendedOrganizationCount: number } }>(
        service,
        `{ partyCoverage(regionCode: "${COMMUNITY}") { organizationCount coveredOrganizationCount suspendedOrganizationCount } }`,
      )
    ).partyCoverage;

  it('a suspended organization keeps its branch but leaves the share until reinstated', async () => {
    // Active now: Q (joint), U (joint2); P R S T V deregistered.
    expect(await share()).toEqual({ organizationCount: 2, coveredOrganizationCount: 2, suspendedOrganizationCount: 0 });
    const suspended = lifecycleEvent(orgEvents.organizationSuspended, o.Q!, COMMUNITY);
    await deliver(bus, orgEvents.organizationSuspended, suspended);
    expect(await share()).toEqual({ organizationCount: 1, coveredOrganizationCount: 1, suspendedOrganizationCount: 1 });
    expect(await covered(joint.id)).toEqual([o.Q]);
    // Redelivered: still one suspension's worth of change.
    await deliver(bus, orgEvents.organizationSuspended, suspended);
    expect(await share()).toEqual({ organizationCount: 1, coveredOrganizationCount: 1, suspendedOrganizationCount: 1 });

    await deliver(bus, orgEvents.organizationReinstated, lifecycleEvent(orgEvents.organizationReinstated, o.Q!, COMMUNITY));
    expect(await share()).toEqual({ organizationCount: 2, coveredOrganizationCount: 2, suspendedOrganizationCount: 0 });
  });
});
