/**
 * Every mutation and query of the organizations subgraph, sent plausible inputs and then each
 * with one field at an edge (probe-inputs.ts): none answers with an internal error or an untyped
 * refusal, and none that refuses leaves a change behind. Real PostgreSQL and NATS.
 */
import { beforeAll, describe, it } from 'vitest';
import { districtDate } from '@sanshe/service-kit';
import { expectProbesPassed, probeInputs, testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { organizationsSubgraph } from '../../src/app.ts';
import { validCreditCode } from '../factories/organizations.ts';
import { seedKnownRegions } from '../factories/regions.ts';

const subgraphs = testSubgraphs();
let service: AnySubgraph;

beforeAll(async () => {
  service = await subgraphs.start('organizations', organizationsSubgraph);
  await seedKnownRegions(service);
});

describe('bad input to every organizations mutation and query', () => {
  it('is refused with a code (and a field for BAD_USER_INPUT), and leaves nothing written', async () => {
    const report = await probeInputs(service, {
      regions: { district: '150204', street: '150204001', community: '150204001001' },
      today: districtDate(),
      byName: { creditCode: () => validCreditCode('1') },
    });
    expectProbesPassed(report, 20);
  }, 300_000);
});
