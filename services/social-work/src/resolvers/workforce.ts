import type {
  CertificationLevel,
  EmploymentKind,
  PerformanceEvaluationResolvers,
  PerformanceGrade,
  SocialWorkerResolvers,
  SocialWorkerTrainingResolvers,
  SocialWorkStationResolvers,
  StationKind,
  SupervisionResolvers,
} from '../generated/resolvers-types.ts';
import { revealField } from '../authorization.ts';
import { listCases } from '../domain/case-query-store.ts';
import { listSocialWorkers } from '../domain/social-worker-store.ts';
import { listEvaluations, listSupervisions } from '../domain/supervision-store.ts';
import { gradeOf } from '../domain/workforce-rules.ts';
import { listSocialWorkerTrainings } from '../domain/workforce-store.ts';
import { iso, lowerEnums, must, upper } from './convert.ts';

export const SocialWorker: SocialWorkerResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.socialWorker.load(ref.id),
  name: async (row, _args, ctx) => (await revealField(ctx, 'SocialWorker', 'name', row))!,
  certificateNumber: (row, _args, ctx) => revealField(ctx, 'SocialWorker', 'certificateNumber', row),
  certificationLevel: (row) => upper<CertificationLevel>(row.certificationLevel),
  employment: (row) => upper<EmploymentKind>(row.employment),
  employer: (row) => (row.employerOrganizationId ? { id: row.employerOrganizationId } : null),
  community: (row) => ({ code: row.communityCode }),
  station: (row, _args, { loaders }) => (row.stationId ? loaders.station.load(row.stationId) : null),
  registeredAt: (row) => iso(row.registeredAt),
  trainings: (row, args, { db, loaders }) => listSocialWorkerTrainings(db, row.id, args, loaders.viewer),
  supervisions: (row, { role, ...page }, { db, loaders }) =>
    listSupervisions(
      db,
      role === 'SUPERVISOR' ? { supervisorId: row.id } : role === 'SUPERVISEE' ? { superviseeId: row.id } : { socialWorkerId: row.id },
      page,
      loaders.viewer,
    ),
  evaluations: (row, args, { db, loaders }) => listEvaluations(db, { socialWorkerId: row.id }, args, loaders.viewer),
  cases: (row, { status, ...page }, { db, loaders }) => listCases(db, lowerEnums({ status, socialWorkerId: row.id }, ['status']), page, loaders.viewer),
  openCaseCount: (row, _args, { loaders }) => loaders.openCasesOfWorker.load(row.id),
};

export const SocialWorkStation: SocialWorkStationResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.station.load(ref.id),
  kind: (row) => upper<StationKind>(row.kind),
  community: (row) => ({ code: row.communityCode }),
  operator: (row) => (row.operatorOrganizationId ? { id: row.operatorOrganizationId } : null),
  createdAt: (row) => iso(row.createdAt),
  socialWorkers: (row, args, { db }) => listSocialWorkers(db, { stationId: row.id }, args),
  evaluations: (row, args, { db, loaders }) => listEvaluations(db, { stationId: row.id }, args, loaders.viewer),
};

export const SocialWorkerTraining: SocialWorkerTrainingResolvers = {
  socialWorker: (row, _args, { loaders }) => must(loaders.socialWorker.load(row.socialWorkerId)),
};

export const Supervision: SupervisionResolvers = {
  supervisor: (row, _args, { loaders }) => must(loaders.socialWorker.load(row.supervisorId)),
  supervisee: (row, _args, { loaders }) => must(loaders.socialWorker.load(row.superviseeId)),
};

export const PerformanceEvaluation: PerformanceEvaluationResolvers = {
  evaluator: (row) => ({ id: row.evaluatorOrganizationId }),
  station: (row, _args, { loaders }) => (row.stationId ? loaders.station.load(row.stationId) : null),
  socialWorker: (row, _args, { loaders }) => (row.socialWorkerId ? loaders.socialWorker.load(row.socialWorkerId) : null),
  grade: (row) => upper<PerformanceGrade>(gradeOf(row.score)),
  createdAt: (row) => iso(row.createdAt),
};
