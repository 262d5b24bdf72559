/**
 * 购买社会工作岗位: funding's grant.awarded with socialWorkPosts staffs the community here, over
 * real NATS (the funding consumer of src/events/funding-grants.ts), once per grant however often
 * it is delivered; the grant's suspension, resumption, completion and termination decide whether
 * the posts count.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createCloudEvent, funding, socialWork as contracts } from '@sanshe/events';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { socialWorkSubgraph } from '../../src/app.ts';
import { countRows } from '../../../organizations/test/factories/replicas.ts';
import { ok } from '../factories/graphql.ts';
import { grantAwarded, grantCompleted, grantResumed, grantSuspended, grantTerminated } from '../factories/funding-events.ts';
import { announceOrganization, announceRegions, deliver } from '../factories/replica-events.ts';
import { registerSocialWorker } from '../factories/social-workers.ts';
import { partnerReader, publicReader } from '../factories/identities.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;
let agency: string;
const COMMUNITY = '150204001001';

beforeAll(async () => {
  service = await subgraphs.start('social-work', socialWorkSubgraph);
  await announceRegions(bus, service);
  agency = await announceOrganization(bus, service, { communityCode: COMMUNITY });
});

interface Funded {
  fundedSocialWorkPosts: number;
  vacantFundedPosts: number;
  fundedPosts: {
    totalCount: number;
    edges: { node: { grant: { id: string }; community: { code: string }; organization: { id: string } | null; title: string; posts: number; amountFen: number; status: string; fundedAt: string; endedAt: string | null } }[];
  };
}

async function community(code = COMMUNITY, status?: string): Promise<Funded> {
  const data = await ok<{ _entities: Funded[] }>(
    service,
    `query ($r: [_Any!]!, $status: SocialWorkPostFundingStatus) { _entities(representations: $r) { ... on Community {
      fundedSocialWorkPosts vacantFundedPosts
      fundedPosts(status: $status) { totalCount edges { node { grant { id } community { code } organization { id } title posts amountFen status fundedAt endedAt } } }
    } } }`,
    { r: [{ __typename: 'Community', code }], status: status ?? null },
  );
  return data._entities[0]!;
}

describe('funded social-work posts', () => {
  const award = grantAwarded({ communityCode: COMMUNITY, socialWorkPosts: 5, amountFen: 1_750_000_00, time: new Date('2024-01-15T02:00:00Z') });
  const grantId = award.data.grantId;
  const organizationId = award.data.organizationId!;

  it('records the posts of an award that names them, and says so once (posts.funded)', async () => {
    await deliver(bus, funding.grantAwarded, award);
    const seen = await community();
    expect(seen.fundedSocialWorkPosts).toBe(5);
    expect(seen.fundedPosts.totalCount).toBe(1);
    expect(seen.fundedPosts.edges[0]!.node).toEqual({
      grant: { id: grantId },
      community: { code: COMMUNITY },
      organization: { id: organizationId },
      title: '购买社会工作岗位',
      posts: 5,
      amountFen: 1_750_000_00,
      status: 'ACTIVE',
      fundedAt: '2024-01-15T02:00:00.000Z',
      endedAt: null,
    });
    await service.flushOutbox();
    const events = await bus.events(contracts.postsFunded, 2);
    expect(events.map((e) => e.event.data)).toEqual([
      { grantId, communityCode: COMMUNITY, organizationId, posts: 5, amountFen: 1_750_000_00, fundedAt: '2024-01-15T02:00:00.000Z' },
    ]);
  });

  it('is not doubled by the award delivered again, under its own id or another', async () => {
    // The same event once more (a new Nats-Msg-Id gets it past the stream's duplicate window).
    await deliver(bus, funding.grantAwarded, award);
    // The award re-published as a new event (another id) for the same grant.
    await deliver(bus, funding.grantAwarded, { ...award, id: crypto.randomUUID() });
    expect((await community()).fundedSocialWorkPosts).toBe(5);
    expect(await countRows(service, 'funded_posts')).toBe(1);
    await service.flushOutbox();
    expect(await bus.events(contracts.postsFunded, 3)).toHaveLength(1);
  });

  it('ignores a grant that buys no posts', async () => {
    await deliver(bus, funding.grantAwarded, grantAwarded({ communityCode: COMMUNITY, socialWorkPosts: null }));
    // An award of the contract's first shape, before socialWorkPosts was added.
    const { socialWorkPosts: _posts, programmeKind: _kind, ...firstShape } = grantAwarded({ communityCode: COMMUNITY }).data;
    await deliver(bus, funding.grantAwarded, createCloudEvent(funding.grantAwarded, firstShape, { subject: firstShape.grantId }));
    expect(await countRows(service, 'funded_posts')).toBe(1);
  });

  it('counts the posts government-post social workers of the community fill', async () => {
    await registerSocialWorker(service, { communityCode: COMMUNITY, employment: 'GOVERNMENT_POST' });
    await registerSocialWorker(service, { communityCode: COMMUNITY, employment: 'GOVERNMENT_POST' });
    await registerSocialWorker(service, { communityCode: COMMUNITY, employment: 'AGENCY', employerOrganizationId: agency });
    await registerSocialWorker(service, { communityCode: '150204001002', employment: 'GOVERNMENT_POST' });
    const seen = await community();
    expect({ funded: seen.fundedSocialWorkPosts, vacant: seen.vacantFundedPosts }).toEqual({ funded: 5, vacant: 3 });
    // A community with government posts and no funded ones has none vacant.
    expect((await community('150204001002')).vacantFundedPosts).toBe(0);
  });

  it('stops counting suspended posts, counts them again when resumed, never after termination', async () => {
    await deliver(bus, funding.grantSuspended, grantSuspended(grantId, organizationId, new Date('2024-06-01T00:00:00Z')));
    let seen = await community();
    expect(seen.fundedSocialWorkPosts).toBe(0);
    expect(seen.vacantFundedPosts).toBe(0);
    expect(seen.fundedPosts.edges[0]!.node).toMatchObject({ status: 'SUSPENDED', endedAt: '2024-06-01T00:00:00.000Z' });
    // Delivered again: nothing changes.
    await deliver(bus, funding.grantSuspended, grantSuspended(grantId, organizationId, new Date('2024-06-02T00:00:00Z')));
    expect((await community()).fundedPosts.edges[0]!.node).toMatchObject({ status: 'SUSPENDED', endedAt: '2024-06-01T00:00:00.000Z' });

    await deliver(bus, funding.grantResumed, grantResumed(grantId, organizationId));
    seen = await community();
    expect(seen.fundedSocialWorkPosts).toBe(5);
    expect(seen.fundedPosts.edges[0]!.node).toMatchObject({ status: 'ACTIVE', endedAt: null });

    await deliver(bus, funding.grantTerminated, grantTerminated(grantId, new Date('2024-09-01T00:00:00Z')));
    await deliver(bus, funding.grantResumed, grantResumed(grantId, organizationId));
    seen = await community();
    expect(seen.fundedSocialWorkPosts).toBe(0);
    expect(seen.fundedPosts.edges[0]!.node).toMatchObject({ status: 'TERMINATED', endedAt: '2024-09-01T00:00:00.000Z' });
    expect((await community(COMMUNITY, 'ACTIVE')).fundedPosts.totalCount).toBe(0);
    expect((await community(COMMUNITY, 'TERMINATED')).fundedPosts.totalCount).toBe(1);
  });

  it('ends completed grants, lists newest first, and is public', async () => {
    const older = grantAwarded({ communityCode: '150204002001', socialWorkPosts: 2, time: new Date('2023-03-01T00:00:00Z') });
    const newer = grantAwarded({ communityCode: '150204002001', socialWorkPosts: 4, time: new Date('2024-03-01T00:00:00Z') });
    await deliver(bus, funding.grantAwarded, older);
    await deliver(bus, funding.grantAwarded, newer);
    await deliver(bus, funding.grantCompleted, grantCompleted(older.data.grantId));
    const seen = await community('150204002001');
    expect(seen.fundedSocialWorkPosts).toBe(4);
    expect(seen.fundedPosts.edges.map((e) => [e.node.grant.id, e.node.status])).toEqual([
      [newer.data.grantId, 'ACTIVE'],
      [older.data.grantId, 'COMPLETED'],
    ]);
    for (const reader of [publicReader, partnerReader]) {
      const result = await service.request<{ _entities: { fundedSocialWorkPosts: number; fundedPosts: { totalCount: number } }[] }>(
        `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Community { fundedSocialWorkPosts fundedPosts { totalCount } } } }`,
        { r: [{ __typename: 'Community', code: '150204002001' }] },
        reader,
      );
      expect(result.data!._entities[0]).toEqual({ fundedSocialWorkPosts: 4, fundedPosts: { totalCount: 2 } });
    }
  });
});
