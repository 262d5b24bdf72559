import type {
  CertificationLevel,
  RegionStatisticsResolvers,
  SocialWorkPostFundingResolvers,
  SocialWorkPostFundingStatus,
  StationKind,
} from '../generated/resolvers-types.ts';
import { iso, isoOrNull, upper } from './convert.ts';

/** This subgraph's figures of self-governance's entity, one batched statement per period (loaders.statistics). */
export const RegionStatistics: RegionStatisticsResolvers = {
  __resolveReference: (ref, { loaders }) => loaders.statistics.load(ref.id),
  certifiedSocialWorkersByLevel: (s) => s.certifiedSocialWorkersByLevel.map(({ level, count }) => ({ level: upper<CertificationLevel>(level), count })),
  socialWorkStationsByKind: (s) => s.socialWorkStationsByKind.map(({ kind, count }) => ({ kind: upper<StationKind>(kind), count })),
};

export const SocialWorkPostFunding: SocialWorkPostFundingResolvers = {
  grant: (row) => ({ id: row.grantId }),
  community: (row) => ({ code: row.communityCode }),
  organization: (row) => (row.organizationId ? { id: row.organizationId } : null),
  status: (row) => upper<SocialWorkPostFundingStatus>(row.status),
  fundedAt: (row) => iso(row.fundedAt),
  endedAt: (row) => isoOrNull(row.endedAt),
};
