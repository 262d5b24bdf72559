import { describe, expect, it } from 'vitest';
import { batchByPeriod, DomainError, parseStatisticsId, statisticsByIds, statisticsKey } from '../../src/index.ts';

describe('statistics key', () => {
  it('round-trips region and period through the entity id', () => {
    const key = parseStatisticsId('150204004@2016-01-01..2016-12-31');
    expect(key).toMatchObject({ regionCode: '150204004', from: '2016-01-01', to: '2016-12-31' });
    // District time is UTC+8: the period starts at 16:00 UTC the day before.
    expect(key.startsAt.toISOString()).toBe('2015-12-31T16:00:00.000Z');
    expect(key.endsAt.toISOString()).toBe('2016-12-31T16:00:00.000Z');
  });

  it.each([
    ['1502', '2016-01-01', '2016-12-31', 'codes'],
    ['150204', '2016-02-30', '2016-12-31', 'from'],
    ['150204', '2016-01-01', '16-12-31', 'to'],
    ['150204', '2016-12-31', '2016-01-01', 'to'],
    ['150204', '1900-01-01', '2016-12-31', 'to'],
    ['150204', '2015-02-29', '2016-12-31', 'from'],
    ['150204', '2016-13-01', '2016-12-31', 'from'],
    ['150204', '2016-01-01', '2016-04-31', 'to'],
    ['150204', '2016-00-10', '2016-12-31', 'from'],
  ])('refuses %s %s..%s naming %s', (code, from, to, field) => {
    try {
      statisticsKey(code, from, to);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('BAD_USER_INPUT');
      expect((error as DomainError).field).toBe(field);
    }
  });

  it('takes a leap day and reads every year as written (no 19xx for two-digit years)', () => {
    expect(statisticsKey('150204', '2016-02-29', '2016-02-29').endsAt.toISOString()).toBe('2016-02-29T16:00:00.000Z');
    expect(statisticsKey('150204', '2000-02-29', '2000-03-01').startsAt.toISOString()).toBe('2000-02-28T16:00:00.000Z');
    expect(() => statisticsKey('150204', '0050-01-01', '0050-01-31')).not.toThrow();
    expect(statisticsKey('150204', '0050-01-01', '0050-01-31').startsAt.getUTCFullYear()).toBe(49);
  });

  it('refuses a malformed id naming the id', () => {
    expect(() => parseStatisticsId('150204:2016')).toThrow(/statistics id/);
  });

  it('batches keys by period with distinct region codes', () => {
    const keys = [
      statisticsKey('150204', '2016-01-01', '2016-12-31'),
      statisticsKey('150204001', '2016-01-01', '2016-12-31'),
      statisticsKey('150204', '2016-01-01', '2016-12-31'),
      statisticsKey('150204', '2017-01-01', '2017-12-31'),
    ];
    const batches = batchByPeriod(keys);
    expect(batches.map((b) => [b.from, b.regionCodes])).toEqual([
      ['2016-01-01', ['150204', '150204001']],
      ['2017-01-01', ['150204']],
    ]);
  });
});

describe('statisticsByIds', () => {
  it('answers the valid ids in one call, in order, and refuses a malformed one alone', async () => {
    const asked: string[][] = [];
    const answers = await statisticsByIds(['150204@2016-01-01..2016-12-31', 'not-an-id', '150204004@2016-01-01..2016-12-31'], async (keys) => {
      asked.push(keys.map((k) => k.regionCode));
      return new Map(keys.map((k) => [k.id, `figures of ${k.regionCode}`]));
    });
    expect(asked).toEqual([['150204', '150204004']]);
    expect(answers[0]).toBe('figures of 150204');
    expect(answers[1]).toBeInstanceOf(Error);
    expect(answers[2]).toBe('figures of 150204004');
  });
});
