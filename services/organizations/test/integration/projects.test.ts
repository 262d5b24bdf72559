/**
 * Funded projects: funding's grant.awarded (over real NATS, through the service's durable funding
 * consumer) starts an organization's project, funding's later grant events keep its status, and
 * Organization.projects lists them newest first.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { funding, organizations as contracts } from '@sanshe/events';
import { organizationsSubgraph } from '../../src/app.ts';
import { ok } from '../factories/lifecycle.ts';
import { fileOrganization, registerOrganization } from '../factories/organizations.ts';
import { deliverFunding, grantAwarded, grantEvent } from '../factories/funding-events.ts';
import { seedKnownRegions } from '../factories/regions.ts';
import { countOutbox, countRows } from '../factories/replicas.ts';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;

beforeAll(async () => {
  service = await subgraphs.start('organizations', organizationsSubgraph);
  await seedKnownRegions(service);
  await service.eventsReady;
});

const PROJECT_FIELDS = `grantId title programmeId programmeKind community { code } amountFen paidFen status evaluationRating startedAt endedAt`;

interface ProjectResult {
  grantId: string;
  title: string;
  programmeKind: string | null;
  community: { code: string };
  amountFen: number;
  paidFen: number;
  status: string;
  evaluationRating: string | null;
  startedAt: string;
  endedAt: string | null;
}

async function projectsOf(id: string, args: { first?: number; after?: string | null } = {}) {
  const data = await ok<{
    organization: {
      projectCount: number;
      projects: { totalCount: number; edges: { cursor: string; node: ProjectResult }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    };
  }>(
    service,
    `query ($id: ID!, $first: Int, $after: String) { organization(id: $id) {
      projectCount projects(first: $first, after: $after) { totalCount edges { cursor node { ${PROJECT_FIELDS} } } pageInfo { hasNextPage endCursor } } } }`,
    { id, first: args.first ?? null, after: args.after ?? null },
  );
  return data.organization;
}

const outboxOfProjects = () => countOutbox(service, contracts.projectStarted.type);

describe('a grant awarded to an organization starts its project', () => {
  it('records the project with the award’s time and emits organizations.project.started', async () => {
    const org = await registerOrganization(service, { communityCode: '150204001002' });
    const awardedAt = new Date('2024-04-01T02:00:00.000Z');
    const award = grantAwarded({ organizationId: org.id, communityCode: '150204002001', amountFen: 8_500_000 }, awardedAt);
    await deliverFunding(bus, funding.grantAwarded, award);

    const { projectCount, projects } = await projectsOf(org.id);
    expect(projectCount).toBe(1);
    expect(projects.totalCount).toBe(1);
    expect(projects.edges[0]!.node).toEqual({
      grantId: award.data.grantId,
      title: award.data.title,
      programmeId: award.data.programmeId,
      programmeKind: 'VENTURE_PHILANTHROPY',
      // Where the work happens: the grant's community, not the organization's.
      community: { code: '150204002001' },
      amountFen: 8_500_000,
      paidFen: 0,
      status: 'ACTIVE',
      evaluationRating: null,
      startedAt: awardedAt.toISOString(),
      endedAt: null,
    });

    await service.flushOutbox();
    const [published] = await bus.events(contracts.projectStarted, 1);
    expect(published!.event.subject).toBe(org.id);
    expect(published!.event.data).toEqual({
      organizationId: org.id,
      grantId: award.data.grantId,
      programmeId: award.data.programmeId,
      programmeKind: 'venture_philanthropy',
      communityCode: '150204002001',
      title: award.data.title,
      amountFen: 8_500_000,
      startedAt: awardedAt.toISOString(),
    });
  });

  it('does not duplicate on redelivery, nor on a second award event for the same grant', async () => {
    const org = await fileOrganization(service);
    const award = grantAwarded({ organizationId: org.id });
    await deliverFunding(bus, funding.grantAwarded, award);
    const events = await outboxOfProjects();

    // The same event again (JetStream stores it under a new Nats-Msg-Id): the inbox makes it a no-op.
    await deliverFunding(bus, funding.grantAwarded, award);
    // The same grant under a new event id (a producer republishing after a crash): keyed by grant id.
    const again = grantAwarded({ ...award.data, organizationId: org.id }, new Date('2020-01-01T00:00:00Z'));
    expect(again.id).not.toBe(award.id);
    await deliverFunding(bus, funding.grantAwarded, again);

    const { projects } = await projectsOf(org.id);
    expect(projects.totalCount).toBe(1);
    expect(projects.edges[0]!.node.startedAt).toBe(award.time);
    expect(await outboxOfProjects()).toBe(events);
    const [inbox] = await service.database.sql`select count(*)::int as n from inbox where event_id = ${award.id}`;
    expect(inbox!.n).toBe(1);
  });

  it('sets aside an award to an organization it does not know, with the reason, and goes on with the next event', async () => {
    const stranger = randomUUID();
    const unknown = grantAwarded({ organizationId: stranger });
    const projectsBefore = await countRows(service, 'organization_projects');
    const eventsBefore = await outboxOfProjects();
    await deliverFunding(bus, funding.grantAwarded, unknown);
    // A grant without an organization (a community fund) is nobody's project: nothing recorded at all.
    await deliverFunding(bus, funding.grantAwarded, grantAwarded({ organizationId: null, programmeKind: 'community_activity_fund' }));
    // Its later events change nothing either.
    await deliverFunding(bus, funding.grantSuspended, grantEvent(funding.grantSuspended, { grantId: unknown.data.grantId, organizationId: stranger, reason: 'organization_suspended', suspendedTrancheIds: [] }));

    expect(await countRows(service, 'organization_projects')).toBe(projectsBefore);
    expect(await outboxOfProjects()).toBe(eventsBefore);
    const ignored = await service.database.sql`select grant_id, organization_id, reason from ignored_grant_awards where event_id = ${unknown.id}`;
    expect(ignored).toEqual([{ grant_id: unknown.data.grantId, organization_id: stranger, reason: 'unknown_organization' }]);
    expect(await countRows(service, 'ignored_grant_awards')).toBe(1);

    // The consumer was not stopped by it: the next award is applied.
    const org = await fileOrganization(service);
    await deliverFunding(bus, funding.grantAwarded, grantAwarded({ organizationId: org.id }));
    expect((await projectsOf(org.id)).projectCount).toBe(1);
  });
});

describe('funding’s later grant events keep the project’s status true', () => {
  it('follows suspension, resumption, payments, evaluation, completion and termination', async () => {
    const org = await registerOrganization(service);
    const a = grantAwarded({ organizationId: org.id, amountFen: 10_000_000 }, new Date('2025-01-01T00:00:00Z'));
    const b = grantAwarded({ organizationId: org.id, amountFen: 3_000_000 }, new Date('2025-02-01T00:00:00Z'));
    await deliverFunding(bus, funding.grantAwarded, a);
    await deliverFunding(bus, funding.grantAwarded, b);
    const grantA = a.data.grantId;
    const grantB = b.data.grantId;
    const status = async () => Object.fromEntries((await projectsOf(org.id)).projects.edges.map((e) => [e.node.grantId, e.node]));

    await deliverFunding(bus, funding.grantSuspended, grantEvent(funding.grantSuspended, { grantId: grantA, organizationId: org.id, reason: 'organization_suspended', suspendedTrancheIds: [] }));
    expect((await status())[grantA]!.status).toBe('SUSPENDED');
    await deliverFunding(bus, funding.grantResumed, grantEvent(funding.grantResumed, { grantId: grantA, organizationId: org.id, resumedTrancheIds: [] }));
    expect((await status())[grantA]!.status).toBe('ACTIVE');

    const paid = (amountFen: number) =>
      grantEvent(funding.tranchePaid, { grantId: grantA, trancheId: randomUUID(), seq: 1, amountFen, transactionId: randomUUID(), organizationId: org.id, communityCode: '150204001001' });
    await deliverFunding(bus, funding.tranchePaid, paid(6_000_000));
    await deliverFunding(bus, funding.tranchePaid, paid(4_000_000));
    await deliverFunding(bus, funding.grantRefunded, grantEvent(funding.grantRefunded, { grantId: grantA, fundId: randomUUID(), amountFen: 500_000, transactionId: randomUUID() }));
    expect((await status())[grantA]!.paidFen).toBe(9_500_000);

    const completedAt = new Date('2025-12-20T08:00:00.000Z');
    await deliverFunding(bus, funding.grantEvaluated, grantEvent(funding.grantEvaluated, { grantId: grantA, score: 88, rating: 'good' }, completedAt));
    await deliverFunding(bus, funding.grantCompleted, grantEvent(funding.grantCompleted, { grantId: grantA, paidFen: 9_500_000 }, completedAt));
    // A late resumption never reopens a project that has ended.
    await deliverFunding(bus, funding.grantResumed, grantEvent(funding.grantResumed, { grantId: grantA, organizationId: org.id, resumedTrancheIds: [] }));

    await deliverFunding(bus, funding.grantEvaluated, grantEvent(funding.grantEvaluated, { grantId: grantB, score: 41, rating: 'fail' }));
    await deliverFunding(bus, funding.grantTerminated, grantEvent(funding.grantTerminated, { grantId: grantB, reason: 'evaluation_failed', releasedFen: 3_000_000, transactionId: randomUUID() }));

    const after = await status();
    expect(after[grantA]).toMatchObject({ status: 'COMPLETED', evaluationRating: 'GOOD', paidFen: 9_500_000, endedAt: completedAt.toISOString() });
    expect(after[grantB]).toMatchObject({ status: 'TERMINATED', evaluationRating: 'FAIL', paidFen: 0 });
    expect(after[grantB]!.endedAt).not.toBeNull();
  });
});

describe('Organization.projects', () => {
  it('pages newest first with cursors', async () => {
    const org = await fileOrganization(service);
    const grants: string[] = [];
    for (const month of ['01', '02', '03', '04', '05']) {
      const award = grantAwarded({ organizationId: org.id }, new Date(`2023-${month}-15T00:00:00Z`));
      grants.unshift(award.data.grantId);
      await deliverFunding(bus, funding.grantAwarded, award);
    }
    const first = (await projectsOf(org.id, { first: 2 })).projects;
    expect(first.totalCount).toBe(5);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await projectsOf(org.id, { first: 2, after: first.pageInfo.endCursor })).projects;
    const third = (await projectsOf(org.id, { first: 2, after: second.pageInfo.endCursor })).projects;
    expect([...first.edges, ...second.edges, ...third.edges].map((e) => e.node.grantId)).toEqual(grants);
    expect(third.pageInfo.hasNextPage).toBe(false);
    expect(third.totalCount).toBe(5);

    const refused = await service.request(`query ($id: ID!) { organization(id: $id) { projects(after: "nonsense") { totalCount } } }`, { id: org.id });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('costs the same number of statements for a list of 2 organizations as for 10', async () => {
    const community = '150204002001';
    for (let i = 0; i < 10; i += 1) {
      const org = await fileOrganization(service, { communityCode: community });
      for (let g = 0; g < i % 3; g += 1) await deliverFunding(bus, funding.grantAwarded, grantAwarded({ organizationId: org.id }));
    }
    const LIST = `query ($c: ID!, $first: Int) { organizations(filter: { communityCode: $c }, first: $first) {
      edges { node { id projectCount projects(first: 2) { totalCount edges { node { grantId status } } } } } } }`;
    // The outbox relay polls on the same pool: the least of a few runs is the request's own cost.
    const cost = async (first: number) => {
      let least = Number.POSITIVE_INFINITY;
      for (let run = 0; run < 3; run += 1) {
        const before = service.database.statementCount();
        await ok(service, LIST, { c: community, first });
        least = Math.min(least, service.database.statementCount() - before);
      }
      return least;
    };
    const few = await cost(2);
    const many = await cost(10);
    expect(many).toBe(few);
    // The page and its count, the first projects with their totals, the project counts.
    expect(many).toBeLessThanOrEqual(4);
  });
});
