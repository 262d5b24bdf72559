import { describe, expect, it } from 'vitest';
import { refusal } from '@sanshe/testing/refusal';
import { checkInspection } from '../../src/domain/inspection.ts';
import { escapeLike, parseFilter } from '../../src/domain/organization-search.ts';
import { parsePrepareInput, parseProfileInput, parseReason } from '../../src/domain/organization-rules.ts';
import { parseLendInput } from '../../src/domain/venue-rules.ts';

const prepare = {
  name: ' 先锋道邻里互助会 ',
  communityCode: '150204001001',
  category: 'charity',
  serviceFields: ['elderly', 'elderly', 'youth'],
};

describe('organization input', () => {
  it('normalises names, service fields and optional contacts', () => {
    expect(parsePrepareInput(prepare)).toEqual({
      ...prepare,
      name: '先锋道邻里互助会',
      serviceFields: ['elderly', 'youth'],
      staffCount: 0,
      memberCount: 0,
      description: null,
      phone: null,
      email: null,
      website: null,
    });
    expect(parsePrepareInput({ ...prepare, phone: '+86 472 212-3456', email: 'a@example.org', website: 'http://example.org/x', description: '  ' })).toMatchObject({
      phone: '+86 472 212-3456',
      email: 'a@example.org',
      website: 'http://example.org/x',
      description: null,
    });
  });

  it.each([
    [{ serviceFields: ['astrology'] }, 'input.serviceFields.0'],
    [{ category: 'sports' }, 'input.category'],
    [{ phone: '12' }, 'input.phone'],
    [{ email: 'someone' }, 'input.email'],
    [{ website: 'javascript:alert(1)' }, 'input.website'],
    [{ description: 'x'.repeat(2001) }, 'input.description'],
    [{ staffCount: 1.5 }, 'input.staffCount'],
  ])('refuses %j naming the field', (patch, field) => {
    expect(refusal(() => parsePrepareInput({ ...prepare, ...patch }))).toEqual({ code: 'BAD_USER_INPUT', field });
  });

  it('changes only what a profile update names; required fields cannot be cleared', () => {
    expect(parseProfileInput({ description: '新的介绍', website: null, email: undefined })).toEqual({ description: '新的介绍', website: null });
    expect(refusal(() => parseProfileInput({}))).toEqual({ code: 'BAD_USER_INPUT', field: 'input' });
    expect(refusal(() => parseProfileInput({ staffCount: null }))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.staffCount' });
    expect(refusal(() => parseProfileInput({ name: '改名' }))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(parseReason('  停业整顿  ')).toBe('停业整顿');
    expect(refusal(() => parseReason('x'))).toEqual({ code: 'BAD_USER_INPUT', field: 'reason' });
  });
});

describe('annual inspection', () => {
  const context = { today: '2025-04-01', establishedOn: '2019-05-20' };

  it('accepts a whole year from the establishment year to this year', () => {
    expect(checkInspection({ year: 2019, result: 'passed' }, context)).toEqual({ year: 2019, result: 'passed' });
    expect(checkInspection({ year: 2025, result: 'not_submitted' }, context)).toEqual({ year: 2025, result: 'not_submitted' });
    expect(checkInspection({ year: 1995, result: 'failed' }, { ...context, establishedOn: null })).toMatchObject({ year: 1995 });
  });

  it.each([
    [{ year: 2026, result: 'passed' }, 'BAD_USER_INPUT', 'year'],
    [{ year: 1989, result: 'passed' }, 'BAD_USER_INPUT', 'year'],
    [{ year: 2020.5, result: 'passed' }, 'BAD_USER_INPUT', 'year'],
    [{ year: 2018, result: 'passed' }, 'RULE_VIOLATION', 'year'],
    [{ year: 2020, result: 'excellent' }, 'BAD_USER_INPUT', 'result'],
  ])('refuses %j', (input, code, field) => {
    expect(refusal(() => checkInspection(input, context))).toEqual({ code, field });
  });
});

describe('search filter', () => {
  it('escapes LIKE wildcards and names the bad field', () => {
    expect(escapeLike('100%_\\')).toBe('100\\%\\_\\\\');
    expect(parseFilter(null)).toEqual({});
    expect(parseFilter({ name: ' 老年 ', grade: 5 })).toMatchObject({ name: '老年', grade: 5 });
    expect(refusal(() => parseFilter({ serviceField: 'astrology' }))).toEqual({ code: 'BAD_USER_INPUT', field: 'filter.serviceField' });
  });
});

describe('venue loans', () => {
  const loan = { organizationId: 'x', venueName: '活动室', communityCode: '150204001001', areaSquareMetres: 40.5, startsOn: '2024-01-01' };

  it('defaults to zero rent and open end, and refuses an end before the start', () => {
    expect(parseLendInput(loan)).toMatchObject({ monthlyRentFen: 0, endsOn: null, areaSquareMetres: 40.5 });
    expect(refusal(() => parseLendInput({ ...loan, endsOn: '2023-12-31' }))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.endsOn' });
    expect(refusal(() => parseLendInput({ ...loan, areaSquareMetres: 40.123 }))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.areaSquareMetres' });
  });
});
