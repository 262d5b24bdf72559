import { z } from 'zod';
import { districtDate, DomainError, parseInput } from '@sanshe/service-kit';

/** A calendar date that exists (2024-02-30 does not), as YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}

const distinct = (label: string) => (values: string[], ctx: z.RefinementCtx) => {
  const seen = new Set<string>();
  for (const [i, value] of values.entries()) {
    if (seen.has(value)) ctx.addIssue({ code: 'custom', message: `${label} "${value}" is listed twice`, path: [i] });
    seen.add(value);
  }
};

const text = (min: number, max: number) => z.string().trim().min(min, `${min} to ${max} characters`).max(max, `${min} to ${max} characters`);

const meetingInput = z.object({
  hostId: z.string(),
  heldOn: z.string().refine(isCalendarDate, 'a date is YYYY-MM-DD'),
  // 驻区单位: resident units (enterprises, schools, hospitals, agencies) by name.
  participatingUnits: z.array(text(2, 100)).min(1, 'at least one resident unit takes part').max(100).superRefine(distinct('unit')),
  topics: z.array(text(1, 200)).min(1, 'a meeting has at least one topic').max(50).superRefine(distinct('topic')),
  outcomes: z.array(text(1, 500)).max(50).default([]),
});

export type MeetingInput = z.output<typeof meetingInput>;

/** Meetings are recorded after they were held: from 1990 up to today in the districts' time zone. */
export function parseMeetingInput(input: unknown, now: Date = new Date()): MeetingInput {
  const parsed = parseInput(meetingInput, input);
  if (parsed.heldOn < '1990-01-01' || parsed.heldOn > districtDate(now)) {
    throw new DomainError('BAD_USER_INPUT', `a meeting is recorded once held: from 1990-01-01 to ${districtDate(now)}`, 'input.heldOn');
  }
  return parsed;
}

/** Seed 000/003: 区域党建联席会议 are convened by a street working committee or a community committee. */
export const MEETING_HOST_KINDS = ['street_working_committee', 'community_committee'] as const;

export function checkMeetingHost(host: { kind: string }, field = 'input.hostId'): void {
  if (!(MEETING_HOST_KINDS as readonly string[]).includes(host.kind)) {
    throw new DomainError('RULE_VIOLATION', `a joint meeting is convened by a street working committee or a community committee, not a ${host.kind}`, field);
  }
}
