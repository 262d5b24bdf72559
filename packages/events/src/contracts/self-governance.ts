import { z } from 'zod';
import { defineEvent } from '../contract.ts';
import { districtCode, regionCode, regionLevel, streetCode } from '../primitives.ts';

export const regionRegistered = defineEvent({
  name: 'self-governance.region.registered',
  version: 1,
  description:
    'A district, street/township or community/village entered the region tree. Other services replicate community codes from it instead of reading the self-governance database.',
  schema: z.object({
    code: regionCode,
    name: z.string().min(1),
    level: regionLevel,
    parentCode: regionCode.nullable(),
    districtCode,
    streetCode: streetCode.nullable(),
    population: z.number().int().nonnegative().nullable(),
    households: z.number().int().nonnegative().nullable(),
  }),
});

export const regionRenamed = defineEvent({
  name: 'self-governance.region.renamed',
  version: 1,
  description: 'A region kept its code but changed its name.',
  schema: z.object({ code: regionCode, name: z.string().min(1) }),
});

export const needCategory = z.enum([
  'elderly_care',
  'child_care',
  'disability',
  'health',
  'psychological',
  'legal',
  'housing_repair',
  'environment',
  'employment',
  'poverty_relief',
  'neighbourhood',
  'other',
]);
export const needUrgency = z.enum(['low', 'normal', 'high', 'urgent']);

export const needReported = defineEvent({
  name: 'self-governance.need.reported',
  version: 1,
  description:
    'A resident need was reported through the grid (社区发现需求). Social work turns it into a service case. Carries no personal data: whoever serves it asks self-governance for contact details under their own rights.',
  schema: z.object({
    needId: z.uuid(),
    communityCode: z.string().regex(/^\d{12}$/),
    gridCode: z.string().nullable(),
    category: needCategory,
    urgency: needUrgency,
    summary: z.string().min(1).max(500),
    /** Set when the need was posted as a micro-wish (微心愿). */
    microWishId: z.uuid().nullable(),
  }),
});

export const needFulfilled = defineEvent({
  name: 'self-governance.need.fulfilled',
  version: 1,
  description: 'A need (and its micro-wish, if any) was marked fulfilled after the service case closing it.',
  schema: z.object({
    needId: z.uuid(),
    communityCode: z.string().regex(/^\d{12}$/),
    microWishId: z.uuid().nullable(),
    fulfilledAt: z.iso.datetime({ offset: true }),
  }),
});
