import { describe, expect, it } from 'vitest';
import { refusal } from '@sanshe/testing/refusal';
import { parsePeriod } from '../../src/domain/rules/district-time.ts';
import { isoDate, requiredText } from '../../src/domain/rules/text.ts';
import { districtDate } from '@sanshe/service-kit';

describe('district time', () => {
  it('dates instants in Beijing time', () => {
    expect(districtDate(new Date('2024-06-14T15:59:59Z'))).toBe('2024-06-14');
    expect(districtDate(new Date('2024-06-14T16:00:00Z'))).toBe('2024-06-15');
  });

  it('a period is whole district days, both ends included', () => {
    const p = parsePeriod({ from: '2024-01-01', to: '2024-12-31' });
    expect(p.start.toISOString()).toBe('2023-12-31T16:00:00.000Z');
    expect(p.end.toISOString()).toBe('2024-12-31T16:00:00.000Z');
    const day = parsePeriod({ from: '2024-02-29', to: '2024-02-29' });
    expect(day.end.getTime() - day.start.getTime()).toBe(24 * 3600 * 1000);
  });

  it('refuses impossible dates and reversed periods', () => {
    expect(refusal(() => parsePeriod({ from: '2023-02-29', to: '2023-03-01' }))).toEqual({ code: 'BAD_USER_INPUT', field: 'period.from' });
    expect(refusal(() => parsePeriod({ from: '2024-03-02', to: '2024-03-01' }))).toEqual({ code: 'BAD_USER_INPUT', field: 'period.to' });
    expect(refusal(() => parsePeriod({ from: '2024-3-1', to: '2024-03-01' })).field).toBe('period.from');
  });
});

describe('text input', () => {
  it('trims and counts characters, not bytes', () => {
    expect(requiredText('  社区  ', 'input.name', 2, 2)).toBe('社区');
    expect(refusal(() => requiredText('社', 'input.name', 2, 10))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.name' });
    expect(isoDate('2024-02-29', 'd')).toBe('2024-02-29');
    expect(refusal(() => isoDate('2024-02-30', 'd')).field).toBe('d');
  });
});
