/**
 * Every mutation and query of the social-work subgraph, sent plausible inputs and then each
 * with one field at an edge (probe-inputs.ts): none answers with an internal error or an untyped
 * refusal, and none that refuses leaves a change behind. Real PostgreSQL and NATS (regions and
 * organizations arrive by event, as in production).
 */
import { beforeAll, describe, it } from 'vitest';
import { districtDate } from '@sanshe/service-kit';
import { expectProbesPassed, probeInputs, testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { socialWorkSubgraph } from '../../src/app.ts';
import { caseOfNeed, reportNeed } from '../factories/cases.ts';
import { announceOrganization, announceRegions } from '../factories/replica-events.ts';
import { validIdNumber } from '../factories/volunteers.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;
let organizations: string[];
let cases: string[];

beforeAll(async () => {
  service = await subgraphs.start('social-work', socialWorkSubgraph);
  await announceRegions(bus, service);
  organizations = [await announceOrganization(bus, service), await announceOrganization(bus, service, { track: 'registered' })];
  // Cases open from self-governance's needs, by event: no mutation opens one to take its id from.
  cases = [];
  for (let i = 0; i < 4; i += 1) cases.push((await caseOfNeed(service, (await reportNeed(bus)).data.needId)).id);
});

describe('bad input to every social-work mutation and query', () => {
  it('is refused with a code (and a field for BAD_USER_INPUT), and leaves nothing written', async () => {
    const report = await probeInputs(service, {
      regions: { district: '150204', street: '150204001', community: '150204001001' },
      today: districtDate(),
      knownIds: { Organization: organizations, ServiceCase: cases },
      byName: { idNumber: validIdNumber },
      // Supervision pairs two social workers (two different ones: nobody supervises themselves).
      idRoles: { supervisor: 'SocialWorker', supervisee: 'SocialWorker' },
    });
    expectProbesPassed(report, 31);
  }, 300_000);
});
