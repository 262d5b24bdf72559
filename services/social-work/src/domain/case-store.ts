import { selfGovernance, socialWork as contracts, type CloudEvent, type EventData } from '@sanshe/events';
import { count, eq, inArray, sql } from 'drizzle-orm';
import { pendingEvent, recordEvent, recordEvents, requireOrganization, type AnyPgTx, type Identity, districtDate } from '@sanshe/service-kit';
import { auditMutation, authorizeMutation, type CaseFacts } from '../authorization.ts';
import { caseServiceRecords, serviceCases, type CaseServiceRecordRow, type ServiceCaseRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import { loadMatchPools } from './case-candidates.ts';
import { checkCaseService, checkClose, requireOpen, type AssignCaseInput, type CloseCaseInput, type RecordCaseServiceInput } from './case-rules.ts';
import { requireCase, requireSocialWorker } from './lookup.ts';
import { matchCase, streetOf } from './matching.ts';
import { addToRollup } from './statistics-rollup.ts';

type NeedReported = CloudEvent<EventData<typeof selfGovernance.needReported>>;

/**
 * A reported need becomes a case, matched (matching.ts) when it arrives. One case per need: a
 * need seen again — under another event id — opens nothing (the inbox already stops the same event).
 */
export async function openCaseForNeed(tx: AnyPgTx, event: NeedReported): Promise<ServiceCaseRow | null> {
  const [row] = await openCasesForNeeds(tx, [event]);
  return row ?? null;
}

/**
 * Several reported needs at once, in the order given (a burst applied in one transaction): each
 * matched and opened as `openCaseForNeed` would, each seeing the cases opened before it here in
 * its assignee's load. A fixed number of statements however many needs (the streets' locks, which
 * needs have cases, the pools' four, the cases, their events, the rollup): statements per need
 * held the need.reported consumer of a city load to about 250 needs a second.
 *
 * The statistics rollup is updated once, last, for all of them: its district and street rows are
 * the ones every concurrent batch touches, so they stay locked only for the commit, and in one
 * sorted statement (rollupRows) so batches never lock them in crossing orders.
 */
export async function openCasesForNeeds(tx: AnyPgTx, events: readonly NeedReported[]): Promise<ServiceCaseRow[]> {
  if (events.length === 0) return [];
  // Batches applied at once (the consumer runs four) would each read the same loads and pile onto
  // the same least-loaded worker: matching in a street waits for the batch matching there, and
  // reads the loads it committed. Streets locked in order, so two batches never deadlock.
  const streets = [...new Set(events.map(({ data }) => streetOf(data.communityCode)))].sort();
  await tx.execute(
    sql`select count(*) from (select pg_advisory_xact_lock(hashtext('social-work case matching ' || street)) from unnest(string_to_array(${streets.join(',')}, ',')) as street) locked`,
  );
  // A need that already has a case (seen before under another event id), or twice in this batch,
  // opens nothing: it is left out before matching, so it adds to nobody's load.
  const ids = events.map(({ data }) => data.needId);
  const existing = await tx.select({ needId: serviceCases.needId }).from(serviceCases).where(inArray(serviceCases.needId, ids));
  const seen = new Set(existing.map((row) => row.needId));
  const needs = events.map(({ data }) => data).filter((need) => !seen.has(need.needId) && seen.add(need.needId));
  if (needs.length === 0) return [];

  // Matched in order, each against loads that count the cases matched before it here.
  const pools = await loadMatchPools(tx, needs);
  const values = needs.map((need) => {
    const assignee = matchCase(need, pools.poolFor(need));
    if (assignee) pools.assign(assignee);
    return {
      needId: need.needId,
      communityCode: need.communityCode,
      gridCode: need.gridCode,
      category: need.category,
      urgency: need.urgency,
      summary: need.summary,
      microWishId: need.microWishId,
      socialWorkerId: assignee?.kind === 'social_worker' ? assignee.id : null,
      organizationId: assignee?.kind === 'organization' ? assignee.id : null,
      matchedBy: assignee ? ('automatic' as const) : null,
    };
  });
  // One statement for the batch. A concurrent batch that opened one of these needs' cases since
  // the check above wins it (DO NOTHING); returned rows are put back in the needs' order.
  const inserted = (await tx.insert(serviceCases).values(values).onConflictDoNothing({ target: serviceCases.needId }).returning()) as ServiceCaseRow[];
  const byNeed = new Map(inserted.map((row) => [row.needId, row]));
  const opened = needs.flatMap((need) => byNeed.get(need.needId) ?? []);
  await recordEvents(
    tx,
    opened.map((row) =>
      pendingEvent(
        contracts.serviceCaseOpened,
        { caseId: row.id, needId: row.needId, communityCode: row.communityCode, socialWorkerId: row.socialWorkerId, organizationId: row.organizationId },
        { subject: row.id },
      ),
    ),
  );
  await addToRollup(
    tx,
    opened.map((row) => ({ communityCode: row.communityCode, day: districtDate(row.openedAt), casesOpened: 1 })),
  );
  return opened;
}

/** What the case rules look at: the case's community, its assigned organization and assigned worker. */
async function caseFacts(tx: AnyPgTx, serviceCase: ServiceCaseRow): Promise<CaseFacts> {
  const worker = serviceCase.socialWorkerId ? await requireSocialWorker(tx, serviceCase.socialWorkerId, 'input.caseId') : null;
  return { communityCode: serviceCase.communityCode, organizationId: serviceCase.organizationId, assignedWorker: worker };
}

/** Assigns (or reassigns) an open case by hand. The same assignee again changes nothing. */
export async function assignCase(db: Db, input: AssignCaseInput, actor: Identity): Promise<ServiceCaseRow> {
  return db.transaction(async (tx) => {
    const current = await requireCase(tx, input.caseId, 'input.caseId');
    authorizeMutation(actor, 'assignServiceCase', { case: await caseFacts(tx, current) });
    requireOpen(current);
    if (input.socialWorkerId) await requireSocialWorker(tx, input.socialWorkerId, 'input.socialWorkerId');
    if (input.organizationId) await requireOrganization(tx, input.organizationId, 'input.organizationId');
    if (current.socialWorkerId === input.socialWorkerId && current.organizationId === input.organizationId) {
      await auditMutation(tx, actor, 'assignServiceCase', 'ServiceCase', current.id, { changed: false });
      return current;
    }
    const [row] = (await tx
      .update(serviceCases)
      .set({ socialWorkerId: input.socialWorkerId, organizationId: input.organizationId, matchedBy: 'manual' })
      .where(eq(serviceCases.id, current.id))
      .returning()) as [ServiceCaseRow];
    await recordEvent(
      tx,
      contracts.serviceCaseAssigned,
      { caseId: row.id, needId: row.needId, communityCode: row.communityCode, socialWorkerId: row.socialWorkerId, organizationId: row.organizationId },
      { subject: row.id },
    );
    await auditMutation(tx, actor, 'assignServiceCase', 'ServiceCase', row.id, { socialWorkerId: row.socialWorkerId, organizationId: row.organizationId });
    return row;
  });
}

/** A social worker's service on an open, assigned case (any registered worker may record: co-working, hand-over). */
export async function recordCaseService(db: Db, input: RecordCaseServiceInput, actor: Identity): Promise<CaseServiceRecordRow> {
  return db.transaction(async (tx) => {
    const serviceCase = await requireCase(tx, input.caseId, 'input.caseId');
    const worker = await requireSocialWorker(tx, input.socialWorkerId, 'input.socialWorkerId');
    authorizeMutation(actor, 'recordCaseService', { case: await caseFacts(tx, serviceCase), worker });
    checkCaseService(serviceCase, input.serviceDate);
    const [row] = (await tx.insert(caseServiceRecords).values(input).returning()) as [CaseServiceRecordRow];
    await recordEvent(
      tx,
      contracts.serviceCaseServiceRecorded,
      {
        caseId: serviceCase.id,
        needId: serviceCase.needId,
        serviceRecordId: row.id,
        socialWorkerId: row.socialWorkerId,
        serviceDate: row.serviceDate,
        minutes: row.minutes,
      },
      { subject: serviceCase.id },
    );
    await auditMutation(tx, actor, 'recordCaseService', 'CaseServiceRecord', row.id, { caseId: serviceCase.id });
    return row;
  });
}

/** Closes an open case; self-governance marks the need (and micro-wish) fulfilled when resolved. */
export async function closeCase(db: Db, input: CloseCaseInput, actor: Identity, now = new Date()): Promise<ServiceCaseRow> {
  return db.transaction(async (tx) => {
    const serviceCase = await requireCase(tx, input.caseId, 'input.caseId');
    authorizeMutation(actor, 'closeServiceCase', { case: await caseFacts(tx, serviceCase) });
    const [services] = await tx.select({ n: count() }).from(caseServiceRecords).where(eq(caseServiceRecords.caseId, serviceCase.id));
    const serviceCount = services?.n ?? 0;
    checkClose(serviceCase, input.resolved, serviceCount);
    const [row] = (await tx
      .update(serviceCases)
      .set({ status: 'closed', resolved: input.resolved, closeReason: input.reason, closedAt: now })
      .where(eq(serviceCases.id, serviceCase.id))
      .returning()) as [ServiceCaseRow];
    await addToRollup(tx, [{ communityCode: row.communityCode, day: districtDate(now), casesClosed: 1 }]);
    await recordEvent(
      tx,
      contracts.serviceCaseClosed,
      { caseId: row.id, needId: row.needId, communityCode: row.communityCode, resolved: input.resolved, serviceCount, closedAt: now.toISOString() },
      { subject: row.id },
    );
    await auditMutation(tx, actor, 'closeServiceCase', 'ServiceCase', row.id, { resolved: input.resolved });
    return row;
  });
}
