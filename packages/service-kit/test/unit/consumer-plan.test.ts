import { describe, expect, it } from 'vitest';
import { organizations, selfGovernance } from '@sanshe/events';
import { independentDurableName, planConsumers, durableName } from '../../src/inbox/consumer.ts';

const spec = (contract: Parameters<typeof planConsumers>[0][number]['contract'], concurrency?: number) => ({ contract, concurrency });

describe('planConsumers', () => {
  it('gives each producer one ordered consumer, in the order its specs came', () => {
    const plans = planConsumers([
      spec(selfGovernance.regionRegistered),
      spec(organizations.organizationFiled),
      spec(selfGovernance.needReported),
    ]);
    expect(plans.map((p) => ({ producer: p.producer, subjects: p.specs.map((s) => s.contract.subject), independent: p.independent }))).toEqual([
      { producer: 'self-governance', subjects: [selfGovernance.regionRegistered.subject, selfGovernance.needReported.subject], independent: undefined },
      { producer: 'organizations', subjects: [organizations.organizationFiled.subject], independent: undefined },
    ]);
  });

  it('takes an independent event type out of its producer’s ordered consumer into one of its own', () => {
    const plans = planConsumers([spec(selfGovernance.regionRegistered), spec(selfGovernance.needReported, 4)]);
    expect(plans).toHaveLength(2);
    expect(plans[0]!.specs.map((s) => s.contract.subject)).toEqual([selfGovernance.regionRegistered.subject]);
    expect(plans[1]).toMatchObject({ producer: 'self-governance', independent: { contract: selfGovernance.needReported, concurrency: 4 } });
  });

  it('refuses a subject handled by an independent and an ordered spec: both must run in one transaction', () => {
    expect(() => planConsumers([spec(selfGovernance.needReported, 4), spec(selfGovernance.needReported)])).toThrow(/every spec handling it/);
  });

  it('treats concurrency 1 as ordered', () => {
    expect(planConsumers([spec(selfGovernance.needReported, 1)])[0]!.independent).toBeUndefined();
  });

  it('names the independent durable after the event type, apart from the producer’s', () => {
    expect(independentDurableName('social-work', selfGovernance.needReported)).not.toBe(durableName('social-work', selfGovernance.needReported));
    expect(independentDurableName('social-work', selfGovernance.needReported)).toMatch(/^social-work__self-governance_/);
  });
});
