import { describe, expect, it } from 'vitest';
import { figuresOf, perTenThousand } from '../../src/domain/region-statistics.ts';

describe('perTenThousand', () => {
  it('rounds to 2 decimals, half up, without binary-fraction drift', () => {
    expect(perTenThousand(7, 8000)).toBe(8.75);
    expect(perTenThousand(1, 3)).toBe(3333.33);
    expect(perTenThousand(2, 3)).toBe(6666.67);
    // 201 / 20,000 × 10,000 = 100.5 exactly; 1,005 / 10,000,000 × 10,000 = 1.005 → 1.01 (not 1.00)
    expect(perTenThousand(201, 20_000)).toBe(100.5);
    expect(perTenThousand(1005, 10_000_000)).toBe(1.01);
    expect(perTenThousand(0, 5000)).toBe(0);
  });

  it('is null without residents', () => {
    expect(perTenThousand(3, 0)).toBeNull();
    expect(perTenThousand(3, null)).toBeNull();
    expect(perTenThousand(3, undefined)).toBeNull();
  });
});

describe('figuresOf', () => {
  it('fills every track, category, grade and field, zeros included, and totals the tracks', () => {
    const figures = figuresOf(
      '150204@2025-01-01..2025-12-31',
      new Map([
        ['track:filed', 3],
        ['track:registered', 2],
        ['category:charity', 1],
        ['grade:4', 1],
        ['service_field:elderly', 4],
        ['new:', 2],
        ['projects_started:', 1],
      ]),
    );
    expect(figures.organizations).toBe(5);
    expect(figures.organizationsByTrack).toEqual([{ track: 'filed', count: 3 }, { track: 'registered', count: 2 }]);
    expect(figures.organizationsByCategory).toHaveLength(4);
    expect(figures.organizationsByCategory.find((c) => c.category === 'charity')!.count).toBe(1);
    expect(figures.organizationsByGrade.map((g) => g.grade)).toEqual([5, 4, 3, 2, 1]);
    expect(figures.organizationsByServiceField).toHaveLength(12);
    expect(figures).toMatchObject({ newOrganizations: 2, projectsStarted: 1 });
    expect(figuresOf('x', new Map())).toMatchObject({ organizations: 0, newOrganizations: 0, projectsStarted: 0 });
  });
});
