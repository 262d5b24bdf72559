import type { Resolvers } from '../generated/resolvers-types.ts';
import { Fen } from '@sanshe/service-kit';
import { partyOrganizationResolvers } from './party-organizations.ts';
import { recordResolvers } from './records.ts';
import { coverageResolvers } from './coverage.ts';
import { statisticsResolvers } from './statistics.ts';

export interface ResolverOptions {
  jointBranchSubsidyFen: number;
  partyServiceFundShareBasisPoints: number;
}

/** The resolver maps of each area, merged type by type. */
export function createResolvers(options: ResolverOptions): Resolvers {
  const parts: Resolvers[] = [partyOrganizationResolvers(options), recordResolvers(options), coverageResolvers, statisticsResolvers];
  const merged: Record<string, Record<string, unknown>> = {};
  for (const part of parts) {
    for (const [type, fields] of Object.entries(part)) merged[type] = { ...merged[type], ...(fields as Record<string, unknown>) };
  }
  return { ...merged, Fen } as Resolvers;
}
