import { describe, expect, it } from 'vitest';
import { backoffMs, keepTrying } from '../../src/server/keep-trying.ts';
import type { Logger } from '../../src/logger.ts';

/** A logger that keeps what was warned, to see each failure reported. */
function recordingLogger() {
  const warnings: { failures: number; message: string }[] = [];
  const logger = { warn: (fields: { failures: number }, message: string) => void warnings.push({ failures: fields.failures, message }) } as unknown as Logger;
  return { logger, warnings };
}

describe('keepTrying', () => {
  it('tries again after each failure until one succeeds, reporting and counting each', async () => {
    const { logger, warnings } = recordingLogger();
    let calls = 0;
    let counted = 0;
    const result = await keepTrying(
      'consumers refused',
      async () => {
        calls += 1;
        if (calls < 3) throw new Error(`refused ${calls}`);
        return 'running';
      },
      { logger, stopped: () => false, delayMs: () => 0, onFailure: () => (counted += 1) },
    );
    expect(result).toBe('running');
    expect(calls).toBe(3);
    expect(counted).toBe(2);
    expect(warnings).toEqual([
      { failures: 1, message: 'consumers refused; retrying' },
      { failures: 2, message: 'consumers refused; retrying' },
    ]);
  });

  it('gives up with null once the service is stopping', async () => {
    const { logger } = recordingLogger();
    let stopping = false;
    let calls = 0;
    const result = await keepTrying(
      'never works',
      async () => {
        calls += 1;
        stopping = calls === 2;
        throw new Error('down');
      },
      { logger, stopped: () => stopping, delayMs: () => 0 },
    );
    expect(result).toBeNull();
    expect(calls).toBe(2);
  });

  it('waits longer after each failure by default, never more than 10 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(backoffMs)).toEqual([500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
  });
});
