import { describe, expect, it } from 'vitest';
import { periodRanges, regionsOf, rollupRows, stockRanges } from '../../src/domain/statistics-rollup.ts';
import { statisticsOf } from '../../src/domain/statistics-store.ts';
import { vacantPosts } from '../../src/domain/funded-posts-store.ts';

describe('rollupRows', () => {
  it('adds each change to the community, its street and its district, per day and per month', () => {
    const rows = rollupRows([{ communityCode: '150204001001', day: '2024-03-10', verifiedMinutes: 60, verifiedRecords: 1 }]);
    expect(rows.map((r) => [r.regionCode, r.grain, r.startsOn, r.verifiedMinutes, r.verifiedRecords, r.volunteersRegistered])).toEqual([
      ['150204', 'day', '2024-03-10', 60, 1, 0],
      ['150204', 'month', '2024-03-01', 60, 1, 0],
      ['150204001', 'day', '2024-03-10', 60, 1, 0],
      ['150204001', 'month', '2024-03-01', 60, 1, 0],
      ['150204001001', 'day', '2024-03-10', 60, 1, 0],
      ['150204001001', 'month', '2024-03-01', 60, 1, 0],
    ]);
    expect(regionsOf('150204001001')).toEqual(['150204', '150204001', '150204001001']);
  });

  it('sums changes that meet in a row and sorts by the key (the lock order of concurrent writers)', () => {
    const rows = rollupRows([
      { communityCode: '150204002001', day: '2024-03-31', volunteersRegistered: 1 },
      { communityCode: '150204001001', day: '2024-03-10', casesOpened: 1 },
      { communityCode: '150204001002', day: '2024-03-10', casesOpened: 1, casesClosed: 1 },
    ]);
    const keys = rows.map((r) => [r.regionCode, r.grain, r.startsOn].join(' '));
    expect(keys).toEqual([...keys].sort());
    const district = (grain: string, startsOn: string) => rows.find((r) => r.regionCode === '150204' && r.grain === grain && r.startsOn === startsOn)!;
    expect(district('month', '2024-03-01')).toMatchObject({ volunteersRegistered: 1, casesOpened: 2, casesClosed: 1 });
    expect(district('day', '2024-03-10')).toMatchObject({ volunteersRegistered: 0, casesOpened: 2, casesClosed: 1 });
    expect(rows.filter((r) => r.regionCode === '150204001')).toHaveLength(2);
    // District: two days and the month; each street: its day and the month; each community: its day and month.
    expect(rows).toHaveLength(3 + 2 + 2 + 3 * 2);
  });
});

describe('periodRanges: whole months from month rows, ragged edges from day rows', () => {
  const none = (from: string) => ({ from, until: from });
  it('a calendar year is twelve months and no days', () => {
    expect(periodRanges('2024-01-01', '2024-12-31')).toEqual({ months: { from: '2024-01-01', until: '2025-01-01' }, days: [none('2024-01-01'), none('2025-01-01')] });
  });
  it('ragged edges on both sides', () => {
    expect(periodRanges('2024-03-05', '2024-07-20')).toEqual({
      months: { from: '2024-04-01', until: '2024-07-01' },
      days: [
        { from: '2024-03-05', until: '2024-04-01' },
        { from: '2024-07-01', until: '2024-07-21' },
      ],
    });
  });
  it('inside one month, or across a month boundary without a whole month: days only', () => {
    expect(periodRanges('2024-03-05', '2024-03-20')).toEqual({ months: none('2024-04-01'), days: [{ from: '2024-03-05', until: '2024-03-21' }, none('2024-03-21')] });
    expect(periodRanges('2024-03-05', '2024-04-10')).toEqual({ months: none('2024-04-01'), days: [{ from: '2024-03-05', until: '2024-04-11' }, none('2024-04-11')] });
    expect(periodRanges('2024-02-29', '2024-02-29')).toEqual({ months: none('2024-03-01'), days: [{ from: '2024-02-29', until: '2024-03-01' }, none('2024-03-01')] });
  });
  it('crosses years', () => {
    expect(periodRanges('2023-12-15', '2024-02-29')).toEqual({
      months: { from: '2024-01-01', until: '2024-03-01' },
      days: [{ from: '2023-12-15', until: '2024-01-01' }, none('2024-03-01')],
    });
  });
});

describe('stockRanges: everything up to the last day', () => {
  it('every earlier month, and the last month day by day unless the period ends with it', () => {
    expect(stockRanges('2024-12-31')).toEqual({ monthsUntil: '2025-01-01', days: { from: '2025-01-01', until: '2025-01-01' } });
    expect(stockRanges('2024-07-20')).toEqual({ monthsUntil: '2024-07-01', days: { from: '2024-07-01', until: '2024-07-21' } });
  });
});

describe('statisticsOf', () => {
  it('gives a region without data zeros and every level and kind', () => {
    expect(statisticsOf('150204@2024-01-01..2024-12-31', new Map())).toEqual({
      id: '150204@2024-01-01..2024-12-31',
      socialWorkers: 0,
      certifiedSocialWorkers: 0,
      certifiedSocialWorkersByLevel: [
        { level: 'assistant', count: 0 },
        { level: 'intermediate', count: 0 },
        { level: 'senior', count: 0 },
      ],
      professionalSocialWorkersInOrganizations: 0,
      socialWorkStationsByKind: [
        { kind: 'station', count: 0 },
        { kind: 'centre', count: 0 },
      ],
      volunteers: 0,
      volunteerMinutes: 0,
      volunteerRecords: 0,
      serviceCasesOpened: 0,
      serviceCasesClosed: 0,
      fundedSocialWorkPosts: 0,
    });
  });

  it('counts certified and uncertified workers together', () => {
    const s = statisticsOf('x', new Map([['certified:senior', 2], ['certified:assistant', 1], ['uncertified', 4]]));
    expect([s.socialWorkers, s.certifiedSocialWorkers]).toEqual([7, 3]);
  });
});

describe('vacantPosts', () => {
  it('is what government-post workers do not fill, never below zero', () => {
    expect(vacantPosts({ funded: 5, filledBy: 2 })).toBe(3);
    expect(vacantPosts({ funded: 1, filledBy: 4 })).toBe(0);
  });
});
