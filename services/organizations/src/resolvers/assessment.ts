import type {
  AnnualInspectionResolvers,
  EvaluationGradeResolvers,
  InspectionResult,
  LifecycleAction,
  OrganizationState,
  OrganizationTransitionResolvers,
} from '../generated/resolvers-types.ts';
import { gradeLabel, isGradeValidOn } from '../domain/grading.ts';
import { mayReadDetails } from '../authorization.ts';
import { upper } from './enums.ts';
import { districtDate } from '@sanshe/service-kit';

export const OrganizationTransition: OrganizationTransitionResolvers = {
  action: (row) => upper<LifecycleAction>(row.action),
  fromState: (row) => (row.fromState ? upper<OrganizationState>(row.fromState) : null),
  toState: (row) => upper<OrganizationState>(row.toState),
  // Why an organization was suspended or deregistered is not public: null outside its scope.
  reason: async (row, _args, { loaders, identity }) => {
    if (row.reason === null) return null;
    const organization = await loaders.organization.load(row.organizationId);
    return organization && mayReadDetails(identity, organization) ? row.reason : null;
  },
  occurredAt: (row) => row.occurredAt.toISOString(),
};

export const AnnualInspection: AnnualInspectionResolvers = {
  result: (row) => upper<InspectionResult>(row.result),
  recordedAt: (row) => row.recordedAt.toISOString(),
};

export const EvaluationGrade: EvaluationGradeResolvers = {
  label: (row) => gradeLabel(row.grade),
  // The newest evaluation is in force until it expires; an older one never is again.
  current: async (row, _args, { loaders }) => {
    const [latest] = await loaders.grades.load(row.organizationId);
    return latest?.id === row.id && isGradeValidOn(row.validUntil, districtDate());
  },
};
