import { describe, expect, it } from 'vitest';
import {
  CREDIT_CODE_ALPHABET,
  creditCodeCheckCharacter,
  creditCodeProblem,
} from '../../src/domain/credit-code.ts';
import { parseFileInput, parseRegisterInput } from '../../src/domain/organization-rules.ts';
import { creditCodeBody, validCreditCode } from '../factories/organizations.ts';
import { refusedWith } from '@sanshe/testing/refusal';

/** GB 32100-2015 written out independently: weights 3^i mod 31, check = 31 − (Σ mod 31), 31 → 0. */
function referenceCheckCharacter(first17: string): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let sum = 0;
  let weight = 1;
  for (const ch of first17) {
    sum += alphabet.indexOf(ch) * weight;
    weight = (weight * 3) % 31;
  }
  return alphabet[(31 - (sum % 31)) % 31]!;
}

function refusal(fn: () => unknown) {
  const error = refusedWith(fn);
  return { code: error.code, field: error.field, reason: error.extensions.reason };
}

const replaceAt = (code: string, i: number, ch: string) => code.slice(0, i) + ch + code.slice(i + 1);

describe('unified social credit code', () => {
  it('uses the 31-character alphabet without I, O, S, V and Z', () => {
    expect(CREDIT_CODE_ALPHABET).toHaveLength(31);
    for (const ch of 'IOSVZ') expect(CREDIT_CODE_ALPHABET).not.toContain(ch);
  });

  it('computes the check character as GB 32100 defines it', () => {
    for (let n = 0; n < 200; n += 1) {
      const first17 = creditCodeBody(String('1239'[n % 4]));
      expect(creditCodeCheckCharacter(first17)).toBe(referenceCheckCharacter(first17));
    }
    // Fixed inputs, so a change of weights or alphabet cannot hide behind random data.
    expect(creditCodeCheckCharacter('51150204MJ0000000')).toBe(referenceCheckCharacter('51150204MJ0000000'));
    expect(creditCodeCheckCharacter('00000000000000000')).toBe('0');
    expect(creditCodeCheckCharacter('10000000000000000')).toBe('Y'); // 31 − 1 = 30 → Y
  });

  it('accepts generated codes of every civil-affairs kind, with and without a legal form', () => {
    for (let n = 0; n < 50; n += 1) {
      expect(creditCodeProblem(validCreditCode('1'))).toBeNull();
      expect(creditCodeProblem(validCreditCode('1'), 'social_group')).toBeNull();
      expect(creditCodeProblem(validCreditCode('2'), 'social_service_agency')).toBeNull();
      expect(creditCodeProblem(validCreditCode('3'), 'foundation')).toBeNull();
      // 9 ("other") is accepted for every legal form.
      expect(creditCodeProblem(validCreditCode('9'), 'foundation')).toBeNull();
    }
  });

  it('detects every single-character substitution at every position of a valid code', () => {
    const invalidChars = ['I', 'O', 'S', 'V', 'Z', 'a', 'y', '-', ' ', '社'];
    for (let sample = 0; sample < 5; sample += 1) {
      const code = validCreditCode(String('1239'[sample % 4]));
      expect(creditCodeProblem(code)).toBeNull();
      for (let i = 0; i < 18; i += 1) {
        for (const ch of CREDIT_CODE_ALPHABET) {
          if (ch === code[i]) continue;
          // Every weight is coprime with 31, so any change of one character changes the sum mod 31.
          expect(creditCodeProblem(replaceAt(code, i, ch)), `${code} with ${ch} at ${i + 1}`).toBe('check_character');
        }
        for (const ch of invalidChars) {
          expect(creditCodeProblem(replaceAt(code, i, ch)), `${code} with ${ch} at ${i + 1}`).toBe('alphabet');
        }
      }
    }
  });

  it('refuses a wrong length', () => {
    const code = validCreditCode();
    expect(creditCodeProblem(code.slice(0, 17))).toBe('length');
    expect(creditCodeProblem(`${code}0`)).toBe('length');
    expect(creditCodeProblem('')).toBe('length');
  });

  it.each(['I', 'O', 'S', 'V', 'Z'])('refuses the letter %s anywhere, even in the check position', (letter) => {
    const code = validCreditCode();
    expect(creditCodeProblem(replaceAt(code, 10, letter))).toBe('alphabet');
    expect(creditCodeProblem(replaceAt(code, 17, letter))).toBe('alphabet');
    expect(() => creditCodeCheckCharacter(replaceAt(code.slice(0, 17), 3, letter))).toThrow(/not a credit-code character/);
  });

  it('refuses a code not issued by civil affairs (first character not 5)', () => {
    for (const authority of ['1', '9', 'Y']) {
      const first17 = authority + creditCodeBody('1').slice(1);
      const code = first17 + creditCodeCheckCharacter(first17);
      expect(creditCodeProblem(code)).toBe('not_civil_affairs');
    }
  });

  it('refuses a second character that does not match the legal form', () => {
    expect(creditCodeProblem(validCreditCode('1'), 'foundation')).toBe('legal_form_mismatch');
    expect(creditCodeProblem(validCreditCode('3'), 'social_group')).toBe('legal_form_mismatch');
    expect(creditCodeProblem(validCreditCode('2'), 'social_group')).toBe('legal_form_mismatch');
    expect(creditCodeProblem(validCreditCode('1'), 'social_service_agency')).toBe('legal_form_mismatch');
    // Without a legal form the kind is not checked.
    expect(creditCodeProblem(validCreditCode('3'))).toBeNull();
  });
});

describe('organization input', () => {
  const register = (creditCode: string, legalForm = 'social_group') =>
    parseRegisterInput({
      name: '青山区志愿者协会',
      communityCode: '150204001001',
      category: 'community_service',
      serviceFields: ['elderly', 'elderly', 'youth'],
      legalForm,
      creditCode,
    });

  it('normalises a credit code to capitals and trims it, and drops repeated service fields', () => {
    const code = validCreditCode('1');
    const parsed = register(`  ${code.toLowerCase()} `);
    expect(parsed.creditCode).toBe(code);
    expect(parsed.serviceFields).toEqual(['elderly', 'youth']);
    expect(parsed.staffCount).toBe(0);
  });

  it('names input.creditCode and the reason when the credit code is refused', () => {
    const code = validCreditCode('1');
    const wrongCheck = replaceAt(code, 17, code[17] === '0' ? '1' : '0');
    expect(refusal(() => register(wrongCheck))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.creditCode', reason: 'check_character' });
    expect(refusal(() => register(code, 'foundation'))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.creditCode',
      reason: 'legal_form_mismatch',
    });
    expect(refusal(() => register(code.slice(1))).reason).toBe('length');
  });

  it('names the field of other bad input', () => {
    const base = { name: '互助会', communityCode: '150204001001', category: 'charity', serviceFields: [], filingNumber: 'F-1' };
    expect(refusal(() => parseFileInput({ ...base, name: ' x ' })).field).toBe('input.name');
    expect(refusal(() => parseFileInput({ ...base, communityCode: '150204001' })).field).toBe('input.communityCode');
    expect(refusal(() => parseFileInput({ ...base, filingNumber: '  ' })).field).toBe('input.filingNumber');
    expect(refusal(() => parseFileInput({ ...base, staffCount: -1 })).field).toBe('input.staffCount');
    expect(refusal(() => parseFileInput({ ...base, category: 'sports' })).field).toBe('input.category');
  });
});
