import { describe, expect, it } from 'vitest';
import type { DomainError } from '@sanshe/service-kit';
import { importSize, MAX_IMPORT_RECORDS, pastTimestamp } from '../../src/domain/bulk.ts';
import { IMPORTED_MEDIATOR, parseDisputeRecord, type DisputeImportRecord } from '../../src/domain/dispute-store.ts';

const NOW = new Date('2024-06-01T12:00:00+08:00');

const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return { code: (error as DomainError).code, field: (error as DomainError).field };
  }
  throw new Error('expected a refusal');
};

describe('import size', () => {
  it('takes 1 to 1,000 records', () => {
    expect(importSize([1])).toHaveLength(1);
    expect(importSize(Array.from({ length: MAX_IMPORT_RECORDS }))).toHaveLength(1000);
    expect(refusal(() => importSize([]))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.records' });
    expect(refusal(() => importSize(Array.from({ length: 1001 })))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.records' });
  });
});

describe('historical timestamps', () => {
  it('default to the import’s clock reading and take any past moment with an offset', () => {
    expect(pastTimestamp(null, 'f', NOW)).toBe(NOW);
    expect(pastTimestamp(undefined, 'f', NOW)).toBe(NOW);
    expect(pastTimestamp('2016-05-01T09:30:00+08:00', 'f', NOW).toISOString()).toBe('2016-05-01T01:30:00.000Z');
    expect(pastTimestamp('2024-06-01T04:00:00Z', 'f', NOW).getTime()).toBe(NOW.getTime());
  });

  it('refuse the future, a time without offset, and dates before 1949-10-01', () => {
    for (const bad of ['2024-06-01T12:00:01+08:00', '2016-05-01T09:30:00', '2016-05-01', '1949-09-30T23:59:59+08:00', 'yesterday']) {
      expect(refusal(() => pastTimestamp(bad, 'input.records.3.reportedAt', NOW)), bad).toEqual({ code: 'BAD_USER_INPUT', field: 'input.records.3.reportedAt' });
    }
  });
});

describe('an imported dispute', () => {
  const record = (overrides: Partial<DisputeImportRecord> = {}): DisputeImportRecord => ({
    communityCode: '150204001001',
    category: 'neighbourhood',
    summary: '楼上漏水',
    parties: [{ name: '张建华' }],
    reportedAt: '2016-03-01T10:00:00+08:00',
    ...overrides,
  });
  const F = 'input.records.4';

  it('is open unless it gives when and how it was resolved; then mediated by 多元民主协商 unless named', () => {
    expect(parseDisputeRecord(record(), F, NOW).resolved).toBeNull();
    const settled = parseDisputeRecord(record({ resolvedAt: '2016-03-01T10:00:00+08:00', resolution: ' 和解 ' }), F, NOW);
    expect(settled.resolved).toEqual({ at: new Date('2016-03-01T02:00:00Z'), outcome: '和解', mediator: IMPORTED_MEDIATOR });
    expect(parseDisputeRecord(record({ resolvedAt: '2016-03-02T10:00:00+08:00', resolution: '和解', mediator: '调解委员会' }), F, NOW).resolved?.mediator).toBe('调解委员会');
  });

  it('names the record and the field of the first problem', () => {
    const cases: [Partial<DisputeImportRecord>, string][] = [
      [{ summary: '' }, `${F}.summary`],
      [{ parties: [] }, `${F}.parties`],
      [{ parties: [{ name: '张建华' }, { name: '李明', phone: '12345678901' }] }, `${F}.parties.1.phone`],
      [{ parties: [{ name: '张建华', idNumber: '110105194912310021' }] }, `${F}.parties.0.idNumber`],
      [{ reportedAt: '2030-01-01T00:00:00+08:00' }, `${F}.reportedAt`],
      [{ resolution: '和解' }, `${F}.resolvedAt`],
      [{ resolvedAt: '2016-03-02T10:00:00+08:00' }, `${F}.resolution`],
      [{ mediator: '调解委员会' }, `${F}.mediator`],
      [{ resolvedAt: '2016-02-29T10:00:00+08:00', resolution: '和解' }, `${F}.resolvedAt`],
      [{ resolvedAt: '2030-01-01T00:00:00+08:00', resolution: '和解' }, `${F}.resolvedAt`],
    ];
    for (const [overrides, field] of cases) expect(refusal(() => parseDisputeRecord(record(overrides), F, NOW)), field).toEqual({ code: 'BAD_USER_INPUT', field });
  });
});
