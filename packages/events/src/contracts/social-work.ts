import { z } from 'zod';
import { defineEvent } from '../contract.ts';
import { communityCode, fen } from '../primitives.ts';

export const certificationLevel = z.enum(['assistant', 'intermediate', 'senior']);

export const socialWorkerRegistered = defineEvent({
  name: 'social-work.social-worker.registered',
  version: 1,
  description: 'A social worker joined the register, assigned to a community.',
  schema: z.object({
    socialWorkerId: z.uuid(),
    communityCode,
    certificationLevel: certificationLevel.nullable(),
  }),
});

export const serviceCaseOpened = defineEvent({
  name: 'social-work.service-case.opened',
  version: 1,
  description: 'A reported need became a service case, matched to a social worker or an organization.',
  schema: z.object({
    caseId: z.uuid(),
    needId: z.uuid(),
    communityCode,
    socialWorkerId: z.uuid().nullable(),
    organizationId: z.uuid().nullable(),
  }),
});

export const serviceCaseClosed = defineEvent({
  name: 'social-work.service-case.closed',
  version: 1,
  description:
    'A service case closed. `resolved` true means the need was met (self-governance marks the need and its micro-wish fulfilled); false means it was closed without meeting it (withdrawn, referred elsewhere).',
  schema: z.object({
    caseId: z.uuid(),
    needId: z.uuid(),
    communityCode,
    resolved: z.boolean(),
    serviceCount: z.number().int().nonnegative(),
    closedAt: z.iso.datetime({ offset: true }),
  }),
});

// --- Social workers, stations, supervision and evaluation ------------------------------------
// None of these carry personal data: names, phone numbers, ID numbers and case notes stay in the
// social-work database; partners get ids, community codes, dates and minutes.

export const socialWorkerReassigned = defineEvent({
  name: 'social-work.social-worker.reassigned',
  version: 1,
  description: 'A social worker was assigned to another community and/or social-work station.',
  schema: z.object({
    socialWorkerId: z.uuid(),
    communityCode,
    previousCommunityCode: communityCode,
    stationId: z.uuid().nullable(),
  }),
});

export const socialWorkerTrained = defineEvent({
  name: 'social-work.social-worker.trained',
  version: 1,
  description: 'A training (continuing education) of a social worker was recorded.',
  schema: z.object({ trainingId: z.uuid(), socialWorkerId: z.uuid(), trainedOn: z.iso.date(), minutes: z.number().int().positive() }),
});

export const stationKind = z.enum(['station', 'centre']);

export const stationOpened = defineEvent({
  name: 'social-work.station.opened',
  version: 1,
  description: 'A social-work station (社工站) or centre (社工服务中心) opened in a community, optionally operated by an agency.',
  schema: z.object({
    stationId: z.uuid(),
    communityCode,
    kind: stationKind,
    operatorOrganizationId: z.uuid().nullable(),
    openedOn: z.iso.date(),
  }),
});

export const supervisionRecorded = defineEvent({
  name: 'social-work.supervision.recorded',
  version: 1,
  description: 'A supervision session (督导) of one social worker by another was recorded. Topics stay in the service.',
  schema: z.object({
    supervisionId: z.uuid(),
    supervisorId: z.uuid(),
    superviseeId: z.uuid(),
    supervisedOn: z.iso.date(),
    minutes: z.number().int().positive(),
  }),
});

export const performanceGrade = z.enum(['excellent', 'good', 'pass', 'fail']);

export const evaluationRecorded = defineEvent({
  name: 'social-work.evaluation.recorded',
  version: 1,
  description:
    'A third-party performance evaluation (绩效评估) of a social-work station or of a social worker was recorded: score 0–100 over a period.',
  schema: z.object({
    evaluationId: z.uuid(),
    evaluatorOrganizationId: z.uuid(),
    stationId: z.uuid().nullable(),
    socialWorkerId: z.uuid().nullable(),
    periodStart: z.iso.date(),
    periodEnd: z.iso.date(),
    score: z.number().int().min(0).max(100),
    grade: performanceGrade,
  }),
});

// --- Volunteers (《志愿服务记录与证明出具办法》) ----------------------------------------------

export const volunteerRegistered = defineEvent({
  name: 'social-work.volunteer.registered',
  version: 1,
  description: 'A volunteer (志愿者) registered in a community with their skills.',
  schema: z.object({ volunteerId: z.uuid(), communityCode, skills: z.array(z.string()) }),
});

