import { describe, expect, it } from 'vitest';
import { refusal } from '@sanshe/testing/refusal';
import { parsePastDay } from '../../src/domain/past-day.ts';
import { requestsJointBranchSubsidy, SUBSIDY_WINDOW_DAYS } from '../../src/domain/party-rules.ts';

// 2026-03-01 07:30 in Baotou is still 2026-02-28 on a server keeping UTC.
const EARLY_MORNING = new Date('2026-02-28T23:30:00Z');

describe('parsePastDay', () => {
  it('is null when no day is given: the mutation stamps the moment it runs', () => {
    expect(parsePastDay(undefined, 'input.foundedOn', EARLY_MORNING)).toBeNull();
    expect(parsePastDay(null, 'input.foundedOn', EARLY_MORNING)).toBeNull();
  });

  it('stands for the start of the day in Beijing time', () => {
    expect(parsePastDay('2016-03-01', 'input.foundedOn', EARLY_MORNING)).toEqual({ day: '2016-03-01', at: new Date('2016-02-29T16:00:00Z') });
    expect(parsePastDay('1949-10-01', 'input.foundedOn', EARLY_MORNING)!.at.toISOString()).toBe('1949-09-30T16:00:00.000Z');
  });

  it("accepts today in the districts' calendar, not the server's, and refuses tomorrow", () => {
    expect(parsePastDay('2026-03-01', 'input.openedOn', EARLY_MORNING)!.day).toBe('2026-03-01');
    expect(refusal(() => parsePastDay('2026-03-02', 'input.openedOn', EARLY_MORNING))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.openedOn' });
  });

  it('refuses days that do not exist, other formats and days before 1949-10-01, naming the field', () => {
    for (const bad of ['2025-02-29', '2016-3-1', '2016-03-01T09:00:00+08:00', '', '1949-09-30']) {
      expect(refusal(() => parsePastDay(bad, 'input.foundedOn', EARLY_MORNING))).toEqual({ code: 'BAD_USER_INPUT', field: 'input.foundedOn' });
    }
  });
});

describe('requestsJointBranchSubsidy', () => {
  it('asks for a joint branch founded today or within the last 365 days, not one founded earlier', () => {
    expect(SUBSIDY_WINDOW_DAYS).toBe(365);
    expect(requestsJointBranchSubsidy('joint_branch', '2026-11-23', '2026-11-23')).toBe(true);
    expect(requestsJointBranchSubsidy('joint_branch', '2025-12-30', '2026-01-02')).toBe(true);
    expect(requestsJointBranchSubsidy('joint_branch', '2025-11-23', '2026-11-23')).toBe(true);
    expect(requestsJointBranchSubsidy('joint_branch', '2025-11-22', '2026-11-23')).toBe(false);
    expect(requestsJointBranchSubsidy('joint_branch', '2016-03-01', '2026-11-23')).toBe(false);
  });

  it('never asks for another kind', () => {
    for (const kind of ['street_working_committee', 'community_committee', 'general_branch', 'branch'] as const) {
      expect(requestsJointBranchSubsidy(kind, '2026-11-23', '2026-11-23')).toBe(false);
    }
  });
});
