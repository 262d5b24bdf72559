import type {
  HubKind,
  LegalForm,
  OrganizationCategory,
  OrganizationResolvers,
  OrganizationState,
  OrganizationTrack,
  ServiceField,
} from '../generated/resolvers-types.ts';
import { districtDate } from '../domain/dates.ts';
import { isGradeValidOn } from '../domain/grading.ts';
import { upper } from './enums.ts';

export const Organization: OrganizationResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.organization.load(ref.id),
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
  venueLoans: (row, _args, { loaders }) => loaders.venueLoans.load(row.id),
  createdAt: (row) => row.createdAt.toISOString(),
  updatedAt: (row) => row.updatedAt.toISOString(),
};
