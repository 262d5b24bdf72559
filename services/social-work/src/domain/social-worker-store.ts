import { socialWork as contracts } from '@sanshe/events';
import { and, asc, count, eq, inArray, isNotNull } from 'drizzle-orm';
import {
  DomainError,
  isUniqueViolation,
  recordEvent,
  requireCommunity,
  requireOrganization,
  timeIdConnection,
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

export function listCommunitySocialWorkers(db: Db, communityCode: string, args: PageArgs) {
  const where = eq(socialWorkers.communityCode, communityCode);
  return timeIdConnection(args, {
    rows: (after, limit) =>
      db
        .select()
        .from(socialWorkers)
        .where(and(where, after(socialWorkers.registeredAt, socialWorkers.id, 'asc')))
        .orderBy(asc(socialWorkers.registeredAt), asc(socialWorkers.id))
        .limit(limit),
    count: async () => (await db.select({ n: count() }).from(socialWorkers).where(where))[0]?.n ?? 0,
    keyOf: (r) => [r.registeredAt, r.id],
  });
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
