import { readFileSync } from 'node:fs';
import { Kind, parse, type EnumTypeDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DomainError, MAX_STATISTICS_REGIONS } from '@sanshe/service-kit';
import { MICRO_PROJECT_CATEGORIES } from '../../src/db/schema.ts';
import { emptyFigures, figuresByRegion, statisticsKeysFor } from '../../src/domain/region-statistics.ts';

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return { code: (error as DomainError).code, field: (error as DomainError).field };
  }
  throw new Error('expected a refusal');
};

describe('statisticsKeysFor', () => {
  it('keeps the order first asked and answers a duplicate once', () => {
    const keys = statisticsKeysFor(['150204001', '150204', '150204001', '150204001001'], '2016-01-01', '2016-12-31');
    expect(keys.map((k) => k.id)).toEqual(['150204001@2016-01-01..2016-12-31', '150204@2016-01-01..2016-12-31', '150204001001@2016-01-01..2016-12-31']);
    // District-local days: 2016-01-01 00:00 +08:00 to 2017-01-01 00:00 +08:00.
    expect(keys[0]!.startsAt.toISOString()).toBe('2015-12-31T16:00:00.000Z');
    expect(keys[0]!.endsAt.toISOString()).toBe('2016-12-31T16:00:00.000Z');
  });

  it('refuses malformed codes by `codes`, bad periods by `from`/`to`, and too many regions', () => {
    expect(refusal(() => statisticsKeysFor(['1502041'], '2016-01-01', '2016-12-31'))).toEqual({ code: 'BAD_USER_INPUT', field: 'codes' });
    expect(refusal(() => statisticsKeysFor(['150204'], '2016-13-01', '2016-12-31'))).toEqual({ code: 'BAD_USER_INPUT', field: 'from' });
    expect(refusal(() => statisticsKeysFor([], '2016-01-01', '2015-12-31'))).toEqual({ code: 'BAD_USER_INPUT', field: 'to' });
    const many = Array.from({ length: MAX_STATISTICS_REGIONS + 1 }, (_, i) => String(100000 + i));
    expect(refusal(() => statisticsKeysFor(many, '2016-01-01', '2016-12-31'))).toEqual({ code: 'BAD_USER_INPUT', field: 'codes' });
    // Duplicates do not count towards the limit.
    expect(statisticsKeysFor([...many.slice(0, MAX_STATISTICS_REGIONS), many[0]!], '2016-01-01', '2016-12-31')).toHaveLength(MAX_STATISTICS_REGIONS);
  });
});

describe('figuresByRegion', () => {
  it('gives every region asked for every figure — zeros where there were no rows — and every stage in order', () => {
    const figures = figuresByRegion(
      ['150204', '150205'],
      [
        { code: '150204', figure: 'needsReported', n: 7 },
        { code: '150204', figure: 'proposals:rejected', n: 2 },
        { code: '150204', figure: 'proposals:proposed', n: 3 },
        { code: '150204', figure: 'population', n: 26100 },
        { code: '150299', figure: 'needsReported', n: 99 },
        { code: '150204', figure: 'somethingElse', n: 5 },
      ],
    );
    expect([...figures.keys()]).toEqual(['150204', '150205']);
    expect(figures.get('150205')).toEqual(emptyFigures());
    const district = figures.get('150204')!;
    expect(district).toMatchObject({ needsReported: 7, population: 26100, needsFulfilled: 0, microProjectCategories: 0 });
    expect(district.proposalsByStage).toEqual([
      { stage: 'proposed', count: 3 },
      { stage: 'joint_reviewed', count: 0 },
      { stage: 'deliberated', count: 0 },
      { stage: 'resolved', count: 0 },
      { stage: 'evaluated', count: 0 },
      { stage: 'rejected', count: 2 },
    ]);
    expect(district).not.toHaveProperty('somethingElse');
  });

  it('never shares one zero object between regions', () => {
    const figures = figuresByRegion(['150204', '150205'], [{ code: '150204', figure: 'proposals:proposed', n: 1 }]);
    expect(figures.get('150205')!.proposalsByStage[0]!.count).toBe(0);
  });
});

describe('micro-project categories', () => {
  it('are the 13 categories (13大类) of seed 000, in the schema and in the database alike', () => {
    const document = parse(readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8'));
    const enumType = document.definitions.find((d): d is EnumTypeDefinitionNode => d.kind === Kind.ENUM_TYPE_DEFINITION && d.name.value === 'MicroProjectCategory');
    const values = enumType!.values!.map((v) => v.name.value);
    expect(values).toHaveLength(13);
    expect(new Set(values).size).toBe(13);
    expect(values).toEqual(MICRO_PROJECT_CATEGORIES.map((c) => c.toUpperCase()));
  });
});
