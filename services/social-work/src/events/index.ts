import { regionReplicaConsumers, type ConsumerSpec } from '@sanshe/service-kit';
import { fundingGrantConsumers } from './funding-grants.ts';
import { needReportedConsumer } from './need-reported.ts';
import { organizationConsumers } from './organization-fields.ts';

/** Everything social work consumes: regions, organizations (with their service fields), needs, funding's grants. */
export const socialWorkConsumers: ConsumerSpec[] = [...regionReplicaConsumers, ...organizationConsumers, needReportedConsumer, ...fundingGrantConsumers];
