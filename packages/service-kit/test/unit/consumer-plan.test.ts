import { describe, expect, it } from 'vitest';
import { organizations, selfGovernance } from '@sanshe/events';
import { durableName, filtersManySubjects, natsVersionAtLeast, independentDurableName, orderedConsumerFilter, planConsumers } from '../../src/inbox/consumer.ts';
import { hasFilter } from '../../src/inbox/consumer-handover.ts';

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

  it('refuses handleBatch on an ordered event type: a failed batch could not be redelivered in order', () => {
    const batched = { contract: selfGovernance.needReported, handleBatch: async () => {} };
    expect(() => planConsumers([batched])).toThrow(/handleBatch is for independent events only/);
    expect(planConsumers([{ ...batched, concurrency: 4 }])[0]).toMatchObject({ independent: { concurrency: 4 } });
  });

  it('treats concurrency 1 as ordered', () => {
    expect(planConsumers([spec(selfGovernance.needReported, 1)])[0]!.independent).toBeUndefined();
  });

  it('names the independent durable after the event type, apart from the producer’s', () => {
    expect(independentDurableName('social-work', selfGovernance.needReported)).not.toBe(durableName('social-work', selfGovernance.needReported));
    expect(independentDurableName('social-work', selfGovernance.needReported)).toMatch(/^social-work__self-governance_/);
  });
});

describe('orderedConsumerFilter', () => {
  const registered = selfGovernance.regionRegistered.subject;
  const reported = selfGovernance.needReported.subject;

  it('filters to the subjects handled on a 2.10+ server, sorted and without repeats', () => {
    expect(orderedConsumerFilter('bench', 'self-governance', [reported, registered, reported], '2.14.9')).toEqual({
      filter_subjects: [`bench.${registered}`, `bench.${reported}`].sort(),
    });
  });

  it('takes everything the producer publishes on 2.9, which filters to one subject only', () => {
    expect(orderedConsumerFilter('bench', 'self-governance', [reported, registered], '2.9.10')).toEqual({ filter_subject: 'bench.self-governance.>' });
    expect(orderedConsumerFilter('bench', 'self-governance', [reported, registered], undefined)).toEqual({ filter_subject: 'bench.self-governance.>' });
  });

  it('filters to a single subject on any server', () => {
    expect(orderedConsumerFilter('p', 'self-governance', [registered], '2.9.10')).toEqual({ filter_subject: `p.${registered}` });
  });

  it('reads server versions', () => {
    expect([filtersManySubjects('2.10.0'), filtersManySubjects('3.0.1'), filtersManySubjects('2.9.25'), filtersManySubjects('')]).toEqual([true, true, false, false]);
    expect([natsVersionAtLeast('v2.14.9', 2, 10), natsVersionAtLeast(undefined, 2, 10), natsVersionAtLeast('2.9.10', 2, 9)]).toEqual([true, false, true]);
  });

  it('compares a consumer’s filter with the one wanted, a one-element list as its subject', () => {
    expect(hasFilter({ filter_subject: 'p.a' }, { filter_subjects: ['p.a'] })).toBe(true);
    expect(hasFilter({ filter_subjects: ['p.b', 'p.a'] }, { filter_subjects: ['p.a', 'p.b'] })).toBe(true);
    expect(hasFilter({ filter_subject: 'p.self-governance.>' }, { filter_subjects: ['p.a', 'p.b'] })).toBe(false);
    expect(hasFilter({ filter_subjects: ['p.a', 'p.b'] }, { filter_subject: 'p.a' })).toBe(false);
  });
});
