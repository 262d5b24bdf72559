import type {
  CaseCategory,
  CaseCloseReason,
  CaseMatch,
  CaseServiceRecordResolvers,
  CaseUrgency,
  ServiceCaseResolvers,
  ServiceCaseStatus,
} from '../generated/resolvers-types.ts';
import { listCaseServices } from '../domain/case-query-store.ts';
import { iso, isoOrNull, must, upper } from './convert.ts';

export const ServiceCase: ServiceCaseResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.serviceCase.load(ref.id),
  community: (row) => ({ code: row.communityCode }),
  category: (row) => upper<CaseCategory>(row.category),
  urgency: (row) => upper<CaseUrgency>(row.urgency),
  status: (row) => upper<ServiceCaseStatus>(row.status),
  socialWorker: (row, _args, { loaders }) => (row.socialWorkerId ? loaders.socialWorker.load(row.socialWorkerId) : null),
  organization: (row) => (row.organizationId ? { id: row.organizationId } : null),
  matchedBy: (row) => upper<CaseMatch>(row.matchedBy),
  openedAt: (row) => iso(row.openedAt),
  closedAt: (row) => isoOrNull(row.closedAt),
  closeReason: (row) => upper<CaseCloseReason>(row.closeReason),
  services: (row, args, { db }) => listCaseServices(db, row.id, args),
  serviceCount: async (row, _args, { loaders }) => (await loaders.caseTotals.load(row.id)).count,
  serviceTime: async (row, _args, { loaders }) => ({ minutes: (await loaders.caseTotals.load(row.id)).minutes }),
};

export const CaseServiceRecord: CaseServiceRecordResolvers = {
  case: (row, _args, { loaders }) => must(loaders.serviceCase.load(row.caseId)),
  socialWorker: (row, _args, { loaders }) => must(loaders.socialWorker.load(row.socialWorkerId)),
  // The notes may name residents: only whether there are any leaves the service.
  hasNotes: (row) => row.notes !== null,
  recordedAt: (row) => iso(row.recordedAt),
};
