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
