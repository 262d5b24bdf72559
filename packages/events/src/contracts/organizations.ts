import { z } from 'zod';
import { defineEvent } from '../contract.ts';
import { communityCode, districtCode, fen, streetCode } from '../primitives.ts';

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

export const organizationPrepared = defineEvent({
  name: 'organizations.organization.prepared',
  version: 1,
  description: 'An organization in preparation (筹备) was recorded; it is filed or registered later.',
  schema: z.object({ ...organizationFacts }),
});

const isoDate = z.iso.date();

export const incubationAdmitted = defineEvent({
  name: 'organizations.incubation-stint.admitted',
  version: 1,
  description: 'An organization entered an incubation centre or park (入驻孵化).',
  schema: z.object({ stintId: z.uuid(), centerId: z.uuid(), ...ref, admittedOn: isoDate }),
});

export const incubationGraduated = defineEvent({
  name: 'organizations.incubation-stint.graduated',
  version: 1,
  description: 'An incubated organization graduated (出壳) from its incubation centre or park.',
  schema: z.object({ stintId: z.uuid(), centerId: z.uuid(), ...ref, admittedOn: isoDate, graduatedOn: isoDate }),
});

export const federationMemberJoined = defineEvent({
  name: 'organizations.federation-membership.joined',
  version: 1,
  description: 'An organization joined a federation, alliance or hub organization (联合会/联盟/枢纽型) as a member.',
  schema: z.object({ membershipId: z.uuid(), federationId: z.uuid(), ...ref, joinedOn: isoDate }),
});

export const federationMemberLeft = defineEvent({
  name: 'organizations.federation-membership.left',
  version: 1,
  description: 'An organization left a federation, alliance or hub organization.',
  schema: z.object({ membershipId: z.uuid(), federationId: z.uuid(), ...ref, leftOn: isoDate }),
});

export const projectStarted = defineEvent({
  name: 'organizations.project.started',
  version: 1,
  description:
    'An organization’s funded project started: organizations recorded a grant funding awarded to it (funding.grant.awarded). `communityCode` is where the work happens (the grant’s community); `startedAt` is the award’s time.',
  schema: z.object({
    organizationId: z.uuid(),
    grantId: z.uuid(),
    programmeId: z.uuid(),
    programmeKind: z.string().min(1).nullable(),
    communityCode,
    title: z.string().min(1),
    amountFen: fen.positive(),
    startedAt: z.iso.datetime({ offset: true }),
  }),
});
