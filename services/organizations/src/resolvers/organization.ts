import type {
  HubKind,
  LegalForm,
  OrganizationCategory,
  OrganizationResolvers,
  OrganizationState,
  OrganizationTrack,
  ServiceField,
} from '../generated/resolvers-types.ts';
import { isGradeValidOn } from '../domain/grading.ts';
import type { Identity } from '@sanshe/service-kit';
import type { OrganizationRow } from '../db/schema.ts';
import { mayReadOrganization, mayReadVenueLoan } from '../authorization.ts';
import { upper } from './enums.ts';
import { projectCount, projects } from './projects.ts';
import { districtDate } from '@sanshe/service-kit';

/** An organization looked up by id: null, as if unknown, when the caller may not see it. */
export const visibleOrNull = (identity: Identity, row: OrganizationRow | null) => (row && mayReadOrganization(identity, row) ? row : null);

export const Organization: OrganizationResolvers = {
  __resolveReference: async (ref, { loaders, identity }) => visibleOrNull(identity, await loaders.organization.load(ref.id)),
  state: (row) => upper<OrganizationState>(row.state),
  track: (row) => (row.track ? upper<OrganizationTrack>(row.track) : null),
  category: (row) => upper<OrganizationCategory>(row.category),
  serviceFields: (row) => row.serviceFields.map((f) => upper<ServiceField>(f)),
  legalForm: (row) => (row.legalForm ? upper<LegalForm>(row.legalForm) : null),
  hubKind: (row) => (row.hubKind ? upper<HubKind>(row.hubKind) : null),
  community: (row) => ({ code: row.communityCode }),
  history: (row, _args, { loaders }) => loaders.history.load(row.id),
  inspections: (row, _args, { loaders }) => loaders.inspections.load(row.id),
  grades: (row, _args, { loaders }) => loaders.grades.load(row.id),
  grade: async (row, _args, { loaders }) => {
    const [latest] = await loaders.grades.load(row.id);
    return latest && isGradeValidOn(latest.validUntil, districtDate()) ? latest : null;
  },
  incubationStints: (row, _args, { loaders }) => loaders.stintsByOrganization.load(row.id),
  memberships: (row, _args, { loaders }) => loaders.membershipsByMember.load(row.id),
  federationMembers: async (row, { activeOnly }, { loaders }) => {
    const all = await loaders.membershipsByFederation.load(row.id);
    return activeOnly === false ? all : all.filter((m) => m.leftOn === null);
  },
  // Venue loans are not public: the organization's administrator and callers in scope see them.
  venueLoans: async (row, _args, { loaders, identity }) => (await loaders.venueLoans.load(row.id)).filter((loan) => mayReadVenueLoan(identity, loan, row)),
  projects,
  projectCount,
  createdAt: (row) => row.createdAt.toISOString(),
  updatedAt: (row) => row.updatedAt.toISOString(),
};
