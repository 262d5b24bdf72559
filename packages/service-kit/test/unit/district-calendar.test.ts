import { describe, expect, it } from 'vitest';
import { addDays, districtDate, districtYear } from '../../src/index.ts';

describe('district calendar (Asia/Shanghai, UTC+8)', () => {
  it('is the next day from 16:00 UTC on', () => {
    expect(districtDate(new Date('2026-03-31T15:59:59.999Z'))).toBe('2026-03-31');
    expect(districtDate(new Date('2026-03-31T16:00:00.000Z'))).toBe('2026-04-01');
  });

  it('turns the year at 16:00 UTC on 31 December', () => {
    expect(districtYear(new Date('2025-12-31T15:59:00Z'))).toBe(2025);
    expect(districtYear(new Date('2025-12-31T16:00:00Z'))).toBe(2026);
  });

  it('keeps UTC+8 in summer (no daylight saving) and defaults to now', () => {
    expect(districtDate(new Date('2026-07-01T16:30:00Z'))).toBe('2026-07-02');
    const now = new Date();
    expect(districtDate()).toBe(districtDate(now));
  });
});

describe('addDays', () => {
  it('rolls over month, leap-day and year ends, both ways', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2023-03-01', -1)).toBe('2023-02-28');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-01-01', -366)).toBe('2024-12-31');
    expect(addDays('2026-11-22', 0)).toBe('2026-11-22');
  });

  it('keeps years below 100 as written (Date.UTC would read 0050 as 1950)', () => {
    expect(addDays('0050-01-01', 1)).toBe('0050-01-02');
  });
});
