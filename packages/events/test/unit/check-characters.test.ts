import { describe, expect, it } from 'vitest';
import { CREDIT_CODE_ALPHABET, creditCodeCheckCharacter, residentIdCheckCharacter } from '../../src/index.ts';

describe('resident ID check character (GB 11643)', () => {
  it('gives the check character of known valid numbers', () => {
    expect(residentIdCheckCharacter('11010519491231002')).toBe('X'); // 11010519491231002X
    expect(residentIdCheckCharacter('44052418800101001')).toBe('4'); // 440524188001010014
    expect(residentIdCheckCharacter('15020419850612003')).toBe('0'); // 150204198506120030
  });

  it('maps Σ mod 11 through 1 0 X 9 8 7 6 5 4 3 2', () => {
    expect(residentIdCheckCharacter('00000000000000000')).toBe('1'); // Σ = 0
    expect(residentIdCheckCharacter('00000000000000001')).toBe('X'); // Σ = 2 (the last weight)
    expect(residentIdCheckCharacter('10000000000000000')).toBe('5'); // Σ = 7 (the first weight)
  });

  it('catches every single-digit change', () => {
    const first17 = '11010519491231002';
    for (let i = 0; i < 17; i += 1) {
      for (const digit of '0123456789') {
        if (digit === first17[i]) continue;
        expect(residentIdCheckCharacter(first17.slice(0, i) + digit + first17.slice(i + 1))).not.toBe('X');
      }
    }
  });

  it('refuses anything but 17 digits', () => {
    for (const bad of ['1101051949123100', '110105194912310021', '1101051949123100X', '']) {
      expect(() => residentIdCheckCharacter(bad)).toThrow(RangeError);
    }
  });
});

describe('unified social credit code check character (GB 32100)', () => {
  it('gives the check character of known valid codes', () => {
    expect(creditCodeCheckCharacter('91350100M000100Y4')).toBe('3'); // 91350100M000100Y43
    expect(creditCodeCheckCharacter('00000000000000000')).toBe('0'); // Σ = 0: 31 − 0 = 31 → 0
    expect(creditCodeCheckCharacter('10000000000000000')).toBe('Y'); // Σ = 1: 31 − 1 = 30 → Y
    expect(creditCodeCheckCharacter('00000000000000001')).toBe('3'); // Σ = 28 (the last weight): 31 − 28 = 3
  });

  it('uses the 31-character alphabet without I, O, S, V and Z', () => {
    expect(CREDIT_CODE_ALPHABET).toHaveLength(31);
    expect(new Set(CREDIT_CODE_ALPHABET).size).toBe(31);
    for (const ch of 'IOSVZ') expect(CREDIT_CODE_ALPHABET).not.toContain(ch);
  });

  it('catches every single-character change', () => {
    const first17 = '91350100M000100Y4';
    for (let i = 0; i < 17; i += 1) {
      for (const ch of CREDIT_CODE_ALPHABET) {
        if (ch === first17[i]) continue;
        expect(creditCodeCheckCharacter(first17.slice(0, i) + ch + first17.slice(i + 1))).not.toBe('3');
      }
    }
  });

  it('refuses characters outside the alphabet and lengths other than 17', () => {
    for (const ch of ['I', 'O', 'S', 'V', 'Z', 'a', '-']) {
      expect(() => creditCodeCheckCharacter(`91350100M000100Y${ch}`)).toThrow(/not a credit-code character/);
    }
    expect(() => creditCodeCheckCharacter('91350100M000100Y')).toThrow(RangeError);
    expect(() => creditCodeCheckCharacter('91350100M000100Y43')).toThrow(RangeError);
  });
});
