import { describe, expect, it } from 'vitest';
import { gatewayOrder, median, roundSchedule, roundsTable, summarizeRounds } from '../../src/rounds.ts';
import { comparisonTable, labelOf, type ScenarioResult } from '../../src/summary.ts';

const result = (scenario: string, gateway: string, rps: number, p95: number, round?: number): ScenarioResult => ({
  scenario,
  ...(round === undefined ? {} : { round }),
  gateway,
  vus: 20,
  latency: { requests: rps * 30, rps, p50: p95 / 2, p95, p99: p95 * 2, errors: 0, errorRate: 0 },
  gatewayResources: { cpuCores: 1, peakRssMiB: 100 },
  subgraphResources: {},
  statementsPerRequest: null,
});

describe('round order', () => {
  it('alternates which gateway goes first', () => {
    expect(gatewayOrder(['sanshe', 'hive'], 1)).toEqual(['sanshe', 'hive']);
    expect(gatewayOrder(['sanshe', 'hive'], 2)).toEqual(['hive', 'sanshe']);
    expect(gatewayOrder(['a', 'b', 'c'], 3)).toEqual(['a', 'b', 'c']);
  });

  it('schedules every gateway once per round', () => {
    expect(roundSchedule(['sanshe', 'hive'], 3)).toEqual([
      { round: 1, gateway: 'sanshe' },
      { round: 1, gateway: 'hive' },
      { round: 2, gateway: 'hive' },
      { round: 2, gateway: 'sanshe' },
      { round: 3, gateway: 'sanshe' },
      { round: 3, gateway: 'hive' },
    ]);
    expect(roundSchedule(['sanshe'], 1)).toEqual([{ round: 1, gateway: 'sanshe' }]);
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('ratios over rounds', () => {
  const results = [
    result('read-write-mix', 'sanshe', 300, 80, 1),
    result('read-write-mix', 'hive', 150, 120, 1),
    result('read-write-mix', 'hive', 200, 90, 2),
    result('read-write-mix', 'sanshe', 220, 95, 2),
    result('read-write-mix', 'sanshe', 340, 70, 3),
    result('read-write-mix', 'hive', 200, 100, 3),
    // A round where one gateway did not finish is left out, not counted as zero.
    result('read-write-mix', 'sanshe', 310, 70, 4),
  ];

  it('pairs each round with itself and gives the median and range', () => {
    const [mix] = summarizeRounds(results, 'sanshe', 'hive');
    expect(mix!.ratios).toEqual([2, 1.1, 1.7]);
    expect(mix!.median).toBe(1.7);
    expect(mix!.min).toBe(1.1);
    expect(mix!.max).toBe(2);
    expect(mix!.p95NoWorse).toBe(2);
    expect(roundsTable(results, 'sanshe', 'hive')).toContain('| read-write-mix | 2.00×, 1.10×, 1.70× | 1.70×  | 1.10×–2.00× | 2 of 3');
  });

  it('compares the gateways round by round, not the first round found of each', () => {
    const table = comparisonTable(results, 'sanshe', 'hive');
    expect(table).toContain('| read-write-mix · round 2 | 220.0      | 200.0    | 1.10× ');
    expect(table).not.toContain('round 4');
  });

  it('labels a single-round result by its scenario alone', () => {
    expect(labelOf(result('community-page', 'sanshe', 1, 1))).toBe('community-page');
    expect(labelOf(result('community-page', 'sanshe', 1, 1, 2))).toBe('community-page · round 2');
  });
});
