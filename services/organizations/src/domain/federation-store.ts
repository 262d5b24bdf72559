import { organizations as contracts } from '@sanshe/events';
import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { DomainError, recordEvent } from '@sanshe/service-kit';
import { federationMemberships, organizations, type MembershipRow, type OrganizationRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import { auditMutation, authorize, organizationTarget, requireVisible, type Caller } from '../authorization.ts';
import { assertNotBefore } from './incubation.ts';
import { isActive } from './lifecycle.ts';
import { lockOrganizations, lockVisibleOrganization, refOf, withConflicts, type OrgTx } from './organization-refs.ts';

export type HubKind = 'federation' | 'alliance' | 'hub';

function assertActive(row: OrganizationRow, field: string, role: string): void {
  if (!isActive(row.state)) {
    throw new DomainError('RULE_VIOLATION', `a ${role} must be filed or registered and not suspended; this one is ${row.state}`, field, { state: row.state.toUpperCase() });
  }
}

/** Marks an active organization as a federation, alliance or hub (联合会/联盟/枢纽型) that others can join. */
export async function designateHub(db: Db, caller: Caller, id: string, kind: HubKind): Promise<OrganizationRow> {
  return db.transaction(async (tx) => {
    const row = await lockVisibleOrganization(tx, caller.identity, id);
    authorize(caller, organizationTarget(row));
    assertActive(row, 'id', 'federation or hub');
    const [updated] = await tx.update(organizations).set({ hubKind: kind, updatedAt: new Date() }).where(eq(organizations.id, row.id)).returning();
    await auditMutation(tx, caller, 'Organization', row.id);
    return updated!;
  });
}

/** Whether `descendant` is, through current memberships, a member of `ancestor` (directly or below). */
async function isWithin(tx: OrgTx, ancestor: string, descendant: string): Promise<boolean> {
  const rows = await tx.execute<{ found: number }>(sql`
    with recursive below(id) as (
      select member_id from federation_memberships where federation_id = ${ancestor} and left_on is null
      union
      select m.member_id from federation_memberships m join below b on m.federation_id = b.id where m.left_on is null
    )
    select 1 as found from below where id = ${descendant} limit 1`);
  return rows.length > 0;
}

/** Both sides locked (in id order), each reported unknown when the caller may not see it. */
async function lockPair(tx: OrgTx, caller: Caller, federationId: string, memberId: string): Promise<[OrganizationRow, OrganizationRow]> {
  const [federation, member] = (await lockOrganizations(tx, [
    { id: federationId, field: 'federationId' },
    { id: memberId, field: 'memberId' },
  ])) as [OrganizationRow, OrganizationRow];
  requireVisible(caller.identity, federation, federationId, 'federationId');
  requireVisible(caller.identity, member, memberId, 'memberId');
  return [federation, member];
}

export async function addFederationMember(db: Db, caller: Caller, federationId: string, memberId: string, joinedOn: string): Promise<MembershipRow> {
  if (federationId.toLowerCase() === memberId.toLowerCase()) {
    throw new DomainError('BAD_USER_INPUT', 'an organization cannot be a member of itself', 'memberId');
  }
  return withConflicts({ federation_memberships_active_key: 'memberId' }, () =>
    db.transaction(async (tx) => {
      const [federation, member] = await lockPair(tx, caller, federationId, memberId);
      authorize(caller, organizationTarget(federation, 'federationId'));
      if (!federation.hubKind) {
        throw new DomainError('RULE_VIOLATION', `${federation.name} is not a federation, alliance or hub`, 'federationId');
      }
      assertActive(federation, 'federationId', 'federation');
      assertActive(member, 'memberId', 'member');
      if (await isWithin(tx, member.id, federation.id)) {
        throw new DomainError('RULE_VIOLATION', `${federation.name} is itself a member of ${member.name}: memberships cannot form a cycle`, 'memberId');
      }
      const [membership] = (await tx
        .insert(federationMemberships)
        .values({ federationId: federation.id, memberId: member.id, joinedOn })
        .returning()) as [MembershipRow];
      await recordEvent(
        tx,
        contracts.federationMemberJoined,
        { membershipId: membership.id, federationId: federation.id, ...refOf(member), joinedOn },
        { subject: membership.id },
      );
      await auditMutation(tx, caller, 'FederationMembership', membership.id);
      return membership;
    }),
  );
}

async function recordLeft(tx: OrgTx, membership: MembershipRow, member: OrganizationRow): Promise<void> {
  await recordEvent(
    tx,
    contracts.federationMemberLeft,
    { membershipId: membership.id, federationId: membership.federationId, ...refOf(member), leftOn: membership.leftOn! },
    { subject: membership.id },
  );
}

export async function removeFederationMember(db: Db, caller: Caller, federationId: string, memberId: string, leftOn: string): Promise<MembershipRow> {
  return db.transaction(async (tx) => {
    const [federation, member] = await lockPair(tx, caller, federationId, memberId);
    authorize(caller, { ...organizationTarget(federation, 'federationId'), memberId: member.id });
    const active = and(
      eq(federationMemberships.federationId, federationId.toLowerCase()),
      eq(federationMemberships.memberId, member.id),
      isNull(federationMemberships.leftOn),
    );
    const [current] = await tx.select().from(federationMemberships).where(active).for('update');
    if (!current) throw new DomainError('NOT_FOUND', 'the organization is not a current member of this federation', 'memberId');
    assertNotBefore(leftOn, current.joinedOn, 'leftOn');
    const [ended] = (await tx.update(federationMemberships).set({ leftOn }).where(eq(federationMemberships.id, current.id)).returning()) as [MembershipRow];
    await recordLeft(tx, ended, member);
    await auditMutation(tx, caller, 'FederationMembership', ended.id);
    return ended;
  });
}

/** A deregistered organization leaves every federation, and a deregistered federation loses its members. */
export async function endMembershipsOf(tx: OrgTx, organizationId: string, leftOn: string): Promise<void> {
  const ended = await tx
    .update(federationMemberships)
    .set({ leftOn: sql`greatest(${leftOn}::date, ${federationMemberships.joinedOn})` })
    .where(
      and(
        isNull(federationMemberships.leftOn),
        or(eq(federationMemberships.memberId, organizationId), eq(federationMemberships.federationId, organizationId)),
      ),
    )
    .returning();
  if (ended.length === 0) return;
  const members = await tx.select().from(organizations).where(inArray(organizations.id, [...new Set(ended.map((m) => m.memberId))]));
  for (const membership of ended) await recordLeft(tx, membership, members.find((m) => m.id === membership.memberId)!);
}
