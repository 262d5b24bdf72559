import { DomainError } from '../errors.ts';

/**
 * The key every subgraph shares for `RegionStatistics`: a region code and an inclusive period of
 * district-local dates, written `<regionCode>@<from>..<to>` (e.g. `150204@2016-01-01..2016-12-31`).
 *
 * Self-governance owns the entity and hands out ids; every other subgraph contributes its own
 * fields through `__resolveReference` and reads region and period back out of the id. Because the
 * id is the whole key, a gateway plan for N regions is one `_entities` call per subgraph with N
 * representations, which each subgraph answers with a fixed number of set-based statements.
 */
export interface StatisticsKey {
  id: string;
  /** 6 digits (district), 9 (street or township) or 12 (community or village). */
  regionCode: string;
  from: string;
  to: string;
  /** Start of `from` in district time (UTC+8), inclusive. */
  startsAt: Date;
  /** Start of the day after `to` in district time, exclusive. */
  endsAt: Date;
}

/** Periods longer than about fifty years are refused: a view starts somewhere in the registry's own history. */
export const MAX_STATISTICS_DAYS = 18_300;
/** How many regions one request may ask for. */
export const MAX_STATISTICS_REGIONS = 1000;

const REGION_CODE = /^(\d{6}|\d{9}|\d{12})$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** District-local midnight of an ISO date; null if the date is not a real calendar date. */
function districtMidnight(date: string): Date | null {
  const match = DATE.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // From numbers, not by parsing a string: every representation of every statistics fetch passes
  // here twice. A day that does not exist (02-30) rolls over into the next month: refused.
  // (setUTCFullYear: Date.UTC would read years 0–99 as 1900–1999.)
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  if (utc.getUTCFullYear() !== year || utc.getUTCMonth() !== month - 1 || utc.getUTCDate() !== day) return null;
  return new Date(utc.getTime() - 8 * 3_600_000);
}

export function statisticsId(regionCode: string, from: string, to: string): string {
  return `${regionCode}@${from}..${to}`;
}

/** Checks a region code and period; throws BAD_USER_INPUT naming `field` (or `from`/`to`). */
export function statisticsKey(regionCode: string, from: string, to: string, field = 'codes'): StatisticsKey {
  if (!REGION_CODE.test(regionCode)) {
    throw new DomainError('BAD_USER_INPUT', `${field}: "${regionCode}" is not a 6-, 9- or 12-digit region code`, field);
  }
  const startsAt = districtMidnight(from);
  if (!startsAt) throw new DomainError('BAD_USER_INPUT', `from: "${from}" is not a date (YYYY-MM-DD)`, 'from');
  const toMidnight = districtMidnight(to);
  if (!toMidnight) throw new DomainError('BAD_USER_INPUT', `to: "${to}" is not a date (YYYY-MM-DD)`, 'to');
  if (toMidnight < startsAt) throw new DomainError('BAD_USER_INPUT', 'to: the period ends before it starts', 'to');
  const endsAt = new Date(toMidnight.getTime() + DAY_MS);
  if ((endsAt.getTime() - startsAt.getTime()) / DAY_MS > MAX_STATISTICS_DAYS) {
    throw new DomainError('BAD_USER_INPUT', `to: a period may span at most ${MAX_STATISTICS_DAYS} days`, 'to');
  }
  return { id: statisticsId(regionCode, from, to), regionCode, from, to, startsAt, endsAt };
}

/** Reads a key back out of an entity id (a representation sent by the gateway). */
export function parseStatisticsId(id: string): StatisticsKey {
  const match = /^(\d+)@(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(id);
  if (!match) throw new DomainError('BAD_USER_INPUT', `id: "${id}" is not a statistics id (<regionCode>@<from>..<to>)`, 'id');
  return statisticsKey(match[1]!, match[2]!, match[3]!, 'id');
}

/**
 * A `RegionStatistics` DataLoader batch: the entity ids of the gateway's representations, parsed;
 * the valid ones answered together by `figuresOf` (keyed by id), and an id that is not
 * `<regionCode>@<from>..<to>` refused on its own (its BAD_USER_INPUT) without failing the others.
 */
export async function statisticsByIds<T>(ids: readonly string[], figuresOf: (keys: StatisticsKey[]) => Promise<Map<string, T>>): Promise<(T | Error)[]> {
  const keys = ids.map((id): StatisticsKey | Error => {
    try {
      return parseStatisticsId(id);
    } catch (error) {
      return error as Error;
    }
  });
  const figures = await figuresOf(keys.filter((k): k is StatisticsKey => !(k instanceof Error)));
  return keys.map((k) => (k instanceof Error ? k : figures.get(k.id)!));
}

export interface StatisticsBatch {
  from: string;
  to: string;
  startsAt: Date;
  endsAt: Date;
  /** Distinct region codes asked for with this period. */
  regionCodes: string[];
}

/**
 * Groups keys by period, so a DataLoader batch runs its statements once per distinct period —
 * however many regions are asked for. (A dashboard asks for one period; the count of statements
 * grows only if a request mixes periods.)
 */
export function batchByPeriod(keys: readonly StatisticsKey[]): StatisticsBatch[] {
  const batches = new Map<string, StatisticsBatch>();
  for (const key of keys) {
    const period = `${key.from}..${key.to}`;
    let batch = batches.get(period);
    if (!batch) {
      batch = { from: key.from, to: key.to, startsAt: key.startsAt, endsAt: key.endsAt, regionCodes: [] };
      batches.set(period, batch);
    }
    if (!batch.regionCodes.includes(key.regionCode)) batch.regionCodes.push(key.regionCode);
  }
  return [...batches.values()];
}

/** True when `code` lies inside `regionCode` (region codes nest by prefix). */
export function withinRegion(code: string, regionCode: string): boolean {
  return code.startsWith(regionCode);
}

/**
 * The smallest range of codes holding every record of the given regions: a record is in a region
 * when its (street or community) code begins with the region code, and for digit strings of at
 * most 12 characters that is `code >= region and code <= region padded with 9s to 12` (digit
 * strings sort digit by digit in any collation). The range lets btree indexes on region and
 * community codes narrow the scan for a whole batch of regions in one statement.
 */
export function regionBounds(regionCodes: readonly string[]): { lo: string; hi: string } {
  if (regionCodes.length === 0) throw new Error('regionBounds needs at least one region code');
  let lo = regionCodes[0]!;
  let hi = regionCodes[0]!.padEnd(12, '9');
  for (const code of regionCodes) {
    if (code < lo) lo = code;
    const top = code.padEnd(12, '9');
    if (top > hi) hi = top;
  }
  return { lo, hi };
}