export const volunteerTrained = defineEvent({
  name: 'social-work.volunteer.trained',
  version: 1,
  description: 'A training of a volunteer was recorded.',
  schema: z.object({ trainingId: z.uuid(), volunteerId: z.uuid(), trainedOn: z.iso.date(), minutes: z.number().int().positive() }),
});

export const volunteerCommended = defineEvent({
  name: 'social-work.volunteer.commended',
  version: 1,
  description: 'A commendation (表彰) of a volunteer was recorded.',
  schema: z.object({ commendationId: z.uuid(), volunteerId: z.uuid(), title: z.string().min(1), conferredOn: z.iso.date() }),
});

export const volunteerServiceRecorded = defineEvent({
  name: 'social-work.volunteer-service.recorded',
  version: 1,
  description:
    'A volunteer service record (志愿服务记录) was made by the recording organization, in whole minutes. It counts towards certificates once that organization verifies it.',
  schema: z.object({
    recordId: z.uuid(),
    volunteerId: z.uuid(),
    organizationId: z.uuid(),
    communityCode,
    serviceDate: z.iso.date(),
    minutes: z.number().int().min(1).max(1440),
  }),
});

export const volunteerServiceVerified = defineEvent({
  name: 'social-work.volunteer-service.verified',
  version: 1,
  description: 'The recording organization verified a volunteer service record ("谁记录、谁证明").',
  schema: z.object({
    recordId: z.uuid(),
    volunteerId: z.uuid(),
    organizationId: z.uuid(),
    communityCode,
    minutes: z.number().int().min(1).max(1440),
    verifiedAt: z.iso.datetime({ offset: true }),
  }),
});

export const volunteerCertificateIssued = defineEvent({
  name: 'social-work.volunteer-certificate.issued',
  version: 1,
  description:
    'A certificate of volunteer service hours (志愿服务记录证明) was issued by the organization that recorded them, totalling its verified records up to the issue date.',
  schema: z.object({
    certificateId: z.uuid(),
    number: z.string().min(1),
    volunteerId: z.uuid(),
    organizationId: z.uuid(),
    issuedOn: z.iso.date(),
    totalMinutes: z.number().int().positive(),
    recordCount: z.number().int().positive(),
  }),
});

// --- Service cases ---------------------------------------------------------------------------

export const serviceCaseAssigned = defineEvent({
  name: 'social-work.service-case.assigned',
  version: 1,
  description: 'An open service case was assigned (or reassigned) by hand to a social worker or an organization.',
  schema: z.object({
    caseId: z.uuid(),
    needId: z.uuid(),
    communityCode,
    socialWorkerId: z.uuid().nullable(),
    organizationId: z.uuid().nullable(),
  }),
});

export const serviceCaseServiceRecorded = defineEvent({
  name: 'social-work.service-case.service-recorded',
  version: 1,
  description: 'A social worker recorded a service delivered on an open case. Notes stay in the service.',
  schema: z.object({
    caseId: z.uuid(),
    needId: z.uuid(),
    serviceRecordId: z.uuid(),
    socialWorkerId: z.uuid(),
    serviceDate: z.iso.date(),
    minutes: z.number().int().min(1).max(1440),
  }),
});

// --- Funded posts and bulk imports -------------------------------------------------------------

export const postsFunded = defineEvent({
  name: 'social-work.posts.funded',
  version: 1,
  description:
    'Social-work posts bought for a community (购买社会工作岗位) were recorded from a funding grant that names them (funding.grant.awarded with socialWorkPosts): once per grant, however often the award is delivered.',
  schema: z.object({
    grantId: z.uuid(),
    communityCode,
    organizationId: z.uuid().nullable(),
    posts: z.number().int().positive(),
    amountFen: fen.positive(),
    fundedAt: z.iso.datetime({ offset: true }),
  }),
});

export const volunteerRecordsImported = defineEvent({
  name: 'social-work.volunteer-records.imported',
  version: 1,
  description:
    'A batch of volunteer service records, already verified in the ledger they come from, was imported: ONE event per import (up to 5,000 records) instead of a volunteer-service.recorded/verified pair per record, with the minutes per community of the volunteers.',
  schema: z.object({
    importId: z.uuid(),
    recordCount: z.number().int().positive(),
    totalMinutes: z.number().int().positive(),
    firstServiceDate: z.iso.date(),
    lastServiceDate: z.iso.date(),
    organizationIds: z.array(z.uuid()).min(1),
    communities: z
      .array(z.object({ communityCode, records: z.number().int().positive(), minutes: z.number().int().positive() }))
      .min(1),
  }),
});
