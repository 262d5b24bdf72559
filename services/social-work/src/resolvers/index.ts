import { Fen } from '@sanshe/service-kit';
import type { Resolvers } from '../generated/resolvers-types.ts';
import { Community } from './community.ts';
import { Mutation } from './mutation.ts';
import { Query } from './query.ts';
import { RegionStatistics, SocialWorkPostFunding } from './statistics.ts';
import { CaseServiceRecord, ServiceCase } from './service-case.ts';
import { ServiceDuration, Volunteer, VolunteerCertificate, VolunteerCommendation, VolunteerServiceRecord, VolunteerTraining } from './volunteer.ts';
import { PerformanceEvaluation, SocialWorker, SocialWorkerTraining, SocialWorkStation, Supervision } from './workforce.ts';

export const resolvers: Resolvers = {
  Query,
  Mutation,
  SocialWorker,
  SocialWorkStation,
  SocialWorkerTraining,
  Supervision,
  PerformanceEvaluation,
  Volunteer,
  VolunteerServiceRecord,
  VolunteerTraining,
  VolunteerCommendation,
  VolunteerCertificate,
  ServiceDuration,
  ServiceCase,
  CaseServiceRecord,
  Community,
  SocialWorkPostFunding,
  RegionStatistics,
  Fen,
};
