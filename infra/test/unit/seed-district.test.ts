import { describe, expect, it } from 'vitest';
import { qingshanRegions } from '../../src/demo/qingshan.ts';
import { nanguanRegions } from '../../src/datasets/nanguan-plan.ts';
import { importOrganizationsInBatches, registerRegions, regionTree, type Region } from '../../src/datasets/seed-district.ts';
import type { SubgraphClient } from '../../src/datasets/subgraph-client.ts';

// Pins what the shared region-tree builder produces for both districts: the values were those of the
// two separate builders it replaced, so a change here changes the loaded datasets' regions.
const byLevel = (regions: Region[]) => Object.fromEntries(['DISTRICT', 'STREET', 'TOWNSHIP', 'COMMUNITY', 'VILLAGE'].map((l) => [l, regions.filter((r) => r.level === l).length]));
const sum = (regions: Region[], key: 'population' | 'households') => regions.reduce((s, r) => s + (r[key] ?? 0), 0);
const parentsFirst = (regions: Region[]) => regions.every((r, i) => r.level === 'DISTRICT' || regions.slice(0, i).some((p) => p.code === r.code.slice(0, r.code.length - 3)));

/** Records each mutation; imports answer one id per record. */
function fakeClient() {
  const calls: { field: string; variables: Record<string, unknown> }[] = [];
  let id = 0;
  const client = {
    async mutate(_service: string, query: string, variables: Record<string, unknown>) {
      const field = /\{\s*(\w+)\(/.exec(query)![1]!;
      calls.push({ field, variables });
      const records = (variables.input as { records?: unknown[] }).records ?? [];
      return { [field]: { code: 'x', ids: records.map(() => `id-${++id}`) } };
    },
  };
  return { client: client as unknown as SubgraphClient, calls };
}

describe('Qingshan region tree (seed 000)', () => {
  const regions = qingshanRegions();
  it('has 8 streets with 53 communities and 2 towns with 21 villages, parents first', () => {
    expect(regions).toHaveLength(85);
    expect(byLevel(regions)).toEqual({ DISTRICT: 1, STREET: 8, TOWNSHIP: 2, COMMUNITY: 53, VILLAGE: 21 });
    expect(parentsFirst(regions)).toBe(true);
  });
  it('keeps its codes, names and sizes', () => {
    expect(regions.slice(0, 3)).toEqual([
      { code: '150204', name: '青山区', level: 'DISTRICT' },
      { code: '150204001', name: '万青路街道', level: 'STREET' },
      { code: '150204001001', name: '万青路第1社区', level: 'COMMUNITY', population: 5373, households: 2067 },
    ]);
    expect(regions.find((r) => r.code === '150204100201')).toEqual({ code: '150204100201', name: '兴胜1村', level: 'VILLAGE', population: 1131, households: 404 });
    expect(regions.at(-1)).toEqual({ code: '150204101210', name: '青福10村', level: 'VILLAGE', population: 1751, households: 625 });
    expect(regions.filter((r) => r.level === 'TOWNSHIP').map((r) => r.code)).toEqual(['150204100', '150204101']);
    expect([sum(regions, 'population'), sum(regions, 'households')]).toEqual([456_738, 174_590]);
  });
});

describe('Nanguan region tree (seed 003)', () => {
  const regions = nanguanRegions();
  it('has 12 streets with 59 communities, 鸿城村 and one township, parents first', () => {
    expect(regions).toHaveLength(74);
    expect(byLevel(regions)).toEqual({ DISTRICT: 1, STREET: 12, TOWNSHIP: 1, COMMUNITY: 59, VILLAGE: 1 });
    expect(parentsFirst(regions)).toBe(true);
  });
  it('keeps its codes, names and sizes, the township last', () => {
    expect(regions.slice(0, 3)).toEqual([
      { code: '220102', name: '南关区', level: 'DISTRICT' },
      { code: '220102001', name: '南岭街道', level: 'STREET' },
      { code: '220102001001', name: '南岭1社区', level: 'COMMUNITY', population: 6977, households: 2584 },
    ]);
    expect(regions.find((r) => r.level === 'VILLAGE')).toEqual({ code: '220102010201', name: '鸿城村', level: 'VILLAGE', population: 1800, households: 650 });
    expect(regions.at(-1)).toEqual({ code: '220102100', name: '幸福乡', level: 'TOWNSHIP' });
    expect([sum(regions, 'population'), sum(regions, 'households')]).toEqual([618_090, 228_905]);
  });
});

describe('shared loading', () => {
  it('builds codes as parent plus three digits', () => {
    const tree = regionTree({ code: '110101', name: 'D' }, [{ serial: 2, name: 'S', level: 'STREET', places: [{ serial: 7, name: 'C', level: 'COMMUNITY', population: 10, households: 4 }] }]);
    expect(tree.map((r) => r.code)).toEqual(['110101', '110101002', '110101002007']);
  });
  it('registers regions one by one in tree order, then logs the count', async () => {
    const { client, calls } = fakeClient();
    const lines: string[] = [];
    const regions = nanguanRegions();
    await registerRegions(client, 'nanguan', regions, (l) => lines.push(l));
    expect(calls.map((c) => (c.variables.input as Region).code)).toEqual(regions.map((r) => r.code));
    expect(lines).toEqual(['nanguan: 74 regions']);
  });
  it('imports organizations in calls of at most 1,000, ids in record order', async () => {
    const { client, calls } = fakeClient();
    const ids = await importOrganizationsInBatches(client, Array.from({ length: 2500 }, (_, i) => ({ name: `o${i}` })));
    expect(calls.map((c) => (c.variables.input as { records: unknown[] }).records.length)).toEqual([1000, 1000, 500]);
    expect(ids).toHaveLength(2500);
    expect([ids[0], ids[2499]]).toEqual(['id-1', 'id-2500']);
  });
});
