import { randomUUID } from 'node:crypto';
import { selfGovernance as contracts } from '@sanshe/events';
import { and, eq } from 'drizzle-orm';
import { DomainError, pendingEvent, recordEvent, recordEvents, tablePage, type Identity, type PageArgs } from '@sanshe/service-kit';
import { disputeParties, disputes, type DisputeRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import type { WriteAccess } from '../authorization.ts';
import { requireGrid } from './grid-store.ts';
import { disputeLifecycle } from './lifecycles.ts';
import { parseIdNumber, parsePerson, type PersonInput } from './personal-data.ts';
import { gridFilter, lockById, optionalEq, requireCommunity, withinFilter } from './store-kit.ts';
import { optionalText, text } from './validation.ts';
import { checkPlace, importSize, insertRows, loadPlaces, pastTimestamp } from './bulk.ts';
import { readScopeCondition } from '../read-access.ts';

/** 矛盾化解: a dispute is reported, mediated, and closed resolved or referred elsewhere (unresolved). */

export interface PartyInput extends PersonInput {
  idNumber?: string | null;
}

export function parseParties(parties: readonly PartyInput[], field = 'input.parties') {
  if (parties.length < 1 || parties.length > 20) throw new DomainError('BAD_USER_INPUT', 'a dispute has 1 to 20 parties', field);
  return parties.map((party, i) => ({
    ...parsePerson(party, `${field}.${i}`),
    idNumber: party.idNumber == null || party.idNumber.trim() === '' ? null : parseIdNumber(party.idNumber, `${field}.${i}.idNumber`),
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

export interface DisputeImportRecord {
  communityCode: string;
  gridCode?: string | null;
  category: DisputeRow['category'];
  summary: string;
  parties: readonly PartyInput[];
  reportedAt?: string | null;
  resolvedAt?: string | null;
  resolution?: string | null;
  mediator?: string | null;
}

/** Who mediated an imported settled dispute when the record does not say: the seed's 多元民主协商化解. */
export const IMPORTED_MEDIATOR = '多元民主协商';

/**
 * One import record, checked as reportDispute checks its input (and resolveDispute its outcome),
 * every field named `input.records.<i>.<field>`. A settled dispute gives `resolvedAt` and
 * `resolution` together; its mediation is taken to have started when it was reported.
 */
export function parseDisputeRecord(record: DisputeImportRecord, field: string, now: Date) {
  const summary = text(record.summary, `${field}.summary`, { max: 2000 });
  const parties = parseParties(record.parties, `${field}.parties`);
  const reportedAt = pastTimestamp(record.reportedAt, `${field}.reportedAt`, now);
  const resolution = optionalText(record.resolution, `${field}.resolution`, { max: 2000 });
  const given = record.resolvedAt != null;
  if (given && resolution === null) throw new DomainError('BAD_USER_INPUT', 'a resolved dispute gives its resolution', `${field}.resolution`);
  if (!given && resolution !== null) throw new DomainError('BAD_USER_INPUT', 'a resolution comes with resolvedAt', `${field}.resolvedAt`);
  if (!given && record.mediator != null) throw new DomainError('BAD_USER_INPUT', 'a mediator is imported with a resolved dispute only', `${field}.mediator`);
  if (!given) return { summary, parties, reportedAt, resolved: null };
  const resolvedAt = pastTimestamp(record.resolvedAt, `${field}.resolvedAt`, now);
  if (resolvedAt.getTime() < reportedAt.getTime()) throw new DomainError('BAD_USER_INPUT', 'resolvedAt is before reportedAt', `${field}.resolvedAt`);
  const mediator = optionalText(record.mediator, `${field}.mediator`, { max: 100 }) ?? IMPORTED_MEDIATOR;
  return { summary, parties, reportedAt, resolved: { at: resolvedAt, outcome: resolution!, mediator } };
}

/**
 * importDisputes: up to 1,000 disputes in one transaction under reportDispute's rules and
 * authorization per record's community, each with reportDispute's event — and, for one imported
 * settled, the mediation-started and resolved events resolveDispute's path would have recorded.
 * The first bad record refuses the call naming `input.records.<i>.<field>`; nothing is written.
 * Parties (names, phones, ID numbers) are stored as reportDispute stores them and leave only
 * masked or audited; no event carries them.
 */
export async function importDisputes(db: Db, records: readonly DisputeImportRecord[], access: WriteAccess): Promise<{ count: number; ids: string[] }> {
  importSize(records);
  const now = new Date();
  return db.transaction(async (tx) => {
    const places = await loadPlaces(tx, records);
    const parsed = records.map((record, i) => {
      const field = `input.records.${i}`;
      const checked = parseDisputeRecord(record, field, now);
      access.allow({ regionCode: record.communityCode }, `${field}.communityCode`);
      checkPlace(places, record, field);
      return { id: randomUUID(), record, ...checked };
    });
    await insertRows(
      tx,
      disputes,
      parsed.map(({ id, record, summary, reportedAt, resolved }) => ({
        id,
        communityCode: record.communityCode,
        gridCode: record.gridCode ?? null,
        category: record.category,
        summary,
        reportedAt,
        ...(resolved
          ? { status: 'resolved' as const, mediator: resolved.mediator, outcome: resolved.outcome, mediationStartedAt: reportedAt, closedAt: resolved.at }
          : {}),
      })),
    );
    await insertRows(
      tx,
      disputeParties,
      parsed.flatMap(({ id, parties }) => parties.map((p, position) => ({ disputeId: id, position, ...p }))),
    );
    // Each dispute's events together and in lifecycle order: reported, mediation started, resolved.
    await recordEvents(
      tx,
      parsed.flatMap(({ id, record, parties, reportedAt, resolved }) => {
        const communityCode = record.communityCode;
        const reported = pendingEvent(
          contracts.disputeReported,
          { disputeId: id, communityCode, gridCode: record.gridCode ?? null, category: record.category, partyCount: parties.length },
          { subject: id, time: reportedAt },
        );
        if (!resolved) return [reported];
        return [
          reported,
          pendingEvent(contracts.disputeMediationStarted, { disputeId: id, communityCode, mediator: resolved.mediator }, { subject: id, time: reportedAt }),
          pendingEvent(
            contracts.disputeResolved,
            { disputeId: id, communityCode, category: record.category, resolvedAt: resolved.at.toISOString() },
            { subject: id, time: resolved.at },
          ),
        ];
      }),
    );
    const ids = parsed.map((p) => p.id);
    await access.auditEach(tx, 'Dispute', ids);
    return { count: ids.length, ids };
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
  tablePage(
    db,
    disputes,
    { time: disputes.reportedAt, id: disputes.id, direction: 'desc' },
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
