/**
 * Repeated rounds of the same scenarios, for a ratio that one run cannot place.
 *
 * On a shared 2-core machine two back-to-back runs of the same code have put the read/write mix's
 * ratio at 1.73× and 1.14×: what moved was the machine, not the gateways. Rounds alternate which
 * gateway goes first (A B, B A, A B, …), so a drift over the run — the buffer cache warming, a
 * neighbour's load, the event backlog — falls on each side in turn, and the report gives every
 * round's ratio with their median rather than one number.
 */
import { compareGateways, markdownTable, pairedResults, type GatewayPair, type ScenarioResult } from './summary.ts';

/** The gateways in the order round `round` (1-based) measures them: as given in odd rounds, reversed in even ones. */
export function gatewayOrder<T>(gateways: readonly T[], round: number): T[] {
  return round % 2 === 1 ? [...gateways] : [...gateways].reverse();
}

/** Every gateway of every round, in the order they are measured. */
export function roundSchedule<T>(gateways: readonly T[], rounds: number): { round: number; gateway: T }[] {
  return Array.from({ length: rounds }, (_, i) => gatewayOrder(gateways, i + 1).map((gateway) => ({ round: i + 1, gateway }))).flat();
}

/** The middle value (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface RoundsSummary {
  scenario: string;
  /** Our throughput over theirs in each round, in round order (rounds where either is missing are left out). */
  ratios: number[];
  median: number;
  min: number;
  max: number;
  /** Rounds in which our p95 was no worse than theirs. */
  p95NoWorse: number;
}

/** Per scenario: the throughput ratio of every round, their median and range, and how often our p95 was no worse. */
export function summarizeRounds(results: readonly ScenarioResult[], ours: string, theirs: string): RoundsSummary[] {
  const byScenario = new Map<string, GatewayPair[]>();
  for (const pair of pairedResults(results, ours, theirs)) byScenario.set(pair.scenario, [...(byScenario.get(pair.scenario) ?? []), pair]);
  return [...byScenario].map(([scenario, pairs]) => {
    const compared = pairs
      .sort((a, b) => (a.round ?? 1) - (b.round ?? 1))
      .map((pair) => compareGateways(pair.ours.latency, pair.theirs.latency));
    const ratios = compared.map((c) => c.throughputRatio);
    return { scenario, ratios, median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios), p95NoWorse: compared.filter((c) => c.p95NoWorse).length };
  });
}

export function roundsTable(results: readonly ScenarioResult[], ours: string, theirs: string): string {
  const x = (v: number) => `${v.toFixed(2)}×`;
  return markdownTable(
    ['scenario', 'ratio per round', 'median', 'range', `${ours} p95 no worse`],
    summarizeRounds(results, ours, theirs).map((s) => [s.scenario, s.ratios.map(x).join(', '), x(s.median), `${x(s.min)}–${x(s.max)}`, `${s.p95NoWorse} of ${s.ratios.length}`]),
  );
}
