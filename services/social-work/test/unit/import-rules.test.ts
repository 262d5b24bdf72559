import { describe, expect, it } from 'vitest';
import { refusal } from '@sanshe/testing/refusal';
import { checkImportedHours, parseImportVolunteerRecords, parseImportVolunteers } from '../../src/domain/import-rules.ts';
import { residentIdCheckCharacter } from '../../src/domain/resident-id.ts';
import { importSummary } from '../../src/domain/volunteer-import-store.ts';

const NOW = new Date('2024-06-10T04:00:00Z'); // 12:00 in Beijing
const id = (n: number) => {
  const first17 = `1502041985061200${n}`;
  return first17 + residentIdCheckCharacter(first17);
};
const volunteer = (n: number, extra: Record<string, unknown> = {}) => ({ name: '李春花', phone: '13812345678', idNumber: id(n), communityCode: '150204001001', ...extra });

describe('parseImportVolunteers', () => {
  it("applies registerVolunteer's rules to each record, with registeredAt defaulting to now", () => {
    const [a, b] = parseImportVolunteers({ records: [volunteer(1, { registeredAt: '2019-05-04T09:30:00+08:00', skills: ['it', 'it'] }), volunteer(2)] }, NOW);
    expect(a).toMatchObject({ idNumber: id(1), skills: ['it'], registeredAt: new Date('2019-05-04T01:30:00Z') });
    expect(b!.registeredAt).toEqual(NOW);
  });

  it('names the record and the field of the first refusal', () => {
    const parse = (records: unknown[]) => refusal(() => parseImportVolunteers({ records }, NOW));
    expect(parse([volunteer(1), volunteer(2, { phone: '1' })])).toEqual({ code: 'BAD_USER_INPUT', field: 'input.records.1.phone' });
    expect(parse([volunteer(1, { registeredAt: '2024-06-10T12:01:00+08:00' })])).toEqual({ code: 'BAD_USER_INPUT', field: 'input.records.0.registeredAt' });
    expect(parse([volunteer(1), volunteer(2), volunteer(1, { name: '王五' })])).toEqual({ code: 'CONFLICT', field: 'input.records.2.idNumber' });
    expect(parse([])).toEqual({ code: 'BAD_USER_INPUT', field: 'input.records' });
    expect(parse(Array.from({ length: 1001 }, (_, i) => volunteer(i % 10)))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.records' });
  });
});

describe('parseImportVolunteerRecords', () => {
  const base = { volunteerId: 'v', organizationId: 'o', activity: '助老送餐' };

  it("applies recordVolunteerService's rules to each record, verified now unless the ledger says when", () => {
    const [span, duration] = parseImportVolunteerRecords(
      {
        records: [
          { ...base, startsAt: '2024-06-01T09:00:00+08:00', endsAt: '2024-06-01T11:45:00+08:00', verifiedAt: '2024-06-01T11:45:00+08:00' },
          { ...base, serviceDate: '2024-06-02', minutes: 30 },
        ],
      },
      NOW,
    );
    expect(span).toMatchObject({ serviceDate: '2024-06-01', minutes: 165, verifiedAt: new Date('2024-06-01T03:45:00Z') });
    expect(duration).toMatchObject({ serviceDate: '2024-06-02', minutes: 30, startsAt: null, verifiedAt: NOW });
  });

  it('refuses a verification before the service ended or in the future, naming the record', () => {
    const parse = (record: Record<string, unknown>) => refusal(() => parseImportVolunteerRecords({ records: [{ ...base, serviceDate: '2024-06-02', minutes: 30 }, { ...base, ...record }] }, NOW));
    expect(parse({ startsAt: '2024-06-01T09:00:00+08:00', endsAt: '2024-06-01T11:00:00+08:00', verifiedAt: '2024-06-01T10:59:00+08:00' })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'input.records.1.verifiedAt',
    });
    // A duration is verified on its service date at the earliest (district time).
    expect(parse({ serviceDate: '2024-06-02', minutes: 30, verifiedAt: '2024-06-01T23:59:00+08:00' }).field).toBe('input.records.1.verifiedAt');
    expect(parse({ serviceDate: '2024-06-02', minutes: 30, verifiedAt: '2024-06-10T12:30:00+08:00' }).field).toBe('input.records.1.verifiedAt');
    expect(parse({ serviceDate: '2024-06-02', minutes: 30, verifiedAt: '2024-06-02' }).field).toBe('input.records.1.verifiedAt');
    // The single mutation's own refusals, renamed.
    expect(parse({ serviceDate: '2024-06-11', minutes: 30 })).toEqual({ code: 'BAD_USER_INPUT', field: 'input.records.1.serviceDate' });
    expect(parse({ startsAt: '2024-06-01T09:00:30+08:00', endsAt: '2024-06-01T10:00:00+08:00' }).field).toBe('input.records.1.startsAt');
    expect(parse({ minutes: 1441, serviceDate: '2024-06-01' }).field).toBe('input.records.1.minutes');
    expect(refusal(() => parseImportVolunteerRecords({ records: Array.from({ length: 5001 }, () => ({ ...base, serviceDate: '2024-06-02', minutes: 1 })) }, NOW)).field).toBe(
      'input.records',
    );
  });
});

