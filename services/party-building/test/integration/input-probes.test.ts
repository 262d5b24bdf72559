/**
 * Every mutation and query of the party-building subgraph, sent plausible inputs and then each
 * with one field at an edge (probe-inputs.ts): none answers with an internal error or an untyped
 * refusal, and none that refuses leaves a change behind. Real PostgreSQL and NATS (regions and
 * organizations arrive by event, as in production).
 */
import { beforeAll, describe, it } from 'vitest';
import { districtDate } from '@sanshe/service-kit';
import { expectProbesPassed, probeInputs, testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { startPartyBuilding } from '../factories/party-service.ts';
import { announceOrganizations } from '../factories/replica-events.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;
let organizations: string[];

beforeAll(async () => {
  service = await startPartyBuilding(subgraphs);
  organizations = await announceOrganizations(bus, service, ['150204001001', '150204001001', '150204001002', '150204001002']);
});

describe('bad input to every party-building mutation and query', () => {
  it('is refused with a code (and a field for BAD_USER_INPUT), and leaves nothing written', async () => {
    const report = await probeInputs(service, {
      regions: { district: '150204', street: '150204001', community: '150204001001' },
      today: districtDate(),
      knownIds: { Organization: organizations },
      // A joint meeting's host and a party organization's parent are party organizations.
      idRoles: { host: 'PartyOrganization', parent: 'PartyOrganization' },
    });
    expectProbesPassed(report, 13);
  }, 300_000);
});
