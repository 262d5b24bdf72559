import { describe, expect, it } from 'vitest';
import { refusal, refusedWith } from '@sanshe/testing/refusal';
import {
  checkAgainstExisting,
  formatDuration,
  resolveServiceTime,
  spanMinutes,
  spansOverlap,
  splitMinutes,
  sumMinutes,
  type ServiceTime,
} from '../../src/domain/hours.ts';

const NOW = new Date('2024-06-10T12:00:00+08:00');
const at = (local: string) => new Date(`${local}+08:00`);
const span = (from: string, to: string) => ({ startsAt: at(from), endsAt: at(to) });

describe('spanMinutes', () => {
  it('counts whole minutes, across midnight too', () => {
    expect(spanMinutes(at('2024-06-01T09:00:00'), at('2024-06-01T11:30:00'))).toBe(150);
    expect(spanMinutes(at('2024-06-01T22:15:00'), at('2024-06-02T01:05:00'))).toBe(170);
    expect(spanMinutes(at('2024-06-01T09:00:00'), at('2024-06-01T09:01:00'))).toBe(1);
  });

  it('allows exactly 24 hours and refuses more', () => {
    expect(spanMinutes(at('2024-06-01T08:00:00'), at('2024-06-02T08:00:00'))).toBe(1440);
    expect(refusal(() => spanMinutes(at('2024-06-01T08:00:00'), at('2024-06-02T08:01:00')))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.endsAt' });
  });

  it('refuses an end before or at the start', () => {
    expect(refusal(() => spanMinutes(at('2024-06-01T09:00:00'), at('2024-06-01T08:59:00')))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.endsAt' });
    expect(refusal(() => spanMinutes(at('2024-06-01T09:00:00'), at('2024-06-01T09:00:00'))).field).toBe('input.endsAt');
  });

  it('is recorded to the minute: seconds are refused, naming the instant that has them', () => {
    expect(refusal(() => spanMinutes(at('2024-06-01T09:00:30'), at('2024-06-01T10:00:30')))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.startsAt' });
    expect(refusal(() => spanMinutes(at('2024-06-01T09:00:00'), new Date(at('2024-06-01T10:00:00').getTime() + 1))).field).toBe('input.endsAt');
  });
});

describe('resolveServiceTime', () => {
  it('takes a span: its minutes and the local date it starts on', () => {
    expect(resolveServiceTime(span('2024-06-01T23:00:00', '2024-06-02T02:00:00'), NOW)).toEqual({
      serviceDate: '2024-06-01',
      ...span('2024-06-01T23:00:00', '2024-06-02T02:00:00'),
      minutes: 180,
    });
    // 07:30 in Beijing is the previous day in UTC: the local date counts.
    expect(resolveServiceTime(span('2024-06-05T07:30:00', '2024-06-05T08:00:00'), NOW).serviceDate).toBe('2024-06-05');
    expect(resolveServiceTime({ ...span('2024-06-05T07:30:00', '2024-06-05T08:00:00'), serviceDate: '2024-06-05' }, NOW).minutes).toBe(30);
  });

  it('takes a duration on a date', () => {
    expect(resolveServiceTime({ serviceDate: '2024-06-10', minutes: 95 }, NOW)).toEqual({ serviceDate: '2024-06-10', startsAt: null, endsAt: null, minutes: 95 });
  });

  it('refuses incomplete, double, future and out-of-range times, naming the field', () => {
    const cases: [Parameters<typeof resolveServiceTime>[0], string][] = [
      [{ startsAt: at('2024-06-01T09:00:00') }, 'input.endsAt'],
      [{ endsAt: at('2024-06-01T09:00:00') }, 'input.startsAt'],
      [{ ...span('2024-06-01T09:00:00', '2024-06-01T10:00:00'), minutes: 60 }, 'input.minutes'],
      [{ ...span('2024-06-01T09:00:00', '2024-06-01T10:00:00'), serviceDate: '2024-06-02' }, 'input.serviceDate'],
      [span('2024-06-10T11:00:00', '2024-06-10T12:01:00'), 'input.endsAt'],
      [{}, 'input.minutes'],
      [{ serviceDate: '2024-06-01' }, 'input.minutes'],
      [{ minutes: 60 }, 'input.serviceDate'],
      [{ serviceDate: '2024-06-01', minutes: 0 }, 'input.minutes'],
      [{ serviceDate: '2024-06-01', minutes: 1441 }, 'input.minutes'],
      [{ serviceDate: '2024-06-01', minutes: 1.5 }, 'input.minutes'],
      [{ serviceDate: '2024-06-11', minutes: 60 }, 'input.serviceDate'],
    ];
    for (const [input, field] of cases) expect(refusal(() => resolveServiceTime(input, NOW)), JSON.stringify(input)).toEqual({ code: 'BAD_USER_INPUT', field });
    // A span that has just ended is fine.
    expect(resolveServiceTime(span('2024-06-10T11:00:00', '2024-06-10T12:00:00'), NOW).minutes).toBe(60);
    expect(resolveServiceTime({ serviceDate: '2024-06-01', minutes: 1440 }, NOW).minutes).toBe(1440);
  });
});

describe('overlaps and the daily cap', () => {
  const existing: (ServiceTime & { id: string })[] = [
    { id: 'a', serviceDate: '2024-06-01', ...span('2024-06-01T09:00:00', '2024-06-01T12:00:00'), minutes: 180 },
    { id: 'b', serviceDate: '2024-06-01', startsAt: null, endsAt: null, minutes: 600 },
    { id: 'c', serviceDate: '2024-05-31', ...span('2024-05-31T22:00:00', '2024-06-01T02:00:00'), minutes: 240 },
  ];
  const candidate = (from: string, to: string): ServiceTime => {
    const s = span(from, to);
    return { serviceDate: from.slice(0, 10), ...s, minutes: spanMinutes(s.startsAt, s.endsAt) };
  };

  it('treats spans as half-open: touching is fine, sharing a minute is not', () => {
    expect(spansOverlap(span('2024-06-01T09:00:00', '2024-06-01T12:00:00'), span('2024-06-01T12:00:00', '2024-06-01T13:00:00'))).toBe(false);
    expect(spansOverlap(span('2024-06-01T09:00:00', '2024-06-01T12:00:00'), span('2024-06-01T11:59:00', '2024-06-01T13:00:00'))).toBe(true);
    expect(spansOverlap(span('2024-06-01T09:00:00', '2024-06-01T12:00:00'), span('2024-06-01T10:00:00', '2024-06-01T11:00:00'))).toBe(true);
    expect(spansOverlap(span('2024-06-01T10:00:00', '2024-06-01T11:00:00'), span('2024-06-01T09:00:00', '2024-06-01T12:00:00'))).toBe(true);
  });

  it('refuses a span overlapping another of the same volunteer, naming the record it meets', () => {
    const error = refusedWith(() => checkAgainstExisting(candidate('2024-06-01T11:00:00', '2024-06-01T13:00:00'), existing));
    expect({ code: error.code, field: error.field, overlapsRecordId: error.extensions.overlapsRecordId }).toEqual({
      code: 'RULE_VIOLATION',
      field: 'input.startsAt',
      overlapsRecordId: 'a',
    });
    // The night shift from the previous date reaches into this one.
    expect(refusedWith(() => checkAgainstExisting(candidate('2024-06-01T01:00:00', '2024-06-01T03:00:00'), existing)).extensions.overlapsRecordId).toBe('c');
    expect(() => checkAgainstExisting(candidate('2024-06-01T12:00:00', '2024-06-01T13:00:00'), existing)).not.toThrow();
  });

  it('caps one service date at 24 hours, durations included', () => {
    // 180 + 600 recorded on 2024-06-01: 660 more fit, 661 do not.
    expect(() => checkAgainstExisting({ serviceDate: '2024-06-01', startsAt: null, endsAt: null, minutes: 660 }, existing)).not.toThrow();
    expect(refusal(() => checkAgainstExisting({ serviceDate: '2024-06-01', startsAt: null, endsAt: null, minutes: 661 }, existing))).toEqual({
      code: 'RULE_VIOLATION',
      field: 'input.minutes',
    });
    expect(() => checkAgainstExisting({ serviceDate: '2024-06-02', startsAt: null, endsAt: null, minutes: 1440 }, existing)).not.toThrow();
    // The night shift counts on the date it started (05-31), not on 06-01.
    expect(() => checkAgainstExisting({ serviceDate: '2024-05-31', startsAt: null, endsAt: null, minutes: 1200 }, existing)).not.toThrow();
    expect(refusal(() => checkAgainstExisting({ serviceDate: '2024-05-31', startsAt: null, endsAt: null, minutes: 1201 }, existing)).field).toBe('input.minutes');
  });
});

describe('minute arithmetic', () => {
  it('sums exactly in integers', () => {
    expect(sumMinutes([])).toBe(0);
    expect(sumMinutes([{ minutes: 20 }, { minutes: 20 }, { minutes: 20 }])).toBe(60);
    // 0.1 h + 0.2 h as floats is 0.30000000000000004 h; 6 + 12 minutes is 18.
    expect(sumMinutes([{ minutes: 6 }, { minutes: 12 }])).toBe(18);
    expect(() => sumMinutes([{ minutes: 1.5 }])).toThrow(RangeError);
    expect(() => sumMinutes([{ minutes: -1 }])).toThrow(RangeError);
  });

  it('splits and formats hours and minutes', () => {
    expect(splitMinutes(0)).toEqual({ hours: 0, remainderMinutes: 0 });
    expect(splitMinutes(59)).toEqual({ hours: 0, remainderMinutes: 59 });
    expect(splitMinutes(725)).toEqual({ hours: 12, remainderMinutes: 5 });
    expect(formatDuration(725)).toBe('12小时05分');
    expect(formatDuration(60 * 1000)).toBe('1000小时00分');
  });
});
