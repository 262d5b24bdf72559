/**
 * funding's grant events, as its relay would publish them, for social work's consumer of them
 * (src/events/funding-grants.ts). Published with `deliver`, which waits until they are applied.
 */
import { randomUUID } from 'node:crypto';
import { createCloudEvent, funding, type CloudEvent, type EventData } from '@sanshe/events';

export interface AwardSpec {
  communityCode?: string;
  organizationId?: string | null;
  socialWorkPosts?: number | null;
  amountFen?: number;
  /** The award's time: when the posts were funded. */
  time?: Date;
}

/** A purchase of social-work posts (programme kind social_work_posts) unless told otherwise. */
export function grantAwarded(spec: AwardSpec = {}): CloudEvent<EventData<typeof funding.grantAwarded>> {
  const grantId = randomUUID();
  return createCloudEvent(
    funding.grantAwarded,
    {
      grantId,
      programmeId: randomUUID(),
      organizationId: spec.organizationId === undefined ? randomUUID() : spec.organizationId,
      communityCode: spec.communityCode ?? '150204001001',
      amountFen: spec.amountFen ?? 1_750_000_00,
      title: '购买社会工作岗位',
      programmeKind: 'social_work_posts',
      socialWorkPosts: spec.socialWorkPosts === undefined ? 3 : spec.socialWorkPosts,
    },
    { subject: grantId, ...(spec.time ? { time: spec.time } : {}) },
  );
}

export function grantSuspended(grantId: string, organizationId: string, time?: Date) {
  return createCloudEvent(
    funding.grantSuspended,
    { grantId, organizationId, reason: 'organization_suspended', suspendedTrancheIds: [] },
    { subject: grantId, ...(time ? { time } : {}) },
  );
}

export function grantResumed(grantId: string, organizationId: string, time?: Date) {
  return createCloudEvent(funding.grantResumed, { grantId, organizationId, resumedTrancheIds: [] }, { subject: grantId, ...(time ? { time } : {}) });
}

export function grantTerminated(grantId: string, time?: Date) {
  return createCloudEvent(
    funding.grantTerminated,
    { grantId, reason: 'terminated', releasedFen: 0, transactionId: null },
    { subject: grantId, ...(time ? { time } : {}) },
  );
}

export function grantCompleted(grantId: string, time?: Date) {
  return createCloudEvent(funding.grantCompleted, { grantId, paidFen: 100 }, { subject: grantId, ...(time ? { time } : {}) });
}
