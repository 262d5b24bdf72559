import { isTimeIdKey, readPage, toConnection } from '@sanshe/service-kit';
import type {
  OrganizationProjectProgrammeKind,
  OrganizationProjectRating,
  OrganizationProjectResolvers,
  OrganizationProjectStatus,
  OrganizationResolvers,
} from '../generated/resolvers-types.ts';
import { listProjects } from '../domain/project-store.ts';
import { upper } from './enums.ts';

/**
 * Organization.projects: public registry information, like the organization it hangs off (a
 * caller who cannot see the organization never reaches it) and like the grants funding publishes
 * as 360Giving open data, amounts included. A first page comes from a per-request batch.
 */
export const projects: OrganizationResolvers['projects'] = async (row, { first, after }, { db, loaders }) => {
  if (after != null) return listProjects(db, row.id, { first, after });
  const page = readPage({ first }, isTimeIdKey);
  const { rows, total } = await loaders.firstProjects.load(`${page.fetch}:${row.id}`);
  return toConnection(rows, page, total, (r) => [r.startedAt.toISOString(), r.grantId]);
};

export const projectCount: OrganizationResolvers['projectCount'] = (row, _args, { loaders }) => loaders.projectCount.load(row.id);

export const OrganizationProject: OrganizationProjectResolvers = {
  programmeKind: (row) => (row.programmeKind ? upper<OrganizationProjectProgrammeKind>(row.programmeKind) : null),
  community: (row) => ({ code: row.communityCode }),
  status: (row) => upper<OrganizationProjectStatus>(row.status),
  evaluationRating: (row) => (row.evaluationRating ? upper<OrganizationProjectRating>(row.evaluationRating) : null),
  startedAt: (row) => row.startedAt.toISOString(),
  endedAt: (row) => row.endedAt?.toISOString() ?? null,
};
