import { selfGovernance as contracts } from '@sanshe/events';
import { and, eq } from 'drizzle-orm';
import { DomainError, recordEvent, type Identity, type PageArgs } from '@sanshe/service-kit';
import { disputeParties, disputes, type DisputeRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import type { WriteAccess } from '../authorization.ts';
import { requireGrid } from './grid-store.ts';
import { disputeLifecycle } from './lifecycles.ts';
import { parseIdNumber, parsePerson, type PersonInput } from './personal-data.ts';
import { gridFilter, lockById, optionalEq, pageByTime, requireCommunity, withinFilter } from './store-kit.ts';
import { text } from './validation.ts';
import { readScopeCondition } from '../read-access.ts';

/** 矛盾化解: a dispute is reported, mediated, and closed resolved or referred elsewhere (unresolved). */

export interface PartyInput extends PersonInput {
  idNumber?: string | null;
}

export function parseParties(parties: PartyInput[]) {
  if (parties.length < 1 || parties.length > 20) throw new DomainError('BAD_USER_INPUT', 'a dispute has 1 to 20 parties', 'input.parties');
  return parties.map((party, i) => ({
    ...parsePerson(party, `input.parties.${i}`),
    idNumber: party.idNumber == null || party.idNumber.trim() === '' ? null : parseIdNumber(party.idNumber, `input.parties.${i}.idNumber`),
  }));
}

export async function reportDispute(
  db: Db,
  input: { communityCode: string; gridCode?: string | null; category: DisputeRow['category']; summary: string; parties: PartyInput[] },
  access: WriteAccess,
) {
  const summary = text(input.summary, 'input.summary', { max: 2000 });
  const parties = parseParties(input.parties);
  return db.transaction(async (tx) => {
    access.allow({ regionCode: input.communityCode }, 'input.communityCode');
    await requireCommunity(tx, input.communityCode, 'input.communityCode');
    if (input.gridCode != null) await requireGrid(tx, input.gridCode, 'input.gridCode', input.communityCode);
    const [row] = await tx
      .insert(disputes)
      .values({ communityCode: input.communityCode, gridCode: input.gridCode ?? null, category: input.category, summary })
      .returning();
    await tx.insert(disputeParties).values(parties.map((p, position) => ({ disputeId: row!.id, position, ...p })));
    await recordEvent(
      tx,
      contracts.disputeReported,
      { disputeId: row!.id, communityCode: row!.communityCode, gridCode: row!.gridCode, category: row!.category, partyCount: parties.length },
      { subject: row!.id },
    );
    await access.audit(tx, 'Dispute', row!.id);
    return row!;
  });
}

export async function startMediation(db: Db, input: { disputeId: string; mediator: string }, access: WriteAccess) {
  const mediator = text(input.mediator, 'input.mediator', { max: 100 });
  return db.transaction(async (tx) => {
    const dispute = await lockById<DisputeRow>(tx, disputes, input.disputeId, 'input.disputeId', 'dispute');
    access.allow({ regionCode: dispute.communityCode }, 'input.disputeId');
    const status = disputeLifecycle.apply(dispute.status, 'start_mediation', 'input.disputeId');
    const [row] = await tx.update(disputes).set({ status, mediator, mediationStartedAt: new Date() }).where(eq(disputes.id, dispute.id)).returning();
    await recordEvent(tx, contracts.disputeMediationStarted, { disputeId: dispute.id, communityCode: dispute.communityCode, mediator }, { subject: dispute.id });
    await access.audit(tx, 'Dispute', dispute.id);
    return row!;
  });
}

export async function resolveDispute(db: Db, input: { disputeId: string; outcome: string }, access: WriteAccess) {
  const outcome = text(input.outcome, 'input.outcome', { max: 2000 });
  return db.transaction(async (tx) => {
    const dispute = await lockById<DisputeRow>(tx, disputes, input.disputeId, 'input.disputeId', 'dispute');
    access.allow({ regionCode: dispute.communityCode }, 'input.disputeId');
    const status = disputeLifecycle.apply(dispute.status, 'resolve', 'input.disputeId');
    const closedAt = new Date();
    const [row] = await tx.update(disputes).set({ status, outcome, closedAt }).where(eq(disputes.id, dispute.id)).returning();
    await recordEvent(
      tx,
      contracts.disputeResolved,
      { disputeId: dispute.id, communityCode: dispute.communityCode, category: dispute.category, resolvedAt: closedAt.toISOString() },
      { subject: dispute.id },
    );
    await access.audit(tx, 'Dispute', dispute.id);
    return row!;
  });
}

export async function referDispute(db: Db, input: { disputeId: string; referredTo: string; reason: string }, access: WriteAccess) {
  const referredTo = text(input.referredTo, 'input.referredTo', { max: 100 });
  const outcome = text(input.reason, 'input.reason', { max: 2000 });
  return db.transaction(async (tx) => {
    const dispute = await lockById<DisputeRow>(tx, disputes, input.disputeId, 'input.disputeId', 'dispute');
    access.allow({ regionCode: dispute.communityCode }, 'input.disputeId');
    const status = disputeLifecycle.apply(dispute.status, 'refer', 'input.disputeId');
    const closedAt = new Date();
    const [row] = await tx.update(disputes).set({ status, outcome, referredTo, closedAt }).where(eq(disputes.id, dispute.id)).returning();
    await recordEvent(
      tx,
      contracts.disputeReferred,
      { disputeId: dispute.id, communityCode: dispute.communityCode, category: dispute.category, referredTo, closedAt: closedAt.toISOString() },
      { subject: dispute.id },
    );
    await access.audit(tx, 'Dispute', dispute.id);
    return row!;
  });
}

export interface DisputeFilter {
  /** Disputes are not public: the list and its count are narrowed to what this caller may read. */
  reader: Identity;
  within?: string | null;
  communityCode?: string;
  status?: DisputeRow['status'] | null;
  category?: DisputeRow['category'] | null;
  gridCode?: string | null;
}

export const listDisputes = (db: Db, filter: DisputeFilter, args: PageArgs) =>
  pageByTime<DisputeRow>(
    db,
    disputes,
    { time: disputes.reportedAt, id: disputes.id },
    (r) => r.reportedAt,
    and(
      readScopeCondition(filter.reader, disputes.communityCode),
      withinFilter(disputes.communityCode, filter.within),
      optionalEq(disputes.communityCode, filter.communityCode),
      optionalEq(disputes.status, filter.status),
      optionalEq(disputes.category, filter.category),
      gridFilter(disputes.gridCode, filter.gridCode),
    ),
    args,
  );
