import { z } from 'zod';
import { regionCode, socialWork as contracts } from '@sanshe/events';
import { eq } from 'drizzle-orm';
import {
  DomainError,
  isUniqueViolation,
  recordEvent,
  requireCommunity,
  requireOrganization,
  tablePage,
  type Identity,
  type PageArgs,
} from '@sanshe/service-kit';
import { auditMutation, authorizeMutation } from '../authorization.ts';
import {
  socialWorkers,
  socialWorkerTrainings,
  socialWorkStations,
  type SocialWorkerRow,
  type SocialWorkerTrainingRow,
  type SocialWorkStationRow,
} from '../db/schema.ts';
import type { Db } from '../context.ts';
import { allOf, idEquals, parseFilter, withinRegion } from './listing.ts';
import { requireSocialWorker } from './lookup.ts';
import { requireStationIn } from './social-worker-store.ts';
import type { SocialWorkerTrainingInput } from './training-rules.ts';
import { visible, type Viewer } from './visibility.ts';
import type { OpenStationInput, ReassignSocialWorkerInput } from './workforce-rules.ts';

export async function openStation(db: Db, input: OpenStationInput, actor: Identity): Promise<SocialWorkStationRow> {
  return db.transaction(async (tx) => {
    authorizeMutation(actor, 'openSocialWorkStation', { communityCode: input.communityCode });
    await requireCommunity(tx, input.communityCode, 'input.communityCode');
    if (input.operatorOrganizationId) await requireOrganization(tx, input.operatorOrganizationId, 'input.operatorOrganizationId');
    let row: SocialWorkStationRow;
    try {
      [row] = (await tx.insert(socialWorkStations).values(input).returning()) as [SocialWorkStationRow];
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('CONFLICT', 'the community already has a station of this name', 'input.name');
      throw error;
    }
    await recordEvent(
      tx,
      contracts.stationOpened,
      { stationId: row.id, communityCode: row.communityCode, kind: row.kind, operatorOrganizationId: row.operatorOrganizationId, openedOn: row.openedOn },
      { subject: row.id },
    );
    await auditMutation(tx, actor, 'openSocialWorkStation', 'SocialWorkStation', row.id, { communityCode: row.communityCode });
    return row;
  });
}

/**
 * Moves a worker to another community and/or station. Open cases stay with the worker (they are
 * reassigned by hand if need be). Asking for the assignment the worker already has changes nothing.
 */
export async function reassignSocialWorker(db: Db, input: ReassignSocialWorkerInput, actor: Identity): Promise<SocialWorkerRow> {
  return db.transaction(async (tx) => {
    const worker = await requireSocialWorker(tx, input.socialWorkerId, 'input.socialWorkerId', true);
    authorizeMutation(actor, 'reassignSocialWorker', { from: worker.communityCode, to: input.communityCode });
    await requireCommunity(tx, input.communityCode, 'input.communityCode');
    if (input.stationId) await requireStationIn(tx, input.stationId, input.communityCode, 'input.stationId');
    if (worker.communityCode === input.communityCode && worker.stationId === input.stationId) {
      await auditMutation(tx, actor, 'reassignSocialWorker', 'SocialWorker', worker.id, { changed: false });
      return worker;
    }
    const [row] = (await tx
      .update(socialWorkers)
      .set({ communityCode: input.communityCode, stationId: input.stationId })
      .where(eq(socialWorkers.id, worker.id))
      .returning()) as [SocialWorkerRow];
    await recordEvent(
      tx,
      contracts.socialWorkerReassigned,
      { socialWorkerId: row.id, communityCode: row.communityCode, previousCommunityCode: worker.communityCode, stationId: row.stationId },
      { subject: row.id },
    );
    await auditMutation(tx, actor, 'reassignSocialWorker', 'SocialWorker', row.id, { from: worker.communityCode, to: row.communityCode });
    return row;
  });
}

export async function recordSocialWorkerTraining(db: Db, input: SocialWorkerTrainingInput, actor: Identity): Promise<SocialWorkerTrainingRow> {
  return db.transaction(async (tx) => {
    const worker = await requireSocialWorker(tx, input.socialWorkerId, 'input.socialWorkerId');
    authorizeMutation(actor, 'recordSocialWorkerTraining', { worker });
    const [row] = (await tx.insert(socialWorkerTrainings).values(input).returning()) as [SocialWorkerTrainingRow];
    await recordEvent(
      tx,
      contracts.socialWorkerTrained,
      { trainingId: row.id, socialWorkerId: row.socialWorkerId, trainedOn: row.trainedOn, minutes: row.minutes },
      { subject: row.socialWorkerId },
    );
    await auditMutation(tx, actor, 'recordSocialWorkerTraining', 'SocialWorkerTraining', row.id, { socialWorkerId: row.socialWorkerId });
    return row;
  });
}

const stationFilter = z.object({
  within: regionCode.nullish(),
  kind: z.enum(['station', 'centre']).nullish(),
  operatorOrganizationId: z.string().nullish(),
});


/** Stations in opening-record order. */
export function listStations(db: Db, filter: unknown, args: PageArgs) {
  const f = parseFilter(stationFilter, filter);
  const where = allOf(
    f.within && withinRegion(socialWorkStations.communityCode, f.within),
    f.kind && eq(socialWorkStations.kind, f.kind),
    f.operatorOrganizationId && idEquals(socialWorkStations.operatorOrganizationId, f.operatorOrganizationId),
  );
  const order = { time: socialWorkStations.createdAt, id: socialWorkStations.id, direction: 'asc' as const };
  return tablePage(db, socialWorkStations, order, where, args);
}

/** A worker's trainings, if the viewer may see the worker's workforce records. */
export function listSocialWorkerTrainings(db: Db, socialWorkerId: string, args: PageArgs, viewer: Viewer) {
  const t = socialWorkerTrainings;
  const order = { time: t.createdAt, id: t.id, direction: 'asc' as const };
  return tablePage(db, t, order, allOf(idEquals(t.socialWorkerId, socialWorkerId), visible.aboutWorker(viewer, t.socialWorkerId)), args);
}
