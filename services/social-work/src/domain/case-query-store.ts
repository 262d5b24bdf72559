import { z } from 'zod';
import { regionCode } from '@sanshe/events';
import { and, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import { tablePage, type PageArgs } from '@sanshe/service-kit';
import { caseServiceRecords, serviceCases, type ServiceCaseRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import { allOf, idEquals, parseFilter, withinRegion } from './listing.ts';
import { CATEGORY_FIELDS } from './matching.ts';
import { visible, type Viewer } from './visibility.ts';

const caseFilter = z.object({
  within: regionCode.nullish(),
  communityCode: z.string().nullish(),
  status: z.enum(['open', 'closed']).nullish(),
  category: z.enum(Object.keys(CATEGORY_FIELDS) as [string, ...string[]]).nullish(),
  urgency: z.enum(['low', 'normal', 'high', 'urgent']).nullish(),
  socialWorkerId: z.string().nullish(),
  organizationId: z.string().nullish(),
  unassigned: z.boolean().nullish(),
});


/** Service cases the viewer may see, newest first. */
export function listCases(db: Db, filter: unknown, args: PageArgs, viewer: Viewer) {
  const f = parseFilter(caseFilter, filter);
  const c = serviceCases;
  const where = allOf(
    visible.serviceCase(viewer),
    f.within && withinRegion(c.communityCode, f.within),
    f.communityCode && eq(c.communityCode, f.communityCode),
    f.status && eq(c.status, f.status),
    f.category && eq(c.category, f.category),
    f.urgency && eq(c.urgency, f.urgency),
    f.socialWorkerId && idEquals(c.socialWorkerId, f.socialWorkerId),
    f.organizationId && idEquals(c.organizationId, f.organizationId),
    f.unassigned === true && and(isNull(c.socialWorkerId), isNull(c.organizationId)),
    f.unassigned === false && sql`(${c.socialWorkerId} is not null or ${c.organizationId} is not null)`,
  );
  return tablePage(db, c, { time: c.openedAt, id: c.id, direction: 'desc' }, where, args);
}

export async function findCaseByNeed(db: Db, needId: string, viewer: Viewer): Promise<ServiceCaseRow | null> {
  const [row] = await db.select().from(serviceCases).where(and(idEquals(serviceCases.needId, needId), visible.serviceCase(viewer)));
  return row ?? null;
}

export function listCaseServices(db: Db, caseId: string, args: PageArgs) {
  const r = caseServiceRecords;
  return tablePage(db, r, { time: r.recordedAt, id: r.id, direction: 'asc' }, idEquals(r.caseId, caseId), args);
}

/** Services and their minutes per case, in one grouped statement. */
export async function caseServiceTotals(db: Db, caseIds: readonly string[]): Promise<{ count: number; minutes: number }[]> {
  const rows = await db
    .select({ id: caseServiceRecords.caseId, n: count(), minutes: sql<string>`coalesce(sum(${caseServiceRecords.minutes}), 0)` })
    .from(caseServiceRecords)
    .where(inArray(caseServiceRecords.caseId, [...caseIds]))
    .groupBy(caseServiceRecords.caseId);
  const byId = new Map(rows.map((r) => [r.id, { count: r.n, minutes: Number(r.minutes) }]));
  return caseIds.map((id) => byId.get(id) ?? { count: 0, minutes: 0 });
}

/** Open cases (that the viewer may see) per social worker, in one grouped statement. */
export async function openCasesByWorker(db: Db, ids: readonly string[], viewer: Viewer): Promise<number[]> {
  const rows = await db
    .select({ id: serviceCases.socialWorkerId, n: count() })
    .from(serviceCases)
    .where(and(eq(serviceCases.status, 'open'), inArray(serviceCases.socialWorkerId, [...ids]), visible.serviceCase(viewer)))
    .groupBy(serviceCases.socialWorkerId);
  const byId = new Map(rows.map((r) => [r.id, r.n]));
  return ids.map((id) => byId.get(id) ?? 0);
}

/** Open cases (that the viewer may see) per community, in one grouped statement. */
export async function openCasesByCommunity(db: Db, codes: readonly string[], viewer: Viewer): Promise<number[]> {
  const rows = await db
    .select({ code: serviceCases.communityCode, n: count() })
    .from(serviceCases)
    .where(and(eq(serviceCases.status, 'open'), inArray(serviceCases.communityCode, [...codes]), visible.serviceCase(viewer)))
    .groupBy(serviceCases.communityCode);
  const byCode = new Map(rows.map((r) => [r.code, r.n]));
  return codes.map((c) => byCode.get(c) ?? 0);
}
