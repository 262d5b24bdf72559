import { Fen } from '@sanshe/service-kit';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { AnnualInspection, EvaluationGrade, OrganizationTransition } from './assessment.ts';
import { Community } from './community.ts';
import { FederationMembership, IncubationCenter, IncubationStint, VenueLoan } from './network.ts';
import { networkMutations } from './network-mutations.ts';
import { Organization } from './organization.ts';
import { organizationMutations } from './organization-mutations.ts';
import { OrganizationProject } from './projects.ts';
import { Query } from './query.ts';
import { RegionStatistics } from './region-statistics.ts';

export const resolvers: Resolvers = {
  Query,
  Mutation: { ...organizationMutations, ...networkMutations },
  Organization,
  OrganizationTransition,
  AnnualInspection,
  EvaluationGrade,
  IncubationCenter,
  IncubationStint,
  FederationMembership,
  VenueLoan,
  Community,
  OrganizationProject,
  RegionStatistics,
  Fen,
};
