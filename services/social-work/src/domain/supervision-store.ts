import { z } from 'zod';
import { socialWork as contracts } from '@sanshe/events';
import { gte, lte, or } from 'drizzle-orm';
import { DomainError, recordEvent, requireOrganization, tablePage, type Identity, type PageArgs } from '@sanshe/service-kit';
import { auditMutation, authorizeMutation } from '../authorization.ts';
import { evaluations, supervisions, type EvaluationRow, type SupervisionRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import { isoDate } from './district-date.ts';
import { allOf, idEquals, parseFilter } from './listing.ts';
import { requireSocialWorker, requireStation } from './lookup.ts';
import { visible, type Viewer } from './visibility.ts';
import { canSupervise, gradeOf, type EvaluationInput, type SupervisionInput } from './workforce-rules.ts';

export async function recordSupervision(db: Db, input: SupervisionInput, actor: Identity): Promise<SupervisionRow> {
  return db.transaction(async (tx) => {
    const supervisor = await requireSocialWorker(tx, input.supervisorId, 'input.supervisorId');
    const supervisee = await requireSocialWorker(tx, input.superviseeId, 'input.superviseeId');
    authorizeMutation(actor, 'recordSupervision', { supervisee });
    if (!canSupervise(supervisor.certificationLevel)) {
      throw new DomainError('RULE_VIOLATION', 'a supervisor holds at least the 社会工作师 (intermediate) certificate', 'input.supervisorId');
    }
    const [row] = (await tx.insert(supervisions).values(input).returning()) as [SupervisionRow];
    await recordEvent(
      tx,
      contracts.supervisionRecorded,
      { supervisionId: row.id, supervisorId: row.supervisorId, superviseeId: row.superviseeId, supervisedOn: row.supervisedOn, minutes: row.minutes },
      { subject: row.id },
    );
    await auditMutation(tx, actor, 'recordSupervision', 'Supervision', row.id, { superviseeId: row.superviseeId });
    return row;
  });
}

/**
 * Third-party evaluation: the evaluator is a known, active organization, and not the evaluated
 * station's operator nor the evaluated worker's employer.
 */
export async function recordEvaluation(db: Db, input: EvaluationInput, actor: Identity): Promise<EvaluationRow> {
  return db.transaction(async (tx) => {
    const subject = input.stationId
      ? await requireStation(tx, input.stationId, 'input.stationId')
      : await requireSocialWorker(tx, input.socialWorkerId!, 'input.socialWorkerId');
    authorizeMutation(actor, 'recordPerformanceEvaluation', { communityCode: subject.communityCode });
    await requireOrganization(tx, input.evaluatorOrganizationId, 'input.evaluatorOrganizationId');
    const evaluated = 'operatorOrganizationId' in subject ? subject.operatorOrganizationId : subject.employerOrganizationId;
    if (evaluated === input.evaluatorOrganizationId) {
      throw new DomainError('RULE_VIOLATION', 'an evaluation is by a third party, not by the operator or employer', 'input.evaluatorOrganizationId');
    }
    const [row] = (await tx.insert(evaluations).values(input).returning()) as [EvaluationRow];
    await recordEvent(
      tx,
      contracts.evaluationRecorded,
      {
        evaluationId: row.id,
        evaluatorOrganizationId: row.evaluatorOrganizationId,
        stationId: row.stationId,
        socialWorkerId: row.socialWorkerId,
        periodStart: row.periodStart,
        periodEnd: row.periodEnd,
        score: row.score,
        grade: gradeOf(row.score),
      },
      { subject: row.id },
    );
    await auditMutation(tx, actor, 'recordPerformanceEvaluation', 'PerformanceEvaluation', row.id, { communityCode: subject.communityCode });
    return row;
  });
}

const supervisionFilter = z.object({
  supervisorId: z.string().nullish(),
  superviseeId: z.string().nullish(),
  /** Either side: a worker's supervisions given or received. */
  socialWorkerId: z.string().nullish(),
  from: isoDate.nullish(),
  to: isoDate.nullish(),
});


/** Supervisions the viewer may see (of a worker on either side whose workforce records they see). */
export function listSupervisions(db: Db, filter: unknown, args: PageArgs, viewer: Viewer) {
  const f = parseFilter(supervisionFilter, filter);
  const where = allOf(
    visible.aboutWorker(viewer, supervisions.supervisorId, supervisions.superviseeId),
    f.supervisorId && idEquals(supervisions.supervisorId, f.supervisorId),
    f.superviseeId && idEquals(supervisions.superviseeId, f.superviseeId),
    f.socialWorkerId && or(idEquals(supervisions.supervisorId, f.socialWorkerId), idEquals(supervisions.superviseeId, f.socialWorkerId)),
    f.from && gte(supervisions.supervisedOn, f.from),
    f.to && lte(supervisions.supervisedOn, f.to),
  );
  const order = { time: supervisions.createdAt, id: supervisions.id, direction: 'asc' as const };
  return tablePage(db, supervisions, order, where, args);
}

const evaluationFilter = z.object({
  evaluatorOrganizationId: z.string().nullish(),
  stationId: z.string().nullish(),
  socialWorkerId: z.string().nullish(),
});


/** Evaluations the viewer may see. */
export function listEvaluations(db: Db, filter: unknown, args: PageArgs, viewer: Viewer) {
  const f = parseFilter(evaluationFilter, filter);
  const where = allOf(
    visible.evaluation(viewer),
    f.evaluatorOrganizationId && idEquals(evaluations.evaluatorOrganizationId, f.evaluatorOrganizationId),
    f.stationId && idEquals(evaluations.stationId, f.stationId),
    f.socialWorkerId && idEquals(evaluations.socialWorkerId, f.socialWorkerId),
  );
  const order = { time: evaluations.createdAt, id: evaluations.id, direction: 'asc' as const };
  return tablePage(db, evaluations, order, where, args);
}

