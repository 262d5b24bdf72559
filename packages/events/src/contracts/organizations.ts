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
