import { z } from 'zod';
import { regionCode, socialWork as contracts } from '@sanshe/events';
import { and, count, eq, inArray, isNotNull, isNull } from 'drizzle-orm';
import {
  DomainError,
  isUniqueViolation,
  recordEvent,
  requireCommunity,
  requireOrganization,
  tablePage,
  type AnyPgTx,
  type Identity,
  type PageArgs,
} from '@sanshe/service-kit';
import { auditMutation, authorizeMutation } from '../authorization.ts';
import { socialWorkers, type SocialWorkerRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import { allOf, idEquals, parseFilter, withinRegion } from './listing.ts';
import { requireSocialWorker, requireStation } from './lookup.ts';
import type { LinkAccountInput, RegisterSocialWorkerInput } from './social-worker-rules.ts';

/** A station a worker is based at lies in the worker's community. */
export async function requireStationIn(tx: AnyPgTx, stationId: string, communityCode: string, field: string) {
  const station = await requireStation(tx, stationId, field);
  if (station.communityCode !== communityCode) {
    throw new DomainError('RULE_VIOLATION', `station ${station.name} is in community ${station.communityCode}, not ${communityCode}`, field);
  }
  return station;
}

/** The unique violation of a taken account subject or certificate number, as a CONFLICT naming the field. */
function conflictOf(error: unknown): DomainError | null {
  if (isUniqueViolation(error, 'social_workers_account_subject_key')) {
    return new DomainError('CONFLICT', 'this account is already linked to another social worker', 'input.accountSubject');
  }
  if (isUniqueViolation(error)) return new DomainError('CONFLICT', 'this certificate number is already registered', 'input.certificateNumber');
  return null;
}

export async function registerSocialWorker(db: Db, input: RegisterSocialWorkerInput, actor: Identity): Promise<SocialWorkerRow> {
  return db.transaction(async (tx) => {
    authorizeMutation(actor, 'registerSocialWorker', { communityCode: input.communityCode });
    await requireCommunity(tx, input.communityCode, 'input.communityCode');
    if (input.employerOrganizationId) await requireOrganization(tx, input.employerOrganizationId, 'input.employerOrganizationId');
    if (input.stationId) await requireStationIn(tx, input.stationId, input.communityCode, 'input.stationId');
    let row: SocialWorkerRow;
    try {
      [row] = (await tx.insert(socialWorkers).values(input).returning()) as [SocialWorkerRow];
    } catch (error) {
      throw conflictOf(error) ?? error;
    }
    await recordEvent(
      tx,
      contracts.socialWorkerRegistered,
      { socialWorkerId: row.id, communityCode: row.communityCode, certificationLevel: row.certificationLevel },
      { subject: row.id },
    );
    await auditMutation(tx, actor, 'registerSocialWorker', 'SocialWorker', row.id, { communityCode: row.communityCode, accountLinked: row.accountSubject !== null });
    return row;
  });
}

/**
 * Links the platform account a worker signs in with to their record (null unlinks). One account
 * per worker and one worker per account. No event: the link is this service's own business.
 */
export async function linkSocialWorkerAccount(db: Db, input: LinkAccountInput, actor: Identity): Promise<SocialWorkerRow> {
  return db.transaction(async (tx) => {
    const worker = await requireSocialWorker(tx, input.socialWorkerId, 'input.socialWorkerId', true);
    authorizeMutation(actor, 'linkSocialWorkerAccount', { worker });
    let row = worker;
    if (worker.accountSubject !== input.accountSubject) {
      try {
        [row] = (await tx
          .update(socialWorkers)
          .set({ accountSubject: input.accountSubject })
          .where(eq(socialWorkers.id, worker.id))
          .returning()) as [SocialWorkerRow];
      } catch (error) {
        throw conflictOf(error) ?? error;
      }
    }
    await auditMutation(tx, actor, 'linkSocialWorkerAccount', 'SocialWorker', row.id, {
      linked: row.accountSubject !== null,
      changed: row !== worker,
    });
    return row;
  });
}

const socialWorkerFilter = z.object({
  within: regionCode.nullish(),
  communityCode: z.string().nullish(),
  certificationLevel: z.enum(['assistant', 'intermediate', 'senior']).nullish(),
  certified: z.boolean().nullish(),
  employment: z.enum(['agency', 'government_post']).nullish(),
  employerOrganizationId: z.string().nullish(),
  stationId: z.string().nullish(),
  socialWorkGraduate: z.boolean().nullish(),
});


/** Social workers in registration order. */
export function listSocialWorkers(db: Db, filter: unknown, args: PageArgs) {
  const f = parseFilter(socialWorkerFilter, filter);
  const where = allOf(
    f.within && withinRegion(socialWorkers.communityCode, f.within),
    f.communityCode && eq(socialWorkers.communityCode, f.communityCode),
    f.certificationLevel && eq(socialWorkers.certificationLevel, f.certificationLevel),
    f.certified === true && isNotNull(socialWorkers.certificationLevel),
    f.certified === false && isNull(socialWorkers.certificationLevel),
    f.employment && eq(socialWorkers.employment, f.employment),
    f.employerOrganizationId && idEquals(socialWorkers.employerOrganizationId, f.employerOrganizationId),
    f.stationId && idEquals(socialWorkers.stationId, f.stationId),
    typeof f.socialWorkGraduate === 'boolean' && eq(socialWorkers.socialWorkGraduate, f.socialWorkGraduate),
  );
  return tablePage(
    db,
    socialWorkers,
    { time: socialWorkers.registeredAt, id: socialWorkers.id, direction: 'asc' },
    where,
    args,
  );
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
