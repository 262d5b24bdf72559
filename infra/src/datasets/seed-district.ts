import * as op from './operations.ts';
import type { SubgraphClient } from './subgraph-client.ts';

/**
 * What every seed-true district shares, kept in one place so the datasets (Qingshan, Nanguan, and
 * the Qingshan demo) cannot drift apart: the region tree's shape and codes, the order it is
 * registered in, and how a loader batches and reports its writes. Each dataset keeps only its
 * article's names and figures.
 */
export interface Region {
  code: string;
  name: string;
  level: 'DISTRICT' | 'STREET' | 'TOWNSHIP' | 'COMMUNITY' | 'VILLAGE';
  population?: number;
  households?: number;
}

/** A community or village; `serial` is its three code digits under its street or township. */
export interface Place {
  serial: number;
  name: string;
  level: 'COMMUNITY' | 'VILLAGE';
  population: number;
  households: number;
}

/** A street or township; `serial` is its three code digits under the district. */
export interface Division {
  serial: number;
  name: string;
  level: 'STREET' | 'TOWNSHIP';
  places: Place[];
}

/** A region's code: the parent's plus three digits, as the statistical division codes are built. */
export const childCode = (parent: string, serial: number) => `${parent}${String(serial).padStart(3, '0')}`;

/** 1…count: streets, communities and villages are numbered from one. */
export const numbered = (count: number) => Array.from({ length: count }, (_, k) => k + 1);

/**
 * Deterministic, plausible sizes (the articles give none per community): residents vary with the
 * division's index and the place's number, households follow from an average household size.
 */
export function sizing(rule: { base: number; range: number; stride: number; step: number; perHousehold: number }) {
  return (division: number, n: number) => {
    const population = rule.base + ((division * rule.stride + n) * rule.step) % rule.range;
    return { population, households: Math.round(population / rule.perHousehold) };
  };
}

/** District first, then each division followed by its places: parents always precede children. */
export function regionTree(district: { code: string; name: string }, divisions: Division[]): Region[] {
  const out: Region[] = [{ code: district.code, name: district.name, level: 'DISTRICT' }];
  for (const division of divisions) {
    const code = childCode(district.code, division.serial);
    out.push({ code, name: division.name, level: division.level });
    for (const p of division.places) out.push({ code: childCode(code, p.serial), name: p.name, level: p.level, population: p.population, households: p.households });
  }
  return out;
}

/** Concurrent writes per step: enough to keep five services busy on two cores, no more. */
export const CONCURRENCY = 8;

/** One at a time, in tree order: self-governance refuses a region whose parent it has not registered. */
export async function registerRegions(client: SubgraphClient, dataset: string, regions: Region[], log: (line: string) => void): Promise<void> {
  for (const region of regions) await op.registerRegion(client, { ...region });
  log(`${dataset}: ${regions.length} regions`);
}

/** Imports in calls of at most 1,000 records, one after another; the ids come back in record order. */
export async function importOrganizationsInBatches(client: SubgraphClient, records: Record<string, unknown>[]): Promise<string[]> {
  const ids: string[] = [];
  for (const batch of op.batches(records, 1000)) ids.push(...(await op.importOrganizations(client, batch)));
  return ids;
}

/** A progress reporter for `inPool`: "<dataset>: <step> done/total". */
export const progress = (dataset: string, log: (line: string) => void) => (step: string) => (done: number, total: number) => log(`${dataset}: ${step} ${done}/${total}`);
