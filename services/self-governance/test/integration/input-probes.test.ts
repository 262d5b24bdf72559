/**
 * Every mutation and query of the self-governance subgraph, sent plausible inputs and then each
 * with one field at an edge (probe-inputs.ts): none answers with an internal error or an untyped
 * refusal, and none that refuses leaves a change behind. Real PostgreSQL and NATS.
 */
import { beforeAll, describe, it } from 'vitest';
import { districtDate } from '@sanshe/service-kit';
import { expectProbesPassed, probeInputs, testSubgraphs } from '@sanshe/testing';
import { COMMUNITY, startSelfGovernance, type SelfGovernance } from '../factories/self-governance.ts';

const subgraphs = testSubgraphs();
let service: SelfGovernance;

beforeAll(async () => {
  service = await startSelfGovernance(subgraphs);
});

describe('bad input to every self-governance mutation and query', () => {
  it('is refused with a code (and a field for BAD_USER_INPUT), and leaves nothing written', async () => {
    const report = await probeInputs(service, {
      regions: { district: COMMUNITY.slice(0, 6), street: COMMUNITY.slice(0, 9), community: COMMUNITY },
      today: districtDate(),
    });
    expectProbesPassed(report, 50);
  }, 300_000);
});
