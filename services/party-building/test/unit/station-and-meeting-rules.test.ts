import { describe, expect, it } from 'vitest';
import { refusal } from '@sanshe/testing/refusal';
import { checkStationHost, parseStationInput } from '../../src/domain/station-rules.ts';
import { checkMeetingHost, parseMeetingInput } from '../../src/domain/meeting-rules.ts';
import { isCalendarDate } from '../../src/domain/past-day.ts';

const station = (overrides: Record<string, unknown> = {}) => ({
  name: '先锋道第一社区3号楼党员服务站',
  communityCode: '150204001001',
  placement: 'building',
  locationLabel: '3号楼',
  ...overrides,
});

describe('service station input', () => {
  it('trims text and accepts every placement level', () => {
    for (const placement of ['community', 'grid', 'building', 'unit']) {
      expect(parseStationInput(station({ placement, name: '  服务站  ' }))).toMatchObject({ placement, name: '服务站' });
    }
  });

  it.each([
    [{ name: ' x ' }, 'input.name'],
    [{ name: '站'.repeat(101) }, 'input.name'],
    [{ communityCode: '150204001' }, 'input.communityCode'],
    [{ placement: 'courtyard' }, 'input.placement'],
    [{ locationLabel: '   ' }, 'input.locationLabel'],
    [{ locationLabel: '楼'.repeat(101) }, 'input.locationLabel'],
  ])('refuses %j naming %s', (overrides, field) => {
    expect(refusal(() => parseStationInput(station(overrides)))).toEqual({ code: 'BAD_USER_INPUT', field });
  });

  it('is run by a party organization of the community or its street’s working committee', () => {
    expect(() => checkStationHost('150204001001', { kind: 'community_committee', regionCode: '150204001001' })).not.toThrow();
    expect(() => checkStationHost('150204001001', { kind: 'street_working_committee', regionCode: '150204001' })).not.toThrow();
    expect(refusal(() => checkStationHost('150204001001', { kind: 'branch', regionCode: '150204001002' }))).toEqual({
      code: 'RULE_VIOLATION',
      field: 'input.partyOrganizationId',
    });
    expect(refusal(() => checkStationHost('150204001001', { kind: 'street_working_committee', regionCode: '150204002' })).code).toBe('RULE_VIOLATION');
  });
});

describe('joint meeting input', () => {
  const NOW = new Date('2024-06-30T18:00:00Z'); // 2024-07-01 02:00 in Baotou
  const meeting = (overrides: Record<string, unknown> = {}) => ({
    hostId: 'x',
    heldOn: '2024-06-28',
    participatingUnits: ['包钢集团', '青山区人民医院'],
    topics: ['老旧小区停车难'],
    ...overrides,
  });

  it('knows real calendar dates', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2024-13-01')).toBe(false);
    expect(isCalendarDate('2024-6-1')).toBe(false);
  });

  it('defaults outcomes to none and trims every line', () => {
    expect(parseMeetingInput(meeting({ topics: [' 停车 '] }), NOW)).toMatchObject({ topics: ['停车'], outcomes: [] });
  });

  it('accepts today in Beijing time, refuses tomorrow', () => {
    expect(() => parseMeetingInput(meeting({ heldOn: '2024-07-01' }), NOW)).not.toThrow();
    expect(refusal(() => parseMeetingInput(meeting({ heldOn: '2024-07-02' }), NOW))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.heldOn' });
  });

  it.each([
    [{ heldOn: '2024-02-30' }, 'input.heldOn'],
    [{ heldOn: '1989-12-31' }, 'input.heldOn'],
    [{ participatingUnits: [] }, 'input.participatingUnits'],
    [{ participatingUnits: ['包钢集团', ' 包钢集团 '] }, 'input.participatingUnits.1'],
    [{ participatingUnits: ['包'] }, 'input.participatingUnits.0'],
    [{ topics: [] }, 'input.topics'],
    [{ topics: ['停车', '停车'] }, 'input.topics.1'],
    [{ outcomes: [''] }, 'input.outcomes.0'],
  ])('refuses %j naming %s', (overrides, field) => {
    expect(refusal(() => parseMeetingInput(meeting(overrides), NOW))).toEqual({ code: 'BAD_USER_INPUT', field });
  });

  it('is convened by a working committee or a community committee', () => {
    expect(() => checkMeetingHost({ kind: 'street_working_committee' })).not.toThrow();
    expect(() => checkMeetingHost({ kind: 'community_committee' })).not.toThrow();
    for (const kind of ['general_branch', 'branch', 'joint_branch']) {
      expect(refusal(() => checkMeetingHost({ kind }))).toEqual({ code: 'RULE_VIOLATION', field: 'input.hostId' });
    }
  });
});
