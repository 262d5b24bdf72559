import { selfGovernance as contracts, type socialWork, type EventData } from '@sanshe/events';
import { eq } from 'drizzle-orm';
import { isUuid, recordEvent, type AnyPgTx } from '@sanshe/service-kit';
import { microWishes, needs, type MicroWishRow, type NeedRow } from '../db/schema.ts';
import { microWishLifecycle, needLifecycle } from './lifecycles.ts';

/**
 * Where a need and its micro-wish meet: fulfilling one fulfils the other, whichever way it
 * happens — a claimant fulfilling the wish, or social work closing the need's case resolved.
 * Consumers call these with the event's transaction; a change the state does not allow (a case
 * closing a need already fulfilled) is skipped, never an error, so events are never stuck.
 */

export async function fulfilNeed(tx: AnyPgTx, need: NeedRow, at: Date, serviceCaseId: string | null = need.serviceCaseId): Promise<boolean> {
  if (!needLifecycle.allows(need.status, 'fulfil')) return false;
  await tx.update(needs).set({ status: 'fulfilled', closedAt: at, serviceCaseId }).where(eq(needs.id, need.id));
  await recordEvent(
    tx,
    contracts.needFulfilled,
    { needId: need.id, communityCode: need.communityCode, microWishId: need.microWishId, fulfilledAt: at.toISOString() },
    { subject: need.id },
  );
  return true;
}

export async function fulfilWish(tx: AnyPgTx, wish: MicroWishRow, via: 'claimant' | 'service_case', at: Date, needId: string | null, note: string | null = null) {
  if (!microWishLifecycle.allows(wish.status, via === 'claimant' ? 'fulfil' : 'fulfil_by_case')) return null;
  const [row] = await tx.update(microWishes).set({ status: 'fulfilled', fulfilledVia: via, fulfilledAt: at, note }).where(eq(microWishes.id, wish.id)).returning();
  await recordEvent(
    tx,
    contracts.microWishFulfilled,
    { microWishId: wish.id, communityCode: wish.communityCode, needId, via, fulfilledAt: at.toISOString() },
    { subject: wish.id },
  );
  return row!;
}

async function lockNeed(tx: AnyPgTx, needId: string, communityCode: string): Promise<NeedRow | null> {
  if (!isUuid(needId)) return null;
  const [need] = await tx.select().from(needs).where(eq(needs.id, needId)).for('update');
  // A case for a need this service never recorded, or recorded elsewhere, is not ours to apply.
  return need && need.communityCode === communityCode ? need : null;
}

/** social-work.service-case.opened: the need goes into service under that case. */
export async function applyCaseOpened(tx: AnyPgTx, data: EventData<typeof socialWork.serviceCaseOpened>): Promise<void> {
  const need = await lockNeed(tx, data.needId, data.communityCode);
  if (need) await startService(tx, need, data.caseId);
}

async function startService(tx: AnyPgTx, need: NeedRow, serviceCaseId: string): Promise<NeedRow | null> {
  if (!needLifecycle.allows(need.status, 'start_service')) return null;
  const [row] = await tx.update(needs).set({ status: 'in_service', serviceCaseId, serviceStartedAt: new Date() }).where(eq(needs.id, need.id)).returning();
  await recordEvent(tx, contracts.needServiceStarted, { needId: need.id, communityCode: need.communityCode, serviceCaseId }, { subject: need.id });
  return row!;
}

/**
 * social-work.service-case.closed: resolved fulfils the need and its micro-wish (need.fulfilled,
 * micro-wish.fulfilled); unresolved closes the need unmet and leaves the wish open for a claimant.
 * A closing of some other case than the one serving the need is ignored.
 *
 * Openings and closings are consumed apart, several at a time (events/), so a closing can come
 * before its case's opening. A case that closes was opened: a need still reported is put into
 * service under the case first, as the opening would have — the same states, and the same events
 * in the same order, as when the opening came first; the late opening then finds nothing to do.
 */
export async function applyCaseClosed(tx: AnyPgTx, data: EventData<typeof socialWork.serviceCaseClosed>): Promise<void> {
  const locked = await lockNeed(tx, data.needId, data.communityCode);
  if (!locked || (locked.serviceCaseId !== null && locked.serviceCaseId !== data.caseId)) return;
  const need = locked.status === 'reported' ? ((await startService(tx, locked, data.caseId)) ?? locked) : locked;
  const at = new Date(data.closedAt);
  if (!data.resolved) {
    if (!needLifecycle.allows(need.status, 'close_unmet')) return;
    await tx.update(needs).set({ status: 'closed_unmet', closedAt: at, serviceCaseId: data.caseId }).where(eq(needs.id, need.id));
    await recordEvent(
      tx,
      contracts.needClosedUnmet,
      { needId: need.id, communityCode: need.communityCode, serviceCaseId: data.caseId, closedAt: at.toISOString() },
      { subject: need.id },
    );
    return;
  }
  const fulfilled = await fulfilNeed(tx, need, at, data.caseId);
  if (!fulfilled || !need.microWishId) return;
  const [wish] = await tx.select().from(microWishes).where(eq(microWishes.id, need.microWishId)).for('update');
  if (wish) await fulfilWish(tx, wish, 'service_case', at, need.id);
}

/**
 * Several case events in one transaction (the consumers' handleBatch), in the order of their needs:
 * each locks its need, so concurrent batches — an opening's and a closing's of the same need among
 * them — take those locks in one order and wait for each other instead of deadlocking.
 */
export async function applyInNeedOrder<D extends { needId: string }>(tx: AnyPgTx, items: readonly D[], apply: (tx: AnyPgTx, data: D) => Promise<void>): Promise<void> {
  for (const data of [...items].sort((a, b) => (a.needId < b.needId ? -1 : a.needId > b.needId ? 1 : 0))) await apply(tx, data);
}
