import { z } from 'zod';
import { defineEvent } from '../contract.ts';
import { communityCode, districtCode, streetCode } from '../primitives.ts';

export const organizationTrack = z.enum(['filed', 'registered']);

const organizationFacts = {
  organizationId: z.uuid(),
  name: z.string().min(1),
  communityCode,
  streetCode,
  districtCode,
  category: z.string().min(1),
  serviceFields: z.array(z.string()),
};

export const organizationFiled = defineEvent({
  name: 'organizations.organization.filed',
  version: 1,
  description: 'A community social organization was filed (备案) with its street office.',
  schema: z.object({ ...organizationFacts, filingNumber: z.string().min(1) }),
});

export const organizationRegistered = defineEvent({
  name: 'organizations.organization.registered',
  version: 1,
  description: 'A social organization was registered (登记) with the district civil-affairs bureau.',
  schema: z.object({ ...organizationFacts, legalForm: z.string().min(1), creditCode: z.string().length(18) }),
});

/** Lifecycle states of a social organization (services/organizations owns the state machine). */
export const organizationState = z.enum(['preparing', 'filed', 'recommended', 'registered', 'suspended', 'deregistered']);

const ref = { organizationId: z.uuid(), communityCode, streetCode, districtCode };

export const organizationRecommended = defineEvent({
  name: 'organizations.organization.recommended',
  version: 1,
  description: 'A mature filed organization was recommended by its street office for registration with the district bureau.',
  schema: z.object({ ...ref }),
});

export const organizationSuspended = defineEvent({
  name: 'organizations.organization.suspended',
  version: 1,
  description: 'An organization was suspended; its open grants and pending tranches stop until it is reinstated.',
  schema: z.object({ ...ref, reason: z.string().min(1), previousState: organizationState }),
});

export const organizationReinstated = defineEvent({
  name: 'organizations.organization.reinstated',
  version: 1,
  description: 'A suspended organization returned to the state it had before the suspension.',
  schema: z.object({ ...ref, state: organizationState }),
});

export const organizationDeregistered = defineEvent({
  name: 'organizations.organization.deregistered',
  version: 1,
  description: 'An organization was deregistered (注销). It leaves its joint branch; its open grants are suspended.',
  schema: z.object({ ...ref, reason: z.string().min(1) }),
});

export const annualInspectionResult = z.enum(['passed', 'basic_pass', 'failed', 'not_submitted']);

export const organizationInspected = defineEvent({
  name: 'organizations.organization.inspected',
  version: 1,
  description: 'The yearly annual report / inspection (年检/年报) of an organization was concluded.',
  schema: z.object({ ...ref, year: z.number().int().min(1990).max(2100), result: annualInspectionResult }),
});

export const organizationGraded = defineEvent({
  name: 'organizations.organization.graded',
  version: 1,
  description: 'An organization received an evaluation grade (1A–5A, score out of 1000), valid five years.',
  schema: z.object({
    ...ref,
    grade: z.number().int().min(1).max(5),
    score: z.number().int().min(0).max(1000),
    validUntil: z.iso.date(),
  }),
});
