/**
 * Non-public records never leak: for every role, and for records in the caller's own community,
 * a neighbouring community of the same street and another district, every probe of
 * test/factories/visibility.ts (entity lookups, `_entities`, search and community lists with their
 * counts, centre stints and occupancy, sanction reasons, venue loans) shows the record exactly when
 * the caller may see it — and public registry records to everyone, anonymous callers included.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { organizationsSubgraph } from '../../src/app.ts';
import { fixtures, identities, ROLES, seedMatrixRegions, seesNonPublic, TARGETS, type RoleName } from '../factories/authorization.ts';
import { READ_PATHS, type Probe, type ReadFixture } from '../factories/visibility.ts';
import { ok } from '../factories/lifecycle.ts';

const subgraphs = testSubgraphs();
let service: AnySubgraph;
const COMMUNITIES = [TARGETS['own community'], TARGETS['neighbour community (same street)'], TARGETS['other district']];
const fixtureOf: Record<string, ReadFixture> = {};
let elsewhere = '';

async function arrange(community: string): Promise<ReadFixture> {
  const filed = await fixtures.filed(service, community);
  await fixtures.lend(service, filed, community);
  const suspended = await fixtures.suspended(service, community);
  const preparing = await fixtures.preparing(service, community);
  const { center } = await fixtures.stint(service, community, 0, preparing);
  await fixtures.lend(service, preparing, community);
  return { community, preparing, suspended, filed, center };
}

beforeAll(async () => {
  service = await subgraphs.start('organizations', organizationsSubgraph);
  await seedMatrixRegions(service);
  for (const community of COMMUNITIES) fixtureOf[community] = await arrange(community);
  elsewhere = await fixtures.filed(service, TARGETS['other street (same district)']);
});

const probes = Object.entries(READ_PATHS).flatMap(([path, entry]) => ('probes' in entry ? entry.probes.map((p) => [`${path}: ${p.label}`, p] as const) : []));

describe.each(probes)('%s', (_name, probe: Probe) => {
  it.each(COMMUNITIES)('shows the record in %s exactly to the callers who may see it', async (community) => {
    const f = fixtureOf[community]!;
    const who = identities(f[probe.own], elsewhere);
    for (const role of ROLES) {
      const result = await service.request(probe.query, probe.variables(f), who[role as RoleName]);
      expect(result.errors, `${role}: ${JSON.stringify(result.errors)}`).toBeUndefined();
      const visible = probe.public === true || seesNonPublic(role, community);
      const signals = probe.signals(result.data, f);
      expect(signals, `${role} @ ${community}: ${JSON.stringify(result.data)}`).toEqual(signals.map(() => visible));
    }
  });
});

describe('entity lookups of several organizations at once', () => {
  it('answers null in place of each one the caller may not see, in order', async () => {
    const own = fixtureOf[TARGETS['own community']]!;
    const far = fixtureOf[TARGETS['other district']]!;
    const r = [own.preparing, own.filed, far.preparing, far.filed].map((id) => ({ __typename: 'Organization', id }));
    const query = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { id state } } }`;
    const who = identities(elsewhere, elsewhere);
    const ids = async (role: RoleName) =>
      ((await service.request<{ _entities: ({ id: string } | null)[] }>(query, { r }, who[role])).data!._entities).map((e) => e?.id ?? null);
    expect(await ids('anonymous')).toEqual([null, own.filed, null, far.filed]);
    expect(await ids('community')).toEqual([own.preparing, own.filed, null, far.filed]);
    expect(await ids('district')).toEqual([own.preparing, own.filed, null, far.filed]);
    expect(await ids('otherAdmin')).toEqual([null, own.filed, null, far.filed]);
  });

  it('lets an organization’s own administrator see it while preparing, and no other administrator', async () => {
    const far = fixtureOf[TARGETS['other district']]!;
    const query = `query ($id: ID!) { organization(id: $id) { id state venueLoans { id } incubationStints { id } } }`;
    const own = await service.request<{ organization: { id: string; venueLoans: unknown[] } | null }>(query, { id: far.preparing }, identities(far.preparing, elsewhere).ownAdmin);
    expect(own.data!.organization).toMatchObject({ id: far.preparing, venueLoans: [{}], incubationStints: [{}] });
    const other = await service.request<{ organization: unknown }>(query, { id: far.preparing }, identities(elsewhere, far.preparing).ownAdmin);
    expect(other.data!.organization).toBeNull();
  });

  it('keeps the test operator (district office everywhere) seeing everything', async () => {
    const data = await ok<{ organizations: { totalCount: number } }>(service, `{ organizations(filter: { state: PREPARING }) { totalCount } }`);
    expect(data.organizations.totalCount).toBe(COMMUNITIES.length);
  });
});
