import { describe, expect, it } from 'vitest';
import { regionBounds } from '../../src/index.ts';

describe('regionBounds (the community-code range a batch of statistics regions spans)', () => {
  it('spans every community code that begins with one of the regions', () => {
    expect(regionBounds(['150204001001'])).toEqual({ lo: '150204001001', hi: '150204001001' });
    expect(regionBounds(['150204003', '150204', '150204001002'])).toEqual({ lo: '150204', hi: '150204999999' });
    expect(regionBounds(['150205001', '150204002001'])).toEqual({ lo: '150204002001', hi: '150205001999' });
  });

  it('holds exactly the communities of a single street', () => {
    const { lo, hi } = regionBounds(['150204001']);
    const inside = (code: string) => code >= lo && code <= hi;
    expect(['150204001001', '150204001999'].every(inside)).toBe(true);
    expect(['150204000999', '150204002001', '150205001001'].some(inside)).toBe(false);
  });

  it('refuses an empty batch (a bug in the caller, not input)', () => {
    expect(() => regionBounds([])).toThrow();
  });
});
