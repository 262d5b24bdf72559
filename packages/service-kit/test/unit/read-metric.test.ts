import { describe, expect, it } from 'vitest';
import { readMetric } from '../../src/index.ts';

describe('readMetric', () => {
  const page = [
    '# HELP sanshe_sql_statements_total SQL statements sent to PostgreSQL.',
    '# TYPE sanshe_sql_statements_total counter',
    'sanshe_sql_statements_total{service="funding"} 1234',
    'process_cpu_seconds_total 12.5',
    'process_cpu_seconds_total_extra 99',
    '',
  ].join('\n');

  it('reads a sample with or without labels, and not one whose name only begins alike', () => {
    expect(readMetric(page, 'sanshe_sql_statements_total')).toBe(1234);
    expect(readMetric(page, 'process_cpu_seconds_total')).toBe(12.5);
  });

  it('is null for a metric the page does not have, and ignores comment lines', () => {
    expect(readMetric(page, 'process_resident_memory_bytes')).toBeNull();
    expect(readMetric('# sanshe_sql_statements_total 5', 'sanshe_sql_statements_total')).toBeNull();
  });
});
