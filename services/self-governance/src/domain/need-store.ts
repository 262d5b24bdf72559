import { randomUUID } from 'node:crypto';
import { selfGovernance as contracts } from '@sanshe/events';
import { and } from 'drizzle-orm';
import { pendingEvent, recordEvent, recordEvents, tablePage, type AnyPgTx, type Identity, type PageArgs } from '@sanshe/service-kit';
import { needs, type NeedRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import type { WriteAccess } from '../authorization.ts';
import { requireGrid } from './grid-store.ts';
import { parsePerson, type PersonInput } from './personal-data.ts';
import { gridFilter, optionalEq, requireCommunity, withinFilter } from './store-kit.ts';
import { text } from './validation.ts';
import { needCondition } from '../read-access.ts';
import { checkPlace, importSize, insertRows, loadPlaces, pastTimestamp } from './bulk.ts';

/**
 * 社区发现需求: a need reported through the grid goes to social work by event (need.reported),
 * which opens a service case; the case's opening and closing come back as events
 * (src/events/) and move the need on: reported → in_service → fulfilled | closed_unmet.
 */

export interface NeedInput {
  communityCode: string;
  gridCode?: string | null;
  category: NeedRow['category'];
  urgency: NeedRow['urgency'];
  summary: string;
  reporter: PersonInput;
}

export function parseNeed(input: Omit<NeedInput, 'communityCode' | 'category' | 'urgency'>, field = 'input') {
  return {
    summary: text(input.summary, `${field}.summary`, { max: 500 }),
    reporter: parsePerson(input.reporter, `${field}.reporter`),
  };
}

/** What need.reported carries: no personal data. */
const reportedEvent = (row: Pick<NeedRow, 'id' | 'communityCode' | 'gridCode' | 'category' | 'urgency' | 'summary' | 'microWishId'>) => ({
  needId: row.id,
  communityCode: row.communityCode,
  gridCode: row.gridCode,
  category: row.category,
  urgency: row.urgency,
  summary: row.summary,
  microWishId: row.microWishId,
});

/**
 * Inserts a need and its need.reported event in the caller's transaction (a micro-wish's too);
 * `reportedBy` is the reporting account, so a resident can follow the needs they reported.
 * `placeChecked`: the caller (postMicroWish) has already found the community and grid in this
 * transaction, so they are not looked up twice.
 */
export async function insertReportedNeed(
  tx: AnyPgTx,
  input: NeedInput,
  microWishId: string | null,
  reportedBy: string | null,
  { placeChecked = false } = {},
): Promise<NeedRow> {
  const { summary, reporter } = parseNeed(input);
  if (!placeChecked) {
    await requireCommunity(tx, input.communityCode, 'input.communityCode');
    if (input.gridCode != null) await requireGrid(tx, input.gridCode, 'input.gridCode', input.communityCode);
  }
  const [row] = await tx
    .insert(needs)
    .values({
      communityCode: input.communityCode,
      gridCode: input.gridCode ?? null,
      category: input.category,
      urgency: input.urgency,
      summary,
      reporterName: reporter.name,
      reporterPhone: reporter.phone,
      reportedBy,
      microWishId,
    })
    .returning();
  await recordEvent(tx, contracts.needReported, reportedEvent(row!), { subject: row!.id });
  return row!;
}

export async function reportNeed(db: Db, input: NeedInput, access: WriteAccess): Promise<NeedRow> {
  parseNeed(input); // refuse bad input before opening a transaction
  return db.transaction(async (tx) => {
    access.allow({ regionCode: input.communityCode }, 'input.communityCode');
    const row = await insertReportedNeed(tx, input, null, access.identity.subject);
    await access.audit(tx, 'Need', row.id);
    return row;
  });
}

export interface NeedImportRecord extends NeedInput {
  /** When it was reported (ISO date-time with offset); now when not given. */
  reportedAt?: string | null;
}

/**
 * importNeeds: up to 1,000 needs in one transaction, each under reportNeed's rules — its text and
 * contact checks, its authorization for the record's community, its community and grid — and
 * each with its own need.reported event (social work opens a case for each). Records are checked
 * in order, so the refusal names the first bad one (`input.records.<i>.<field>`); nothing is
 * written then. A fixed number of statements whatever the size: one lookup of the batch's
 * communities and grids, one multi-row insert each of needs, events and audit lines.
 */
export async function importNeeds(db: Db, records: readonly NeedImportRecord[], access: WriteAccess): Promise<{ count: number; ids: string[] }> {
  importSize(records);
  const now = new Date();
  return db.transaction(async (tx) => {
    const places = await loadPlaces(tx, records);
    const rows = records.map((record, i) => {
      const field = `input.records.${i}`;
      const { summary, reporter } = parseNeed(record, field);
      const reportedAt = pastTimestamp(record.reportedAt, `${field}.reportedAt`, now);
      access.allow({ regionCode: record.communityCode }, `${field}.communityCode`);
      checkPlace(places, record, field);
      return {
        id: randomUUID(),
        communityCode: record.communityCode,
        gridCode: record.gridCode ?? null,
        category: record.category,
        urgency: record.urgency,
        summary,
        reporterName: reporter.name,
        reporterPhone: reporter.phone,
        reportedBy: access.identity.subject,
        microWishId: null,
        reportedAt,
      };
    });
    await insertRows(tx, needs, rows);
    await recordEvents(
      tx,
      rows.map((row) => pendingEvent(contracts.needReported, reportedEvent(row), { subject: row.id, time: row.reportedAt })),
    );
    const ids = rows.map((r) => r.id);
    await access.auditEach(tx, 'Need', ids);
    return { count: ids.length, ids };
  });
}

export interface NeedFilter {
  /** Needs are not public: the list and its count are narrowed to what this caller may read. */
  reader: Identity;
  within?: string | null;
  communityCode?: string;
  status?: NeedRow['status'] | null;
  category?: NeedRow['category'] | null;
  urgency?: NeedRow['urgency'] | null;
  gridCode?: string | null;
}

export const listNeeds = (db: Db, filter: NeedFilter, args: PageArgs) =>
  tablePage(
    db,
    needs,
    { time: needs.reportedAt, id: needs.id, direction: 'desc' },
    and(
      needCondition(filter.reader, needs),
      withinFilter(needs.communityCode, filter.within),
      optionalEq(needs.communityCode, filter.communityCode),
      optionalEq(needs.status, filter.status),
      optionalEq(needs.category, filter.category),
      optionalEq(needs.urgency, filter.urgency),
      gridFilter(needs.gridCode, filter.gridCode),
    ),
    args,
  );
