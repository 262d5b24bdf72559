import { describe, expect, it } from 'vitest';
import { maskIdNumber, maskName, maskPhone } from '@sanshe/service-kit';
import { refusal } from '@sanshe/testing/refusal';
import {
  idNumberCheckDigit,
  isChineseMobile,
  isResidentIdNumber,
  parseIdNumber,
  parseMobile,
  parsePerson,
} from '../../src/domain/personal-data.ts';

/** Builds a valid number from 17 digits, so tests need no real person's ID. */
const withCheck = (first17: string) => first17 + idNumberCheckDigit(first17);

describe('resident ID numbers (GB 11643-1999)', () => {
  it('computes the check digit of the standard’s own example and of numbers ending in every check character', () => {
    expect(idNumberCheckDigit('11010519491231002')).toBe('X');
    expect(idNumberCheckDigit('44052418800101001')).toBe('4');
    const checks = new Set<string>();
    for (let sequence = 0; sequence < 200 && checks.size < 11; sequence += 1) {
      checks.add(idNumberCheckDigit(`150204198807${String(10 + (sequence % 18)).padStart(2, '0')}${String(sequence).padStart(3, '0')}`));
    }
    expect([...checks].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']);
  });

  it('accepts a number whose check digit, birth date and address code are right', () => {
    expect(isResidentIdNumber('11010519491231002X')).toBe(true);
    expect(isResidentIdNumber(withCheck('15020419880715123'))).toBe(true);
    expect(parseIdNumber(' 11010519491231002x ', 'f')).toBe('11010519491231002X');
  });

  it.each([
    ['a wrong check digit', '110105194912310021'],
    ['17 characters', '11010519491231002'],
    ['19 characters', '11010519491231002X1'],
    ['a letter inside', '1101051949123100AX'],
    ['no 2月30日', withCheck('15020419880230123')],
    ['month 13', withCheck('15020419881301123')],
    ['born in the future', withCheck('15020421990101123')],
    ['born before 1900', withCheck('15020418991231123')],
    ['address code starting 0', withCheck('05020419880715123')],
  ])('refuses %s', (_why, value) => {
    expect(isResidentIdNumber(value, new Date('2025-01-01T00:00:00Z'))).toBe(false);
  });

  it('names the field when refusing', () => {
    expect(refusal(() => parseIdNumber('110105194912310021', 'input.parties.1.idNumber'))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.parties.1.idNumber',
    });
  });
});

describe('mobile numbers', () => {
  it.each(['13812345678', '19912345678', '15047231234'])('accepts %s', (value) => expect(isChineseMobile(value)).toBe(true));
  it.each(['1381234567', '138123456789', '23812345678', '12012345678', '1381234567a', ''])('refuses %s', (value) =>
    expect(isChineseMobile(value)).toBe(false),
  );

  it('forgives spaces, hyphens and the country code, and stores 11 digits', () => {
    expect(parseMobile('138 1234-5678', 'f')).toBe('13812345678');
    expect(parseMobile('+86 13812345678', 'f')).toBe('13812345678');
    expect(refusal(() => parseMobile('010-62345678', 'input.reporter.phone'))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.reporter.phone' });
  });

  it('reads a person: a name of 1–50 characters, a phone optional', () => {
    expect(parsePerson({ name: ' 王秀英 ', phone: '' }, 'input.leader')).toEqual({ name: '王秀英', phone: null });
    expect(refusal(() => parsePerson({ name: ' ' }, 'input.leader')).field).toBe('input.leader.name');
  });
});

describe('masking', () => {
  it('masks names, phones and ID numbers the way every service does', () => {
    expect(maskName('王秀英')).toBe('王**');
    expect(maskName('阿依古丽·买买提')).toBe('阿*******');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
  });
});
