import { describe, expect, it } from 'vitest';
import { partyStatisticsOf, type StatisticsFacts } from '../../src/domain/statistics.ts';

const none: Omit<StatisticsFacts, 'kind'> = { organizations: 0, members: 0, stations: 0, meetings: 0, activeOrganizations: 0, coveredOrganizations: 0 };

describe('partyStatisticsOf', () => {
  it('adds up kinds, members, stations, meetings and the coverage share (rounded down, as PartyCoverage)', () => {
    const figures = partyStatisticsOf('150204@2016-01-01..2016-12-31', [
      { ...none, kind: 'branch', organizations: 2, members: 9 },
      { ...none, kind: 'joint_branch', organizations: 1, members: 6 },
      { ...none, kind: 'branch', organizations: 1, members: 3 },
      { ...none, kind: null, stations: 4 },
      { ...none, kind: null, meetings: 2 },
      { ...none, kind: null, activeOrganizations: 9, coveredOrganizations: 5 },
    ]);
    expect(figures).toEqual({
      id: '150204@2016-01-01..2016-12-31',
      partyOrganizations: 4,
      partyOrganizationsByKind: [
        { kind: 'street_working_committee', count: 0 },
        { kind: 'community_committee', count: 0 },
        { kind: 'general_branch', count: 0 },
        { kind: 'branch', count: 3 },
        { kind: 'joint_branch', count: 1 },
      ],
      partyMembers: 18,
      partyServiceStations: 4,
      jointMeetingsHeld: 2,
      partyCoveragePerMille: 555,
    });
  });

  it('gives a region without data zeros and no coverage share', () => {
    const figures = partyStatisticsOf('150204009@2016-01-01..2016-12-31', []);
    expect(figures.partyOrganizations).toBe(0);
    expect(figures.partyOrganizationsByKind.every((k) => k.count === 0)).toBe(true);
    expect(figures.partyCoveragePerMille).toBeNull();
  });
});
