import { beforeAll, describe, expect, it } from 'vitest';
import { testSubgraphs } from '@sanshe/testing';
import { selfGovernance as contracts } from '@sanshe/events';
import { COMMUNITY, createPlatform, ok, outboxCount, refused, startSelfGovernance, submitProposal, vote, type SelfGovernance } from '../factories/self-governance.ts';

const subgraphs = testSubgraphs();
let service: SelfGovernance;

beforeAll(async () => {
  service = await startSelfGovernance(subgraphs);
});

describe('micro-projects', () => {
  const PLAN = `mutation ($input: PlanMicroProjectInput!) { planMicroProject(input: $input) { id status budgetFen proposal { id stage } implementer { id } } }`;

  it('plans a project from a resolved proposal, starts and completes it', async () => {
    const platformId = await createPlatform(service);
    const { id: proposalId } = await submitProposal(service, platformId, '楼道微改造');
    const input = { communityCode: COMMUNITY, title: '3号楼楼道粉刷', category: 'FACILITIES', summary: '粉刷并加装扶手', budgetFen: 1_200_000, proposalId };
    expect(await refused(service, PLAN, { input })).toMatchObject({ code: 'RULE_VIOLATION', field: 'input.proposalId', currentStage: 'PROPOSED' });
    await ok(service, `mutation { jointReviewProposal(input: { proposalId: "${proposalId}", vote: ${JSON.stringify(vote(9, 8, 8)).replace(/"(\w+)":/g, '$1:')} }) { stage } }`);
    await ok(service, `mutation { deliberateProposal(input: { proposalId: "${proposalId}", participantCount: 30, summary: "同意" }) { stage } }`);
    await ok(service, `mutation { resolveProposal(input: { proposalId: "${proposalId}", vote: ${JSON.stringify(vote(30, 20, 18)).replace(/"(\w+)":/g, '$1:')} }) { stage } }`);
    const planned = await ok(service, PLAN, { input: { ...input, implementerOrganizationId: '7d0c9f8e-58a4-4f51-9c4e-2f4f0a5b6c7d' } });
    const project = planned.planMicroProject;
    expect(project).toMatchObject({ status: 'PLANNED', budgetFen: 1_200_000, proposal: { id: proposalId, stage: 'RESOLVED' } });
    expect(await refused(service, `mutation { completeMicroProject(input: { microProjectId: "${project.id}", beneficiaryCount: 40 }) { id } }`)).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      currentStatus: 'PLANNED',
    });
    await ok(service, `mutation { startMicroProject(input: { microProjectId: "${project.id}" }) { status } }`);
    const done = await ok(service, `mutation { completeMicroProject(input: { microProjectId: "${project.id}", beneficiaryCount: 40, note: "完工" }) { status beneficiaryCount closingNote closedAt } }`);
    expect(done.completeMicroProject).toMatchObject({ status: 'COMPLETED', beneficiaryCount: 40, closingNote: '完工' });
  });

  it('cancels a project with a reason, and refuses budgets that are not small whole fen', async () => {
    const base = { communityCode: COMMUNITY, title: '社区读书角', category: 'CULTURE_SPORTS', summary: '图书捐赠' };
    const { planMicroProject } = await ok(service, PLAN, { input: { ...base, budgetFen: 300_000 } });
    expect(await refused(service, `mutation { cancelMicroProject(input: { microProjectId: "${planMicroProject.id}", reason: " " }) { id } }`)).toMatchObject({ field: 'input.reason' });
    const cancelled = await ok(service, `mutation { cancelMicroProject(input: { microProjectId: "${planMicroProject.id}", reason: "场地收回" }) { status closingNote } }`);
    expect(cancelled.cancelMicroProject).toEqual({ status: 'CANCELLED', closingNote: '场地收回' });
    expect(await refused(service, PLAN, { input: { ...base, budgetFen: 10_000_001 } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.budgetFen' });
    expect((await service.request(PLAN, { input: { ...base, budgetFen: 12.5 } })).errors).toBeDefined();
    const listed = await ok(
      service,
      `{ community(code: "${COMMUNITY}") { microProjects { totalCount } done: microProjects(status: COMPLETED) { totalCount } culture: microProjects(category: CULTURE_SPORTS) { totalCount } }
         microProjects(within: "150204001", status: CANCELLED) { totalCount } }`,
    );
    expect(listed).toEqual({ community: { microProjects: { totalCount: 2 }, done: { totalCount: 1 }, culture: { totalCount: 1 } }, microProjects: { totalCount: 1 } });
    for (const [contract, n] of [
      [contracts.microProjectPlanned, 2],
      [contracts.microProjectStarted, 1],
      [contracts.microProjectCompleted, 1],
      [contracts.microProjectCancelled, 1],
    ] as const) {
      expect(await outboxCount(service, contract.type), contract.name).toBe(n);
    }
  });
});

describe('entities', () => {
  it('resolves micro-projects by reference', async () => {
    const [r] = await service.database.sql`select id from micro_projects where title = '3号楼楼道粉刷'`;
    const data = await ok<{ _entities: unknown[] }>(service, `query ($r: [_Any!]!) { _entities(representations: $r) { ... on MicroProject { id title } } }`, {
      r: [{ __typename: 'MicroProject', id: r!.id }, { __typename: 'MicroProject', id: '1' }],
    });
    expect(data._entities).toEqual([{ id: r!.id, title: '3号楼楼道粉刷' }, null]);
  });
});
