import { describe, expect, it } from 'vitest';
import { parentCodeOf, parseWithin, validateNewRegion } from '../../src/domain/regions.ts';
import { refusal } from '@sanshe/testing/refusal';

describe('region codes', () => {
  it('finds the parent by prefix', () => {
    expect(parentCodeOf('150204')).toBeNull();
    expect(parentCodeOf('150204001')).toBe('150204');
    expect(parentCodeOf('150204001002')).toBe('150204001');
  });

  it('places a community under its street and district', () => {
    expect(validateNewRegion({ code: '150204001002', name: '富强路社区', level: 'community' }, 'street')).toEqual({
      parentCode: '150204001',
      districtCode: '150204',
      streetCode: '150204001',
    });
    expect(validateNewRegion({ code: '150204100', name: '兴胜镇', level: 'township' }, 'district').streetCode).toBeNull();
  });

  it.each([
    ['1502', 'district', 'input.code'],
    ['15020A', 'district', 'input.code'],
    ['150204', 'street', 'input.level'],
    ['150204001', 'community', 'input.level'],
    ['150204001002', 'district', 'input.level'],
    ['150204000', 'street', 'input.code'],
  ] as const)('refuses code %s as a %s (field %s)', (code, level, field) => {
    expect(refusal(() => validateNewRegion({ code, name: 'x', level }, 'district'))).toEqual({ code: 'BAD_USER_INPUT', field });
  });

  it('refuses an orphan and a parent of the wrong level', () => {
    expect(refusal(() => validateNewRegion({ code: '150204001002', name: 'x', level: 'community' }, null))).toEqual({
      code: 'NOT_FOUND',
      field: 'input.code',
    });
    expect(refusal(() => validateNewRegion({ code: '150204001002', name: 'x', level: 'community' }, 'district')).code).toBe('RULE_VIOLATION');
  });

  it('refuses blank names and negative populations', () => {
    expect(refusal(() => validateNewRegion({ code: '150204', name: '  ', level: 'district' }, null)).field).toBe('input.name');
    expect(refusal(() => validateNewRegion({ code: '150204', name: '青山区', level: 'district', population: -1 }, null)).field).toBe(
      'input.population',
    );
  });

  it('reads `within` as a district or street', () => {
    expect(parseWithin('150204')).toEqual({ district: '150204' });
    expect(parseWithin('150204001')).toEqual({ street: '150204001' });
    expect(parseWithin(undefined)).toEqual({});
    expect(refusal(() => parseWithin('150204001002')).field).toBe('within');
  });
});
