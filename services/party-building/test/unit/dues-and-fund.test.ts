import { describe, expect, it } from 'vitest';
import { refusal } from '@sanshe/testing/refusal';
import { checkDuesYear, duesRebateFen, FULL_REBATE_BELOW_MEMBERS, qualifiesForFullRebate } from '../../src/domain/dues.ts';
import { checkBasisPoints, DEFAULT_FUND_SHARE_BP, earmarkFen } from '../../src/domain/fund-share.ts';
import { coveredPermille } from '../../src/domain/coverage.ts';
import { districtDate, districtYear } from '@sanshe/service-kit';

describe('party dues rebate (seed 000: 党员数10人以下的联合党支部 全额返拨)', () => {
  const members = (fullMembers: number, probationaryMembers: number) => ({ fullMembers, probationaryMembers });

  it('a joint branch of 9 party members gets everything back; of 10, nothing', () => {
    expect(FULL_REBATE_BELOW_MEMBERS).toBe(10);
    expect(duesRebateFen('joint_branch', members(9, 0), 123_456)).toBe(123_456);
    expect(duesRebateFen('joint_branch', members(10, 0), 123_456)).toBe(0);
    expect(duesRebateFen('joint_branch', members(3, 0), 50_00)).toBe(50_00);
  });

  it('counts probationary members as party members: 7 + 2 = 9 qualifies, 7 + 3 = 10 does not', () => {
    expect(qualifiesForFullRebate('joint_branch', members(7, 2))).toBe(true);
    expect(qualifiesForFullRebate('joint_branch', members(7, 3))).toBe(false);
    expect(duesRebateFen('joint_branch', members(7, 3), 9_999)).toBe(0);
  });

  it('only joint branches: a small ordinary branch keeps paying', () => {
    for (const kind of ['branch', 'general_branch', 'community_committee', 'street_working_committee'] as const) {
      expect(duesRebateFen(kind, members(3, 0), 10_000)).toBe(0);
    }
  });

  it('no dues, no rebate', () => {
    expect(duesRebateFen('joint_branch', members(4, 0), 0)).toBe(0);
  });

  it('a dues year is a year that has begun in Beijing time, from 1990', () => {
    // 2025-12-31T16:30Z is already 2026-01-01 00:30 in Baotou.
    const newYearInBaotou = new Date('2025-12-31T16:30:00Z');
    expect(districtYear(newYearInBaotou)).toBe(2026);
    expect(districtDate(newYearInBaotou)).toBe('2026-01-01');
    expect(() => checkDuesYear(2026, newYearInBaotou)).not.toThrow();
    expect(refusal(() => checkDuesYear(2026, new Date('2025-12-31T15:30:00Z')))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.year' });
    expect(() => checkDuesYear(1990, newYearInBaotou)).not.toThrow();
    expect(refusal(() => checkDuesYear(1989, newYearInBaotou)).code).toBe('BAD_USER_INPUT');
    expect(refusal(() => checkDuesYear(2020.5, newYearInBaotou)).code).toBe('BAD_USER_INPUT');
  });
});

describe('party service fund share (seed 003: Shuguang street, 3 %)', () => {
  it('defaults to 300 basis points', () => {
    expect(DEFAULT_FUND_SHARE_BP).toBe(300);
    expect(earmarkFen(1_000_000_00, DEFAULT_FUND_SHARE_BP)).toBe(3_000_000);
  });

  it('rounds down to the fen: 3 % of 33 fen is 0, of 34 fen is 1, of 100 fen is 3', () => {
    expect(earmarkFen(33, 300)).toBe(0);
    expect(earmarkFen(34, 300)).toBe(1);
    expect(earmarkFen(66, 300)).toBe(1);
    expect(earmarkFen(67, 300)).toBe(2);
    expect(earmarkFen(100, 300)).toBe(3);
    expect(earmarkFen(0, 300)).toBe(0);
  });

  it('0 bp earmarks nothing, 10,000 bp everything', () => {
    expect(earmarkFen(987_654, 0)).toBe(0);
    expect(earmarkFen(987_654, 10_000)).toBe(987_654);
    expect(earmarkFen(987_654, 1)).toBe(98);
  });

  it('stays exact where fund × basis points passes 2^53', () => {
    const fund = Number.MAX_SAFE_INTEGER; // 9,007,199,254,740,991 fen
    expect(earmarkFen(fund, 300)).toBe(270_215_977_642_229); // ⌊fund × 3 / 100⌋
    expect(earmarkFen(fund, 10_000)).toBe(fund);
  });

  it('refuses shares outside 0–10,000 bp and funds that are not whole fen', () => {
    expect(refusal(() => checkBasisPoints(-1))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.basisPoints' });
    expect(refusal(() => checkBasisPoints(10_001))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.basisPoints' });
    expect(refusal(() => checkBasisPoints(2.5)).code).toBe('BAD_USER_INPUT');
    expect(() => checkBasisPoints(0)).not.toThrow();
    expect(() => checkBasisPoints(10_000)).not.toThrow();
    expect(refusal(() => earmarkFen(10.5, 300))).toEqual({ code: 'BAD_USER_INPUT', field: 'fundFen' });
    expect(refusal(() => earmarkFen(-1, 300)).code).toBe('BAD_USER_INPUT');
  });
});

describe('coverage share', () => {
  it('is per mille, rounded down, and null with nothing to cover', () => {
    expect(coveredPermille(0, 0)).toBeNull();
    expect(coveredPermille(0, 5)).toBe(0);
    expect(coveredPermille(41, 71)).toBe(577); // Shuguang: 41 party organizations over 71 organizations (seed 003)
    expect(coveredPermille(1999, 2000)).toBe(999); // never shows 1000 ‰ before every organization is covered
    expect(coveredPermille(2, 3)).toBe(666);
    expect(coveredPermille(7, 7)).toBe(1000);
  });
});
