import { describe, expect, it } from 'vitest';
import { DomainError } from '@sanshe/service-kit';
import { checkDuplicatesWithin, MAX_IMPORT_RECORDS, parseEffectiveAt, parseImportRecords } from '../../src/domain/import-rules.ts';
import { validCreditCode } from '../factories/organizations.ts';

const NOW = new Date('2025-06-15T04:00:00.000Z'); // 12:00 district time

const filed = (overrides: Record<string, unknown> = {}) => ({
  track: 'filed',
  name: '先锋道邻里互助会',
  communityCode: '150204001001',
  category: 'community_service',
  serviceFields: ['elderly'],
  filingNumber: '青先备-001',
  ...overrides,
});

const registered = (overrides: Record<string, unknown> = {}) => ({
  track: 'registered',
  name: '青山区社会工作服务中心',
  communityCode: '150204001001',
  category: 'community_service',
  serviceFields: ['elderly'],
  legalForm: 'social_service_agency',
  creditCode: validCreditCode('2'),
  ...overrides,
});

function refusal(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return { code: (error as DomainError).code, field: (error as DomainError).field };
  }
  throw new Error('expected a refusal');
}

describe('parseEffectiveAt', () => {
  it('is now when absent, a date means that day’s start in district time, a date-time keeps its instant', () => {
    expect(parseEffectiveAt(null, 'at', NOW)).toBe(NOW);
    expect(parseEffectiveAt('2016-03-01', 'at', NOW).toISOString()).toBe('2016-02-29T16:00:00.000Z');
    expect(parseEffectiveAt('2016-03-01T09:30:00+08:00', 'at', NOW).toISOString()).toBe('2016-03-01T01:30:00.000Z');
  });

  it('refuses the future, nonsense and implausibly old times, naming the field', () => {
    for (const value of ['2025-06-16', '2025-06-15T12:00:01+08:00', 'yesterday', '2016-02-30', '1949-01-01', '2016-03-01T09:30:00']) {
      expect(refusal(() => parseEffectiveAt(value, 'input.records.3.at', NOW)), value).toEqual({ code: 'BAD_USER_INPUT', field: 'input.records.3.at' });
    }
  });
});

describe('parseImportRecords', () => {
  it('parses filed and registered records with the single mutations’ rules', () => {
    const code = validCreditCode('2');
    const [a, b] = parseImportRecords(
      [filed({ name: '  老年协会 ', serviceFields: ['elderly', 'elderly'], at: '2018-05-01' }), registered({ creditCode: code.toLowerCase(), grade: { score: 830, gradedOn: '2021-01-10' }, at: '2019-01-01' })],
      NOW,
    );
    expect(a).toMatchObject({ index: 0, track: 'filed', values: { name: '老年协会', serviceFields: ['elderly'], staffCount: 0 }, grade: null });
    expect(a!.at.toISOString()).toBe('2018-04-30T16:00:00.000Z');
    expect(b).toMatchObject({ index: 1, track: 'registered', values: { creditCode: code, filingNumber: null }, grade: { grade: 4, score: 830, gradedOn: '2021-01-10', validUntil: '2026-01-09' } });
  });

  it('dates a grade on the record’s day when gradedOn is absent', () => {
    const [r] = parseImportRecords([registered({ at: '2024-02-02T10:00:00+08:00', grade: { score: 905 } })], NOW);
    expect(r!.grade).toMatchObject({ grade: 5, gradedOn: '2024-02-02' });
  });

  it.each([
    ['a bad name', [filed(), filed({ name: 'x' })], 'BAD_USER_INPUT', 'input.records.1.name'],
    ['no filing number for FILED', [filed({ filingNumber: null })], 'BAD_USER_INPUT', 'input.records.0.filingNumber'],
    ['a credit code on a FILED record', [filed({ creditCode: validCreditCode() })], 'BAD_USER_INPUT', 'input.records.0.creditCode'],
    ['a grade on a FILED record', [filed({ grade: { score: 900 } })], 'RULE_VIOLATION', 'input.records.0.grade'],
    ['no legal form for REGISTERED', [registered({ legalForm: null })], 'BAD_USER_INPUT', 'input.records.0.legalForm'],
    ['a wrong check character', [filed(), filed(), registered({ creditCode: validCreditCode('2').slice(0, 17) + '#' })], 'BAD_USER_INPUT', 'input.records.2.creditCode'],
    ['a negative count', [registered({ memberCount: -1 })], 'BAD_USER_INPUT', 'input.records.0.memberCount'],
    ['a future at', [registered({ at: '2030-01-01' })], 'BAD_USER_INPUT', 'input.records.0.at'],
    ['a score earning no grade', [registered({ grade: { score: 420 } })], 'RULE_VIOLATION', 'input.records.0.grade.score'],
    ['a score out of range', [registered({ grade: { score: 1200 } })], 'BAD_USER_INPUT', 'input.records.0.grade.score'],
    ['a grade before the registration', [registered({ at: '2020-01-01', grade: { score: 800, gradedOn: '2019-12-31' } })], 'RULE_VIOLATION', 'input.records.0.grade.gradedOn'],
    ['a grade in the future', [registered({ grade: { score: 800, gradedOn: '2025-06-16' } })], 'BAD_USER_INPUT', 'input.records.0.grade.gradedOn'],
  ])('refuses %s naming the record’s field', (_label, records, code, field) => {
    expect(refusal(() => parseImportRecords(records, NOW))).toEqual({ code, field });
  });

  it('takes 1 to 1,000 records', () => {
    expect(refusal(() => parseImportRecords([], NOW))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.records' });
    const many = Array.from({ length: MAX_IMPORT_RECORDS + 1 }, (_, i) => filed({ filingNumber: `n-${i}` }));
    expect(refusal(() => parseImportRecords(many, NOW))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.records' });
    expect(parseImportRecords(many.slice(0, MAX_IMPORT_RECORDS), NOW)).toHaveLength(MAX_IMPORT_RECORDS);
  });
});

describe('checkDuplicatesWithin', () => {
  it('names the later record repeating a credit code or filing number, in any spelling the parser normalises', () => {
    const code = validCreditCode('1');
    const sameCode = parseImportRecords([registered({ legalForm: 'social_group', creditCode: code }), filed(), registered({ legalForm: 'social_group', creditCode: ` ${code.toLowerCase()}` })], NOW);
    expect(refusal(() => checkDuplicatesWithin(sameCode))).toEqual({ code: 'CONFLICT', field: 'input.records.2.creditCode' });
    const sameNumber = parseImportRecords([filed({ filingNumber: 'A-1' }), registered({ filingNumber: ' A-1 ' })], NOW);
    expect(refusal(() => checkDuplicatesWithin(sameNumber))).toEqual({ code: 'CONFLICT', field: 'input.records.1.filingNumber' });
    expect(() => checkDuplicatesWithin(parseImportRecords([filed({ filingNumber: 'A-1' }), filed({ filingNumber: 'A-2' })], NOW))).not.toThrow();
  });
});
