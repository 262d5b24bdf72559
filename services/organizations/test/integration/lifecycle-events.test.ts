import { beforeAll, describe, expect, it } from 'vitest';
import { testSubgraphs, type AnySubgraph } from '@sanshe/testing';
import { organizations as contracts, type EventContract } from '@sanshe/events';
import { organizationsSubgraph } from '../../src/app.ts';
import { gradeValidUntil } from '../../src/domain/grading.ts';
import { prepareOrganization, step, STEP } from '../factories/lifecycle.ts';
import { validCreditCode } from '../factories/organizations.ts';
import { seedKnownRegions } from '../factories/regions.ts';
import { districtDate } from '@sanshe/service-kit';

const subgraphs = testSubgraphs();
const { bus } = subgraphs;
let service: AnySubgraph;
const today = districtDate();
const year = Number(today.slice(0, 4));

beforeAll(async () => {
  service = await subgraphs.start('organizations', organizationsSubgraph);
  await seedKnownRegions(service);
});

describe('every lifecycle step is an event', () => {
  it('publishes the matching contract for each step, in the transaction of the step', async () => {
    const a = await prepareOrganization(service, { communityCode: '150204002001', serviceFields: ['YOUTH'] });
    const code = validCreditCode('2');
    await step(service, STEP.file(a.id, '幸福路备-001'));
    await step(service, STEP.recommend(a.id));
    await step(service, STEP.register(a.id, code));
    await step(service, STEP.inspect(a.id, year, 'PASSED'));
    await step(service, STEP.grade(a.id, 820));
    await step(service, STEP.suspend(a.id, '负责人变更未备案'));
    await step(service, STEP.reinstate(a.id));
    const final = await step(service, STEP.deregister(a.id, '完成使命，自行注销'));
    const b = await prepareOrganization(service);
    const bCode = validCreditCode('1');
    await step(service, STEP.register(b.id, bCode, 'SOCIAL_GROUP'));

    await service.flushOutbox();
    const ref = { organizationId: a.id, communityCode: '150204002001', streetCode: '150204002', districtCode: '150204' };
    const facts = { ...ref, name: a.name, category: 'community_service', serviceFields: ['youth'] };

    const expected: [contract: EventContract, data: Record<string, unknown>[]][] = [
      [contracts.organizationPrepared, [facts, expect.objectContaining({ organizationId: b.id })]],
      [contracts.organizationFiled, [{ ...facts, filingNumber: '幸福路备-001' }]],
      [contracts.organizationRecommended, [ref]],
      [
        contracts.organizationRegistered,
        [
          { ...facts, legalForm: 'social_service_agency', creditCode: code },
          expect.objectContaining({ organizationId: b.id, legalForm: 'social_group', creditCode: bCode }),
        ],
      ],
      [contracts.organizationInspected, [{ ...ref, year, result: 'passed' }]],
      [contracts.organizationGraded, [{ ...ref, grade: 4, score: 820, validUntil: gradeValidUntil(today) }]],
      [contracts.organizationSuspended, [{ ...ref, reason: '负责人变更未备案', previousState: 'registered' }]],
      [contracts.organizationReinstated, [{ ...ref, state: 'registered' }]],
      [contracts.organizationDeregistered, [{ ...ref, reason: '完成使命，自行注销' }]],
    ];
    for (const [contract, data] of expected) {
      const events = await bus.events(contract, data.length);
      expect(events.map((e) => e.event.data), contract.name).toEqual(data);
      for (const { event, msgId } of events) {
        expect(msgId).toBe(event.id);
        expect(event.subject).toBe((event.data as { organizationId: string }).organizationId);
      }
    }

    // Each history row names the event recorded with it, and nothing was recorded without a history row.
    const rows = await service.database.sql`
      select t.action, o.type from organization_transitions t join outbox o on o.id = t.event_id
      where t.organization_id = ${a.id} order by t.created_at, t.id`;
    expect(rows.map((r) => [r.action, String(r.type).split('.').slice(-2, -1)[0]])).toEqual([
      ['prepare', 'prepared'],
      ['file', 'filed'],
      ['recommend', 'recommended'],
      ['register', 'registered'],
      ['inspect', 'inspected'],
      ['grade', 'graded'],
      ['suspend', 'suspended'],
      ['reinstate', 'reinstated'],
      ['deregister', 'deregistered'],
    ]);
    expect(final.history).toHaveLength(9);
    const [{ n }] = (await service.database.sql`select count(*)::int as n from outbox`) as unknown as [{ n: number }];
    expect(n).toBe(11);
  });
});
