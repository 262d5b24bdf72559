import type { OrganizationResolvers, OrganizationCategory, OrganizationTrack, LegalForm, ServiceField } from '../generated/resolvers-types.ts';

const upper = <T extends string>(value: string) => value.toUpperCase() as T;

export const Organization: OrganizationResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.organization.load(ref.id),
  track: (row) => upper<OrganizationTrack>(row.track),
  category: (row) => upper<OrganizationCategory>(row.category),
  serviceFields: (row) => row.serviceFields.map((f) => upper<ServiceField>(f)),
  legalForm: (row) => (row.legalForm ? upper<LegalForm>(row.legalForm) : null),
  community: (row) => ({ code: row.communityCode }),
  createdAt: (row) => row.createdAt.toISOString(),
};
