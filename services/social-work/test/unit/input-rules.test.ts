import { describe, expect, it } from 'vitest';
import { refusal } from '@sanshe/testing/refusal';
import { canSupervise, gradeOf, parseEvaluation, parseOpenStation, parseSupervision } from '../../src/domain/workforce-rules.ts';
import { parseIssueCertificate, parseRecordVolunteerService, parseRegisterVolunteer } from '../../src/domain/volunteer-rules.ts';
import { checkCaseService, checkClose, parseAssignCase, parseCloseCase, parseRecordCaseService } from '../../src/domain/case-rules.ts';
import { parseSocialWorkerTraining, parseVolunteerCommendation } from '../../src/domain/training-rules.ts';
import { residentIdCheckCharacter } from '../../src/domain/resident-id.ts';

const NOW = new Date('2024-06-10T04:00:00Z'); // 12:00 in Beijing
const ID = '15020419850612003' + residentIdCheckCharacter('15020419850612003');
const volunteer = { name: '李春花', phone: '13812345678', idNumber: ID, communityCode: '150204001001' };

describe('volunteer registration', () => {
  it('accepts a mobile number and a resident ID, upper-casing x and de-duplicating skills', () => {
    const idWithX = '11010519491231002x';
    expect(parseRegisterVolunteer({ ...volunteer, idNumber: idWithX, skills: ['medical', 'medical', 'repair'] }, NOW)).toEqual({
      ...volunteer,
      idNumber: '11010519491231002X',
      skills: ['medical', 'repair'],
    });
    expect(parseRegisterVolunteer(volunteer, NOW).skills).toEqual([]);
  });

  it('refuses a bad phone, ID number, skill or community, naming the field', () => {
    expect(refusal(() => parseRegisterVolunteer({ ...volunteer, phone: '1381234567' }, NOW))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.phone' });
    expect(refusal(() => parseRegisterVolunteer({ ...volunteer, phone: '23812345678' }, NOW)).field).toBe('input.phone');
    expect(refusal(() => parseRegisterVolunteer({ ...volunteer, idNumber: ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0') }, NOW)).field).toBe('input.idNumber');
    expect(refusal(() => parseRegisterVolunteer({ ...volunteer, idNumber: ID.slice(0, 17) }, NOW)).field).toBe('input.idNumber');
    expect(refusal(() => parseRegisterVolunteer({ ...volunteer, skills: ['juggling'] }, NOW)).field).toBe('input.skills.0');
    expect(refusal(() => parseRegisterVolunteer({ ...volunteer, communityCode: '150204001' }, NOW)).field).toBe('input.communityCode');
    expect(refusal(() => parseRegisterVolunteer({ ...volunteer, name: '李' }, NOW)).field).toBe('input.name');
  });
});

describe('volunteer service records', () => {
  const base = { volunteerId: 'v', organizationId: 'o', activity: '助老送餐' };
  it('reads a span with offsets into whole minutes on its local date', () => {
    expect(parseRecordVolunteerService({ ...base, startsAt: '2024-06-01T09:00:00+08:00', endsAt: '2024-06-01T11:45:00+08:00' }, NOW)).toMatchObject({
      serviceDate: '2024-06-01',
      minutes: 165,
    });
    expect(parseRecordVolunteerService({ ...base, serviceDate: '2024-06-02', minutes: 30 }, NOW)).toMatchObject({ serviceDate: '2024-06-02', minutes: 30, startsAt: null });
  });

  it('refuses malformed times', () => {
    expect(refusal(() => parseRecordVolunteerService({ ...base, startsAt: '2024-06-01 09:00', endsAt: '2024-06-01T10:00:00+08:00' }, NOW)).field).toBe('input.startsAt');
    expect(refusal(() => parseRecordVolunteerService({ ...base, serviceDate: '2024-06-31', minutes: 30 }, NOW)).field).toBe('input.serviceDate');
    expect(refusal(() => parseRecordVolunteerService({ ...base, serviceDate: '2024-06-01', minutes: 1441 }, NOW)).field).toBe('input.minutes');
    expect(refusal(() => parseRecordVolunteerService({ ...base, activity: ' ', serviceDate: '2024-06-01', minutes: 10 }, NOW)).field).toBe('input.activity');
  });

  it('dates certificates today or earlier', () => {
    const input = { volunteerId: 'v', organizationId: 'o', handlerName: '王经办' };
    expect(parseIssueCertificate(input, NOW).issuedOn).toBeNull();
    expect(parseIssueCertificate({ ...input, issuedOn: '2024-06-10' }, NOW).issuedOn).toBe('2024-06-10');
    expect(refusal(() => parseIssueCertificate({ ...input, issuedOn: '2024-06-11' }, NOW))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.issuedOn' });
    expect(refusal(() => parseIssueCertificate({ ...input, handlerName: '' }, NOW)).field).toBe('input.handlerName');
  });
});

describe('trainings, commendations, stations', () => {
  it('refuses future dates and non-positive minutes', () => {
    const training = { socialWorkerId: 'w', title: '个案管理', provider: '市社工协会', trainedOn: '2024-06-10', minutes: 480 };
    expect(parseSocialWorkerTraining(training, NOW).minutes).toBe(480);
    expect(refusal(() => parseSocialWorkerTraining({ ...training, trainedOn: '2024-06-11' }, NOW)).field).toBe('input.trainedOn');
    expect(refusal(() => parseSocialWorkerTraining({ ...training, minutes: 0 }, NOW)).field).toBe('input.minutes');
    expect(refusal(() => parseVolunteerCommendation({ volunteerId: 'v', title: '优秀志愿者', conferredBy: '青山区民政局', conferredOn: '2025-01-01' }, NOW)).field).toBe(
      'input.conferredOn',
    );
    expect(refusal(() => parseOpenStation({ name: '筑梦', kind: 'station', communityCode: '150204001001', openedOn: '2030-01-01' }, NOW)).field).toBe('input.openedOn');
    expect(refusal(() => parseOpenStation({ name: '筑梦', kind: 'hub', communityCode: '150204001001', openedOn: '2020-01-01' }, NOW)).field).toBe('input.kind');
  });
});

describe('supervision and evaluation', () => {
  it('needs two different workers and a qualified supervisor', () => {
    const input = { supervisorId: 'a', superviseeId: 'b', supervisedOn: '2024-06-01', minutes: 90, topics: ['个案', '个案', '伦理'] };
    expect(parseSupervision(input, NOW).topics).toEqual(['个案', '伦理']);
    expect(refusal(() => parseSupervision({ ...input, superviseeId: 'a' }, NOW))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.superviseeId' });
    expect(refusal(() => parseSupervision({ ...input, topics: [] }, NOW)).field).toBe('input.topics');
    expect([null, 'assistant', 'intermediate', 'senior'].map(canSupervise)).toEqual([false, false, true, true]);
  });

  it('evaluates exactly one subject over a past period, 0–100, graded', () => {
    const input = { evaluatorOrganizationId: 'e', stationId: 's', periodStart: '2023-01-01', periodEnd: '2023-12-31', score: 88 };
    expect(parseEvaluation(input, NOW)).toMatchObject({ stationId: 's', socialWorkerId: null });
    expect(refusal(() => parseEvaluation({ ...input, socialWorkerId: 'w' }, NOW)).field).toBe('input.stationId');
    expect(refusal(() => parseEvaluation({ ...input, stationId: null }, NOW)).field).toBe('input.stationId');
    expect(refusal(() => parseEvaluation({ ...input, periodEnd: '2022-12-31' }, NOW)).field).toBe('input.periodEnd');
    expect(refusal(() => parseEvaluation({ ...input, periodEnd: '2024-12-31' }, NOW)).field).toBe('input.periodEnd');
    expect(refusal(() => parseEvaluation({ ...input, score: 101 }, NOW)).field).toBe('input.score');
    expect([100, 90, 89, 75, 74, 60, 59, 0].map(gradeOf)).toEqual(['excellent', 'excellent', 'good', 'good', 'pass', 'pass', 'fail', 'fail']);
  });
});

describe('service cases', () => {
  const open = { status: 'open', openedAt: new Date('2024-06-05T01:00:00Z'), socialWorkerId: 'w', organizationId: null };

  it('assigns to exactly one of a worker and an organization', () => {
    expect(parseAssignCase({ caseId: 'c', socialWorkerId: 'w' })).toEqual({ caseId: 'c', socialWorkerId: 'w', organizationId: null });
    expect(refusal(() => parseAssignCase({ caseId: 'c' })).field).toBe('input.socialWorkerId');
    expect(refusal(() => parseAssignCase({ caseId: 'c', socialWorkerId: 'w', organizationId: 'o' })).field).toBe('input.socialWorkerId');
  });

  it('records services on open, assigned cases, dated from the opening day to today', () => {
    expect(parseRecordCaseService({ caseId: 'c', socialWorkerId: 'w', serviceDate: '2024-06-10', minutes: 60, notes: '  ' }, NOW).notes).toBeNull();
    expect(refusal(() => parseRecordCaseService({ caseId: 'c', socialWorkerId: 'w', serviceDate: '2024-06-11', minutes: 60 }, NOW)).field).toBe('input.serviceDate');
    expect(refusal(() => parseRecordCaseService({ caseId: 'c', socialWorkerId: 'w', serviceDate: '2024-06-10', minutes: 0 }, NOW)).field).toBe('input.minutes');
    expect(() => checkCaseService(open, '2024-06-05')).not.toThrow();
    expect(refusal(() => checkCaseService(open, '2024-06-04'))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.serviceDate' });
    expect(refusal(() => checkCaseService({ ...open, socialWorkerId: null }, '2024-06-05'))).toEqual({ code: 'RULE_VIOLATION', field: 'input.caseId' });
    expect(refusal(() => checkCaseService({ ...open, status: 'closed' }, '2024-06-05'))).toEqual({ code: 'ILLEGAL_TRANSITION', field: 'input.caseId' });
  });

  it('closes resolved only after a service; unresolved needs a reason', () => {
    expect(parseCloseCase({ caseId: 'c', resolved: true })).toEqual({ caseId: 'c', resolved: true, reason: null });
    expect(refusal(() => parseCloseCase({ caseId: 'c', resolved: false })).field).toBe('input.reason');
    expect(refusal(() => parseCloseCase({ caseId: 'c', resolved: true, reason: 'withdrawn' })).field).toBe('input.reason');
    expect(() => checkClose(open, true, 1)).not.toThrow();
    expect(() => checkClose(open, false, 0)).not.toThrow();
    expect(refusal(() => checkClose(open, true, 0))).toEqual({ code: 'RULE_VIOLATION', field: 'input.resolved' });
    expect(refusal(() => checkClose({ ...open, status: 'closed' }, false, 0)).code).toBe('ILLEGAL_TRANSITION');
  });
});
