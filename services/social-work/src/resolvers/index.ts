import { maskName } from '@sanshe/service-kit';
import type { CertificationLevel, EmploymentKind, Resolvers } from '../generated/resolvers-types.ts';
import { listCommunitySocialWorkers, registerSocialWorker } from '../domain/social-worker-store.ts';
import { parseRegisterSocialWorker } from '../domain/social-worker-rules.ts';

export const resolvers: Resolvers = {
  Query: {
    socialWorker: (_root, { id }, { loaders }) => loaders.socialWorker.load(id),
  },
  Mutation: {
    registerSocialWorker: (_root, { input }, { db }) =>
      registerSocialWorker(
        db,
        parseRegisterSocialWorker({
          ...input,
          certificationLevel: input.certificationLevel?.toLowerCase(),
          employment: input.employment.toLowerCase(),
        }),
      ),
  },
  SocialWorker: {
    __resolveReference: (ref, { loaders }) => loaders.socialWorker.load(ref.id),
    // Masked for every caller until roles and scopes decide who may see names.
    name: (row) => maskName(row.name),
    certificationLevel: (row) => (row.certificationLevel?.toUpperCase() as CertificationLevel | undefined) ?? null,
    employment: (row) => row.employment.toUpperCase() as EmploymentKind,
    employer: (row) => (row.employerOrganizationId ? { id: row.employerOrganizationId } : null),
    community: (row) => ({ code: row.communityCode }),
    registeredAt: (row) => row.registeredAt.toISOString(),
  },
  Community: {
    __resolveReference: (ref) => ({ code: ref.code }),
    socialWorkers: (community, args, { db }) => listCommunitySocialWorkers(db, community.code, args),
    certifiedSocialWorkerCount: (community, _args, { loaders }) => loaders.certifiedCount.load(community.code),
  },
};
