import { socialWork as contracts } from '@sanshe/events';
import { and, asc, count, eq, gt, inArray, isNotNull, or } from 'drizzle-orm';
import {
  DomainError,
  isUniqueViolation,
  readPage,
  recordEvent,
  requireCommunity,
  requireOrganization,
  toConnection,
  type PageArgs,
} from '@sanshe/service-kit';
import { socialWorkers, type SocialWorkerRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import type { RegisterSocialWorkerInput } from './social-worker-rules.ts';

export async function registerSocialWorker(db: Db, input: RegisterSocialWorkerInput): Promise<SocialWorkerRow> {
  return db.transaction(async (tx) => {
    await requireCommunity(tx, input.communityCode, 'input.communityCode');
    if (input.employerOrganizationId) await requireOrganization(tx, input.employerOrganizationId, 'input.employerOrganizationId');
    let row: SocialWorkerRow;
    try {
      [row] = (await tx.insert(socialWorkers).values(input).returning()) as [SocialWorkerRow];
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('CONFLICT', 'this certificate number is already registered', 'input.certificateNumber');
      throw error;
    }
    await recordEvent(
      tx,
      contracts.socialWorkerRegistered,
      { socialWorkerId: row.id, communityCode: row.communityCode, certificationLevel: row.certificationLevel },
      { subject: row.id },
    );
    return row;
  });
}

type Key = [string, string];
const isKey = (v: unknown): v is Key => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string');

export async function listCommunitySocialWorkers(db: Db, communityCode: string, args: PageArgs) {
  const page = readPage(args, isKey);
  const where = eq(socialWorkers.communityCode, communityCode);
  const after = page.after
    ? or(
        gt(socialWorkers.registeredAt, new Date(page.after[0])),
        and(eq(socialWorkers.registeredAt, new Date(page.after[0])), gt(socialWorkers.id, page.after[1])),
      )
    : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(socialWorkers)
      .where(after ? and(where, after) : where)
      .orderBy(asc(socialWorkers.registeredAt), asc(socialWorkers.id))
      .limit(page.fetch),
    db.select({ n: count() }).from(socialWorkers).where(where),
  ]);
  return toConnection(rows, page, total?.n ?? 0, (r) => [r.registeredAt.toISOString(), r.id] as Key);
}

/** Certified workers per community, for a whole batch of communities in one statement. */
export async function countCertified(db: Db, communityCodes: readonly string[]): Promise<number[]> {
  const rows = await db
    .select({ code: socialWorkers.communityCode, n: count() })
    .from(socialWorkers)
    .where(and(isNotNull(socialWorkers.certificationLevel), inArray(socialWorkers.communityCode, [...communityCodes])))
    .groupBy(socialWorkers.communityCode);
  const byCode = new Map(rows.map((r) => [r.code, r.n]));
  return communityCodes.map((code) => byCode.get(code) ?? 0);
}
