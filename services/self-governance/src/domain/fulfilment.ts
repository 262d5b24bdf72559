import { selfGovernance as contracts, type socialWork, type EventData } from '@sanshe/events';
import { eq, inArray, sql } from 'drizzle-orm';
import { isUuid, pendingEvent, recordEvent, recordEvents, type AnyPgTx } from '@sanshe/service-kit';
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

type CaseOpened = EventData<typeof socialWork.serviceCaseOpened>;

/** social-work.service-case.opened: the need goes into service under that case. */
export async function applyCaseOpened(tx: AnyPgTx, data: CaseOpened): Promise<void> {
  await applyCasesOpened(tx, [data]);
}

/**
 * Several openings at once (the consumer's batches): each need still reported goes into service
 * under its case, as `applyCaseOpened` would, in four statements however many — the needs locked
 * in id order (the order applyInNeedOrder gives closings, so the two never deadlock), one update,
 * their events. A need opened twice in the batch goes into service under the first.
 */
export async function applyCasesOpened(tx: AnyPgTx, items: readonly CaseOpened[]): Promise<void> {
  const first = new Map<string, CaseOpened>();
  for (const data of items) if (isUuid(data.needId) && !first.has(data.needId.toLowerCase())) first.set(data.needId.toLowerCase(), data);
  if (first.size === 0) return;
  const locked = await tx.select().from(needs).where(inArray(needs.id, [...first.keys()])).orderBy(needs.id).for('update');
  // A case for a need this service never recorded, or recorded elsewhere, is not ours to apply.
  const ours = locked.filter((need) => need.communityCode === first.get(need.id)!.communityCode);
  await startServices(tx, ours.map((need) => ({ need, caseId: first.get(need.id)!.caseId })));
}

/**
 * Puts locked needs into service, each under its case, with their need.service-started events: one
 * update and one insert however many. A need past `reported` is left as it is. Returns the needs
 * started, as they now are.
 */
async function startServices(tx: AnyPgTx, starts: readonly { need: NeedRow; caseId: string }[]): Promise<NeedRow[]> {
  const starting = starts.filter(({ need }) => needLifecycle.allows(need.status, 'start_service'));
  if (starting.length === 0) return [];
  await tx.execute(sql`
    update needs set status = 'in_service', service_case_id = started.case_id::uuid, service_started_at = now()
    from (
      select unnest(string_to_array(${starting.map(({ need }) => need.id).join(',')}, ',')) as id,
             unnest(string_to_array(${starting.map(({ caseId }) => caseId).join(',')}, ',')) as case_id
    ) started
    where needs.id = started.id::uuid`);
  await recordEvents(
    tx,
    starting.map(({ need, caseId }) => pendingEvent(contracts.needServiceStarted, { needId: need.id, communityCode: need.communityCode, serviceCaseId: caseId }, { subject: need.id })),
  );
  // The start time is the database's now(); nothing that follows in the transaction reads it.
  return starting.map(({ need, caseId }) => ({ ...need, status: 'in_service' as const, serviceCaseId: caseId, serviceStartedAt: new Date() }));
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
  const [started] = await startServices(tx, [{ need: locked, caseId: data.caseId }]);
  const need = started ?? locked;
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
 * Several case events in one transaction (the closings' handleBatch), in the order of their needs:
 * each locks its need, so concurrent batches — an opening's (applyCasesOpened locks in the same
 * order) and a closing's of the same need among them — take those locks in one order and wait for
 * each other instead of deadlocking.
 */
export async function applyInNeedOrder<D extends { needId: string }>(tx: AnyPgTx, items: readonly D[], apply: (tx: AnyPgTx, data: D) => Promise<void>): Promise<void> {
  for (const data of inNeedOrder(items)) await apply(tx, data);
}

/**
 * Items in PostgreSQL's uuid order of their needs, the order `applyCasesOpened` locks in. For
 * lower-case hex the string order is the uuid's byte order; an id written in upper case elsewhere
 * is compared lower-cased, or 'B…' would sort before 'a…' here and after it in the database, and
 * two batches could take the same locks in opposite orders.
 */
export function inNeedOrder<D extends { needId: string }>(items: readonly D[]): D[] {
  return items
    .map((data) => ({ data, key: data.needId.toLowerCase() }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ data }) => data);
}
