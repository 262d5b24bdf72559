import { describe, expect, it } from 'vitest';
import { districtDate, districtYear } from '../../src/index.ts';

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
