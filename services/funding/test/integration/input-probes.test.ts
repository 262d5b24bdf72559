/**
 * Every mutation and query of the funding subgraph, sent plausible inputs and then each
 * with one field at an edge (probe-inputs.ts): none answers with an internal error or an untyped
 * refusal, and none that refuses leaves a change behind. Real PostgreSQL and NATS (regions and
 * organizations arrive by event, as in production).
 */
import { beforeAll, describe, it } from 'vitest';
import { districtDate } from '@sanshe/service-kit';
import { expectProbesPassed, probeInputs, testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { fundingSubgraph } from '../../src/app.ts';
import { COMMUNITY_1, DISTRICT, seedOrganization, seedRegions, STREET_1 } from '../factories/events.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;
let organizations: string[];

beforeAll(async () => {
  service = await subgraphs.start('funding', fundingSubgraph);
  await seedRegions(bus, service);
  organizations = [(await seedOrganization(bus)).id, (await seedOrganization(bus, { track: 'registered' })).id];
});

describe('bad input to every funding mutation and query', () => {
  it('is refused with a code (and a field for BAD_USER_INPUT), and leaves nothing written', async () => {
    const report = await probeInputs(service, {
      regions: { district: DISTRICT, street: STREET_1, community: COMMUNITY_1 },
      today: districtDate(),
      knownIds: { Organization: organizations },
    });
    expectProbesPassed(report, 25);
  }, 300_000);
});
