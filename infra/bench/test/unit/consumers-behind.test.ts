import { describe, expect, it } from 'vitest';
import { formatBehind } from '../../src/consumers-behind.ts';

describe('formatBehind', () => {
  it('lists the consumers furthest behind first, ties by name', () => {
    expect(
      formatBehind([
        { consumer: 'funding__self_governance', pending: 3 },
        { consumer: 'self_governance__social_work', pending: 41_000 },
        { consumer: 'party_building__organizations', pending: 3 },
      ]),
    ).toBe('self_governance__social_work 41000, funding__self_governance 3, party_building__organizations 3');
  });

  it('is empty when nothing is behind', () => {
    expect(formatBehind([])).toBe('');
  });
});
