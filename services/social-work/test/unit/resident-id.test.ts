import { describe, expect, it } from 'vitest';
import { isMobileNumber, isValidResidentId, residentIdCheckCharacter } from '../../src/domain/resident-id.ts';

const TODAY = new Date('2024-06-01T00:00:00Z');

describe('resident ID numbers (GB 11643)', () => {
  it('computes the check character, X for 10', () => {
    // The standard's own example.
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X');
    expect(residentIdCheckCharacter('44052418800101001')).toBe('4');
    expect(() => residentIdCheckCharacter('1101051949123100')).toThrow(RangeError);
  });

  it('accepts a well-formed number and refuses a wrong check character', () => {
    expect(isValidResidentId('11010519491231002X', TODAY)).toBe(true);
    const first17 = '15020419850612003';
    const check = residentIdCheckCharacter(first17);
    expect(isValidResidentId(first17 + check, TODAY)).toBe(true);
    expect(isValidResidentId('110105194912310021', TODAY)).toBe(false);
    for (const wrong of '0123456789X'.replace(check, '')) expect(isValidResidentId(first17 + wrong, TODAY), wrong).toBe(false);
  });

  it('refuses wrong lengths, lower-case x, letters, and impossible or future birth dates', () => {
    const withCheck = (first17: string) => first17 + residentIdCheckCharacter(first17);
    expect(isValidResidentId('11010519491231002x', TODAY)).toBe(false);
    expect(isValidResidentId('11010519491231002', TODAY)).toBe(false);
    expect(isValidResidentId('11010519491231002XX', TODAY)).toBe(false);
    expect(isValidResidentId('1101051949123100AX', TODAY)).toBe(false);
    expect(isValidResidentId(withCheck('15020419900230123'), TODAY)).toBe(false); // 30 February
    expect(isValidResidentId(withCheck('15020419901301123'), TODAY)).toBe(false); // month 13
    expect(isValidResidentId(withCheck('15020420240602123'), TODAY)).toBe(false); // born tomorrow
    expect(isValidResidentId(withCheck('15020418991231123'), TODAY)).toBe(false); // before 1900
    expect(isValidResidentId(withCheck('15020420000229123'), TODAY)).toBe(true); // leap day
  });
});

describe('mobile numbers', () => {
  it('are 11 digits starting 13–19', () => {
    expect(isMobileNumber('13812345678')).toBe(true);
    expect(isMobileNumber('19912345678')).toBe(true);
    for (const bad of ['12812345678', '1381234567', '138123456789', '+8613812345678', '138-1234-5678', '0471123456']) {
      expect(isMobileNumber(bad), bad).toBe(false);
    }
  });
});
