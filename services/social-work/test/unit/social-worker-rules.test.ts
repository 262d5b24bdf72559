import { describe, expect, it } from 'vitest';
import { refusal } from '@sanshe/testing/refusal';
import { parseRegisterSocialWorker } from '../../src/domain/social-worker-rules.ts';

const EMPLOYER = '3f1d2c4b-5a6e-4f70-8b9c-0d1e2f3a4b5c';
const TODAY = new Date('2024-06-01T08:00:00Z');

const base = { name: '李晓红', communityCode: '150204001001', employment: 'government_post' };
const cert = { certificationLevel: 'assistant', certificateNumber: 'A2019150204', certifiedOn: '2019-06-16' };
const parse = (input: Record<string, unknown>) => parseRegisterSocialWorker(input, TODAY);

describe('parseRegisterSocialWorker', () => {
  it('accepts an uncertified government post and fills the absent fields with null', () => {
    expect(parse(base)).toEqual({
      name: '李晓红',
      communityCode: '150204001001',
      certificationLevel: null,
      certificateNumber: null,
      certifiedOn: null,
      employment: 'government_post',
      employerOrganizationId: null,
      socialWorkGraduate: false,
      stationId: null,
      accountSubject: null,
    });
    expect(parse({ ...base, certificationLevel: null, certificateNumber: null, certifiedOn: null }).certificationLevel).toBeNull();
  });

  it('accepts a certified agency worker naming the agency, trimming the strings', () => {
    const input = { ...base, name: ' 李晓红 ', ...cert, certificateNumber: ' A2019150204 ', employment: 'agency', employerOrganizationId: EMPLOYER, socialWorkGraduate: true };
    expect(parse(input)).toEqual({
      name: '李晓红',
      communityCode: '150204001001',
      ...cert,
      employment: 'agency',
      employerOrganizationId: EMPLOYER,
      socialWorkGraduate: true,
      stationId: null,
      accountSubject: null,
    });
  });

  it('needs the certificate fields all together or not at all, naming the first missing one', () => {
    expect(refusal(() => parse({ ...base, certificationLevel: 'senior' }))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.certificateNumber' });
    expect(refusal(() => parse({ ...base, certificateNumber: 'A2019150204' }))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.certificationLevel' });
    expect(refusal(() => parse({ ...base, certifiedOn: '2019-06-16' }))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.certificationLevel' });
    expect(refusal(() => parse({ ...base, ...cert, certifiedOn: null }))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.certifiedOn' });
    expect(refusal(() => parse({ ...base, ...cert, certificateNumber: undefined }))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.certificateNumber' });
  });

  it('refuses a certificate dated in the future; today is accepted', () => {
    expect(refusal(() => parse({ ...base, ...cert, certifiedOn: '2024-06-02' }))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.certifiedOn' });
    expect(refusal(() => parse({ ...base, ...cert, certifiedOn: '2030-01-01' })).field).toBe('input.certifiedOn');
    expect(parse({ ...base, ...cert, certifiedOn: '2024-06-01' }).certifiedOn).toBe('2024-06-01');
    expect(parse({ ...base, ...cert, certifiedOn: '2024-05-31' }).certifiedOn).toBe('2024-05-31');
  });

  it('refuses a date that is not an ISO calendar date', () => {
    for (const certifiedOn of ['2019-13-01', '2019-02-30', '16/06/2019', '2019-06-16T00:00:00Z', '']) {
      expect(refusal(() => parse({ ...base, ...cert, certifiedOn })), certifiedOn).toEqual({ code: 'BAD_USER_INPUT', field: 'input.certifiedOn' });
    }
  });

  it('an agency worker names the agency; a government post names none', () => {
    expect(refusal(() => parse({ ...base, employment: 'agency' }))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.employerOrganizationId' });
    expect(refusal(() => parse({ ...base, employment: 'agency', employerOrganizationId: null }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.employerOrganizationId',
    });
    expect(refusal(() => parse({ ...base, employment: 'government_post', employerOrganizationId: EMPLOYER }))).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.employerOrganizationId',
    });
    expect(parse({ ...base, employment: 'agency', employerOrganizationId: EMPLOYER }).employerOrganizationId).toBe(EMPLOYER);
    expect(refusal(() => parse({ ...base, employment: 'agency', employerOrganizationId: 'agency-1' })).field).toBe('input.employerOrganizationId');
  });

  it('names the field of other bad input', () => {
    expect(refusal(() => parse({ ...base, name: ' 李 ' })).field).toBe('input.name');
    expect(refusal(() => parse({ ...base, communityCode: '150204001' })).field).toBe('input.communityCode');
    expect(refusal(() => parse({ ...base, employment: 'volunteer' })).field).toBe('input.employment');
    expect(refusal(() => parse({ ...base, ...cert, certificationLevel: 'expert' })).field).toBe('input.certificationLevel');
    expect(refusal(() => parse({ ...base, ...cert, certificateNumber: 'A1' })).field).toBe('input.certificateNumber');
  });
});

describe('the certificate date and the local calendar', () => {
  // BUG (src/domain/social-worker-rules.ts, parseRegisterSocialWorker): "today" is taken as
  // today.toISOString().slice(0, 10), the UTC date. Between 00:00 and 08:00 Beijing time the UTC
  // date is still yesterday, so a certificate issued today (local date) is refused as "in the
  // future". Remove `.fails` once today's date is taken in the districts' time zone (Asia/Shanghai).
  it('accepts a certificate dated today in Beijing during the first eight hours of the day', () => {
    const earlyMorningInBeijing = new Date('2024-06-01T23:30:00Z'); // 2024-06-02 07:30 in Beijing (UTC+8)
    expect(parseRegisterSocialWorker({ ...base, ...cert, certifiedOn: '2024-06-02' }, earlyMorningInBeijing).certifiedOn).toBe('2024-06-02');
  });
});
