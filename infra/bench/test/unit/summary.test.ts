import { describe, expect, it } from 'vitest';
import { compareGateways, cpuPerRequest, formatMs, markdownTable, percentile, readCacheAge, readK6Summary, statementsPerRequest, type ScenarioResult } from '../../src/summary.ts';

describe('percentile', () => {
  it('is nearest-rank over unsorted samples', () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(samples, 50)).toBe(5);
    expect(percentile(samples, 95)).toBe(10);
    expect(percentile(samples, 99)).toBe(10);
    expect(percentile(samples, 0)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('readK6Summary', () => {
  const flat = {
    metrics: {
      http_req_duration: { med: 12, 'p(95)': 40, 'p(99)': 70 },
      http_reqs: { count: 1000, rate: 33.3 },
      http_req_failed: { passes: 2, fails: 998, value: 0.002 },
      graphql_errors: { count: 3, rate: 0.1 },
    },
  };
  const nested = { metrics: Object.fromEntries(Object.entries(flat.metrics).map(([k, v]) => [k, { type: 'x', values: v }])) };

  it('reads both shapes of --summary-export the same way', () => {
    const expected = { requests: 1000, rps: 33.3, p50: 12, p95: 40, p99: 70, errors: 5, errorRate: 0.005 };
    expect(readK6Summary(flat)).toEqual(expected);
    expect(readK6Summary(nested)).toEqual(expected);
  });

  it('counts no errors when the counters are absent', () => {
    const summary = readK6Summary({ metrics: { http_reqs: { count: 10, rate: 1 }, http_req_duration: { med: 1, 'p(95)': 2, 'p(99)': 3 } } });
    expect(summary.errors).toBe(0);
    expect(summary.errorRate).toBe(0);
  });
});

describe('readCacheAge', () => {
  it('reads the age of cached answers in both shapes, and nothing when no answer carried one', () => {
    const age = { count: 900, med: 4, 'p(95)': 11, max: 19 };
    expect(readCacheAge({ metrics: { cache_age_s: age } })).toEqual({ answers: 900, p50: 4, p95: 11, max: 19 });
    expect(readCacheAge({ metrics: { cache_age_s: { type: 'trend', values: age } } })).toEqual({ answers: 900, p50: 4, p95: 11, max: 19 });
    expect(readCacheAge({ metrics: { http_reqs: { count: 10, rate: 1 } } })).toBeNull();
    expect(readCacheAge({ metrics: { cache_age_s: { count: 0 } } })).toBeNull();
  });
});

describe('compareGateways', () => {
  it('gives our throughput over theirs and whether our p95 is no worse', () => {
    const ours = { requests: 0, rps: 300, p50: 5, p95: 20, p99: 30, errors: 0, errorRate: 0 };
    const theirs = { ...ours, rps: 200, p95: 25 };
    expect(compareGateways(ours, theirs)).toEqual({ throughputRatio: 1.5, p95NoWorse: true });
    expect(compareGateways(theirs, ours).p95NoWorse).toBe(false);
  });
});

describe('formatting', () => {
  it('keeps three significant figures of milliseconds', () => {
    expect(formatMs(123.456)).toBe('123');
    expect(formatMs(12.345)).toBe('12.3');
    expect(formatMs(1.2345)).toBe('1.23');
    expect(formatMs(Number.NaN)).toBe('–');
  });

  it('pads a markdown table to its widest cell', () => {
    expect(markdownTable(['a', 'bb'], [['ccc', 'd']])).toBe('| a   | bb |\n| --- | -- |\n| ccc | d  |');
  });

  it('subtracts the idle drift before dividing by the requests', () => {
    expect(statementsPerRequest(530, 30, 50)).toBe(10);
    expect(statementsPerRequest(10, 30, 50)).toBe(0);
    expect(statementsPerRequest(10, 0, 0)).toBeNaN();
  });
});

describe('cpuPerRequest', () => {
  const result = (over: Partial<ScenarioResult> = {}): ScenarioResult => ({
    scenario: 'mix',
    gateway: 'sanshe',
    vus: 20,
    latency: { requests: 4000, rps: 100, p50: 1, p95: 2, p99: 3, errors: 0, errorRate: 0 },
    gatewayResources: { cpuCores: 0.3, peakRssMiB: 1 },
    subgraphResources: { a: { cpuCores: 0.5, peakRssMiB: 1 }, b: { cpuCores: 0.3, peakRssMiB: 1 } },
    postgresResources: { cpuCores: 0.4, peakRssMiB: 1 },
    machineCpuCores: 2,
    postgresAllCpuCores: 0.6,
    loadGeneratorCpuCores: 0.1,
    statementsPerRequest: null,
    ...over,
  });

  it('splits the machine’s CPU per request and leaves what no process accounts for as the rest', () => {
    const split = cpuPerRequest(result())!;
    // 100 requests a second: 1 core is 10 ms a request.
    expect(split.gateway).toBeCloseTo(3);
    expect(split.subgraphs).toBeCloseTo(8);
    expect(split.postgresBackends).toBeCloseTo(4);
    expect(split.postgresOther).toBeCloseTo(2);
    expect(split.loadGenerator).toBeCloseTo(1);
    expect(split.machine).toBeCloseTo(20);
    // 20 − 3 − 8 − 6 − 1: PostgreSQL counted once, as all its processes.
    expect(split.rest).toBeCloseTo(2);
    // NATS was not measured (a server the bench did not spawn): it is part of the rest.
    expect(split.nats).toBeNaN();
  });

  it('takes a spawned NATS out of the rest', () => {
    const split = cpuPerRequest(result({ natsCpuCores: 0.15 }))!;
    expect(split.nats).toBeCloseTo(1.5);
    expect(split.rest).toBeCloseTo(0.5);
    expect(split.machine).toBeCloseTo(20);
  });

  it('is absent for results measured before the split existed or with no requests', () => {
    expect(cpuPerRequest(result({ postgresAllCpuCores: undefined }))).toBeNull();
    expect(cpuPerRequest(result({ loadGeneratorCpuCores: undefined }))).toBeNull();
    expect(cpuPerRequest(result({ latency: { requests: 0, rps: 0, p50: 0, p95: 0, p99: 0, errors: 0, errorRate: 0 } }))).toBeNull();
  });
});
