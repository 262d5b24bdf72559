import { organizations as contracts, type CloudEvent } from '@sanshe/events';
import { eq, sql, type SQL } from 'drizzle-orm';
import { recordEvent, districtDate } from '@sanshe/service-kit';
import { organizations, type OrganizationRow, type OrganizationState } from '../db/schema.ts';
import type { Db } from '../context.ts';
import { auditMutation, authorize, organizationTarget, type Caller } from '../authorization.ts';
import type { LegalForm } from './credit-code.ts';
import { endMembershipsOf } from './federation-store.ts';
import { recordHistory } from './history.ts';
import { withdrawActiveStintOf } from './incubation-store.ts';
import { nextState, type LifecycleAction } from './lifecycle.ts';
import { factsOf, lockVisibleOrganization, refOf, withConflicts, type OrgTx } from './organization-refs.ts';
import { endVenueLoansOf } from './venue-store.ts';

type Insert = typeof organizations.$inferInsert;
/** Column changes; a step's instant is SQL now(), the transaction's time, which its history row records too. */
type Changes = { [K in keyof Insert]?: Insert[K] | SQL };

interface Plan {
  changes?: Changes;
  reason?: string | null;
  /** Records the step's event; called after the row is updated. */
  emit: (tx: OrgTx, updated: OrganizationRow, before: OrganizationRow) => Promise<CloudEvent>;
}

/**
 * One lifecycle step: lock the organization, refuse an illegal transition naming the current
 * state, apply the step's own rules and changes, and write the history row and the event — all in
 * one transaction, so a refusal writes nothing. The caller is authorized once the organization is
 * loaded, before anything about its state is revealed, and the step is audited with it.
 */
export async function applyTransition(
  db: Db,
  caller: Caller,
  id: string,
  action: LifecycleAction,
  plan: (tx: OrgTx, row: OrganizationRow, to: OrganizationState) => Promise<Plan> | Plan,
  conflicts: Record<string, string> = {},
): Promise<OrganizationRow> {
  return withConflicts(conflicts, () =>
    db.transaction(async (tx) => {
      const row = await lockVisibleOrganization(tx, caller.identity, id);
      authorize(caller, organizationTarget(row));
      const to = nextState(row.state, action, { suspendedFrom: row.suspendedFrom });
      const { changes = {}, reason = null, emit } = await plan(tx, row, to);
      const [updated] = (await tx
        .update(organizations)
        .set({ ...changes, state: to, updatedAt: new Date() })
        .where(eq(organizations.id, row.id))
        .returning()) as [OrganizationRow];
      const event = await emit(tx, updated, row);
      await recordHistory(tx, { organizationId: row.id, action, from: row.state, to, reason, event });
      await auditMutation(tx, caller, 'Organization', row.id);
      return updated;
    }),
  );
}

export const filePreparedOrganization = (db: Db, caller: Caller, id: string, filingNumber: string) =>
  applyTransition(
    db,
    caller,
    id,
    'file',
    () => ({
      changes: { track: 'filed', filingNumber, establishedOn: districtDate(), filedAt: sql`now()` },
      emit: (tx, row) => recordEvent(tx, contracts.organizationFiled, { ...factsOf(row), filingNumber }, { subject: row.id }),
    }),
    { organizations_filing_number_key: 'filingNumber' },
  );

export const recommendOrganization = (db: Db, caller: Caller, id: string) =>
  applyTransition(db, caller, id, 'recommend', () => ({
    emit: (tx, row) => recordEvent(tx, contracts.organizationRecommended, refOf(row), { subject: row.id }),
  }));

/** Preparing or recommended → registered; a filed organization keeps its filing number as history. */
export const registerExistingOrganization = (db: Db, caller: Caller, id: string, legalForm: LegalForm, creditCode: string) =>
  applyTransition(
    db,
    caller,
    id,
    'register',
    (_tx, row) => ({
      changes: { track: 'registered', legalForm, creditCode, establishedOn: row.establishedOn ?? districtDate(), registeredAt: sql`now()` },
      emit: (tx, updated) =>
        recordEvent(tx, contracts.organizationRegistered, { ...factsOf(updated), legalForm, creditCode }, { subject: updated.id }),
    }),
    { organizations_credit_code_key: 'creditCode' },
  );

export const suspendOrganization = (db: Db, caller: Caller, id: string, reason: string) =>
  applyTransition(db, caller, id, 'suspend', (_tx, row) => ({
    changes: { suspendedFrom: row.state },
    reason,
    emit: (tx, updated, before) =>
      recordEvent(tx, contracts.organizationSuspended, { ...refOf(updated), reason, previousState: before.state }, { subject: updated.id }),
  }));

export const reinstateOrganization = (db: Db, caller: Caller, id: string) =>
  applyTransition(db, caller, id, 'reinstate', () => ({
    changes: { suspendedFrom: null },
    emit: (tx, updated) => recordEvent(tx, contracts.organizationReinstated, { ...refOf(updated), state: updated.state }, { subject: updated.id }),
  }));

/** 注销: final. The organization's federation memberships, incubation and venue loans end the same day. */
export const deregisterOrganization = (db: Db, caller: Caller, id: string, reason: string) =>
  applyTransition(db, caller, id, 'deregister', async (tx, row) => {
    const today = districtDate();
    await endMembershipsOf(tx, row.id, today);
    await withdrawActiveStintOf(tx, row.id, today);
    await endVenueLoansOf(tx, row.id, today);
    return {
      changes: { suspendedFrom: null, deregisteredAt: sql`now()` },
      reason,
      emit: (tx2, updated) => recordEvent(tx2, contracts.organizationDeregistered, { ...refOf(updated), reason }, { subject: updated.id }),
    };
  });
