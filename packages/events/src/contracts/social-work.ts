import { z } from 'zod';
import { defineEvent } from '../contract.ts';
import { communityCode } from '../primitives.ts';

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
