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