describe('checkImportedHours', () => {
  const at = (hhmm: string, day = '2024-06-01') => new Date(`${day}T${hhmm}:00+08:00`);
  const span = (volunteerId: string, from: string, to: string, day = '2024-06-01') => ({
    volunteerId,
    serviceDate: day,
    startsAt: at(from, day),
    endsAt: at(to, day),
    minutes: (at(to, day).getTime() - at(from, day).getTime()) / 60_000,
  });
  const duration = (volunteerId: string, minutes: number, day = '2024-06-01') => ({ volunteerId, serviceDate: day, startsAt: null, endsAt: null, minutes });

  it('accepts touching spans and other volunteers at the same time', () => {
    expect(() => checkImportedHours([span('a', '09:00', '10:00'), span('a', '10:00', '11:00'), span('b', '09:30', '10:30')], [{ id: 'r', ...span('a', '11:00', '12:00') }])).not.toThrow();
  });

  it("refuses an overlap with the volunteer's records there or with the import's earlier ones", () => {
    expect(refusal(() => checkImportedHours([duration('a', 10), span('a', '09:30', '10:30')], [{ id: 'r', ...span('a', '10:00', '12:00') }]))).toEqual({
      code: 'RULE_VIOLATION',
      field: 'input.records.1.startsAt',
    });
    expect(refusal(() => checkImportedHours([span('a', '09:00', '10:00'), span('b', '09:00', '10:00'), span('a', '09:59', '10:30')], [])).field).toBe('input.records.2.startsAt');
    // A night shift from the day before reaches into this one.
    const night = { id: 'n', volunteerId: 'a', serviceDate: '2024-05-31', startsAt: at('22:00', '2024-05-31'), endsAt: at('02:00'), minutes: 240 };
    expect(refusal(() => checkImportedHours([span('a', '01:00', '03:00')], [night])).field).toBe('input.records.0.startsAt');
  });

  it('refuses a day over 24 hours, counting the import and what is there', () => {
    expect(refusal(() => checkImportedHours([duration('a', 1000), duration('a', 441)], []))).toEqual({ code: 'RULE_VIOLATION', field: 'input.records.1.minutes' });
    expect(refusal(() => checkImportedHours([duration('a', 1)], [{ id: 'r', ...duration('a', 1440) }])).field).toBe('input.records.0.minutes');
    expect(() => checkImportedHours([duration('a', 1000), duration('a', 440), duration('a', 1000, '2024-06-02')], [])).not.toThrow();
  });
});

describe('importSummary', () => {
  it('totals the import per community of the volunteers, with its date range and recorders', () => {
    const record = (volunteerId: string, organizationId: string, serviceDate: string, minutes: number) => ({
      volunteerId,
      organizationId,
      activity: 'x',
      serviceDate,
      startsAt: null,
      endsAt: null,
      minutes,
      verifiedAt: new Date(),
    });
    const communityOf = new Map([
      ['a', '150204002001'],
      ['b', '150204001001'],
    ]);
    expect(importSummary([record('a', 'o2', '2024-03-02', 30), record('b', 'o1', '2024-01-05', 60), record('a', 'o1', '2024-02-01', 15)], communityOf)).toEqual({
      recordCount: 3,
      totalMinutes: 105,
      firstServiceDate: '2024-01-05',
      lastServiceDate: '2024-03-02',
      organizationIds: ['o1', 'o2'],
      communities: [
        { communityCode: '150204001001', records: 1, minutes: 60 },
        { communityCode: '150204002001', records: 2, minutes: 45 },
      ],
    });
  });
});
