import { describe, expect, it } from 'vitest';
import { checkAward, checkFits, fenFromSum, fenToYuan, parseFen } from '../../src/domain/money.ts';
import { refusedWith } from '@sanshe/testing/refusal';

function refusal(fn: () => unknown) {
  const error = refusedWith(fn);
  return { code: error.code, field: error.field, extensions: error.extensions };
}

describe('parseFen', () => {
  it('accepts safe whole numbers of fen ≥ 0, unchanged', () => {
    expect(parseFen(0, 'input.budgetFen')).toBe(0);
    expect(parseFen(1, 'input.budgetFen')).toBe(1);
    expect(parseFen(300_000, 'input.budgetFen')).toBe(300_000);
    expect(parseFen(Number.MAX_SAFE_INTEGER, 'input.budgetFen')).toBe(Number.MAX_SAFE_INTEGER);
  });

  it.each([
    ['a float', 1.5],
    ['a tiny fraction', 100.0000001],
    ['a negative', -1],
    ['negative zero point five', -0.5],
    ['a numeric string', '100'],
    ['an empty string', ''],
    ['an unsafe integer', Number.MAX_SAFE_INTEGER + 1],
    ['2^60', 2 ** 60],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['a bigint', 100n],
    ['null', null],
    ['undefined', undefined],
    ['an object', { fen: 1 }],
  ] as const)('refuses %s, naming the field', (_label, value) => {
    expect(refusal(() => parseFen(value, 'input.amountFen'))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.amountFen' });
  });

  it('refuses 0 where an amount must be positive', () => {
    expect(refusal(() => parseFen(0, 'input.amountFen', { positive: true }))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.amountFen' });
    expect(parseFen(1, 'input.amountFen', { positive: true })).toBe(1);
  });
});

describe('checkAward', () => {
  it('accepts an award that uses exactly the rest of the budget', () => {
    expect(() => checkAward(1_000_000, 400_000, 600_000)).not.toThrow();
    expect(() => checkAward(1_000_000, 0, 1_000_000)).not.toThrow();
    expect(() => checkAward(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER - 1, 1)).not.toThrow();
  });

  it('refuses one fen more, saying how much is left', () => {
    expect(refusal(() => checkAward(1_000_000, 400_000, 600_001))).toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
      field: 'input.amountFen',
      extensions: { availableFen: 600_000 },
    });
    expect(refusal(() => checkAward(1_000_000, 1_000_000, 1)).extensions.availableFen).toBe(0);
    expect(refusal(() => checkAward(0, 0, 1)).code).toBe('INSUFFICIENT_FUNDS');
  });
});

describe('fenFromSum', () => {
  it('reads Postgres bigint sums exactly and refuses sums beyond 2^53', () => {
    expect(fenFromSum('1000000')).toBe(1_000_000);
    expect(fenFromSum(42)).toBe(42);
    expect(fenFromSum(null)).toBe(0);
    expect(() => fenFromSum('9007199254740993')).toThrow(/beyond exact arithmetic/);
  });
});

describe('checkFits', () => {
  it('accepts exactly what is left and refuses one fen more, naming the limit', () => {
    expect(() => checkFits(500, 500, 'input.amountFen', 'fund')).not.toThrow();
    expect(() => checkFits(0, 0, 'input.amountFen', 'grant')).not.toThrow();
    expect(refusal(() => checkFits(500, 501, 'input.amountFen', 'round'))).toMatchObject({
      code: 'INSUFFICIENT_FUNDS',
      field: 'input.amountFen',
      extensions: { availableFen: 500, scope: 'round' },
    });
  });
});

describe('fenToYuan', () => {
  it('turns integer fen into yuan with at most two decimals, exactly', () => {
    expect(fenToYuan(0)).toBe(0);
    expect(fenToYuan(1)).toBe(0.01);
    expect(fenToYuan(10)).toBe(0.1);
    expect(fenToYuan(99)).toBe(0.99);
    expect(fenToYuan(100)).toBe(1);
    expect(fenToYuan(123_456)).toBe(1234.56);
    expect(fenToYuan(-123_456)).toBe(-1234.56);
    // 0.1 + 0.2 style drift never appears: the decimal is built from the integer, not by division.
    expect(JSON.stringify(fenToYuan(30))).toBe('0.3');
    expect(JSON.stringify(fenToYuan(800_000_000))).toBe('8000000');
    // Exact (prints back as the same decimal) up to 10^15 fen.
    expect(JSON.stringify(fenToYuan(999_999_999_999_999))).toBe('9999999999999.99');
  });

  it('refuses what is not a whole number of fen', () => {
    expect(() => fenToYuan(1.5)).toThrow();
    expect(() => fenToYuan(Number.MAX_SAFE_INTEGER + 1)).toThrow();
  });
});
