import { z } from 'zod';
import { DomainError, parseInput } from '@sanshe/service-kit';
import { isCalendarDate, parsePastDay } from './past-day.ts';

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

/** Before this, a meeting day is a typo: the platform's records of joint meetings start in 1990. */
const EARLIEST_MEETING_DAY = '1990-01-01';

/** Meetings are recorded after they were held: from 1990 up to today in the districts' time zone. */
export function parseMeetingInput(input: unknown, now: Date = new Date()): MeetingInput {
  const parsed = parseInput(meetingInput, input);
  parsePastDay(parsed.heldOn, 'input.heldOn', now, EARLIEST_MEETING_DAY);
  return parsed;
}

/** Seed 000/003: 区域党建联席会议 are convened by a street working committee or a community committee. */
export const MEETING_HOST_KINDS = ['street_working_committee', 'community_committee'] as const;

export function checkMeetingHost(host: { kind: string }, field = 'input.hostId'): void {
  if (!(MEETING_HOST_KINDS as readonly string[]).includes(host.kind)) {
    throw new DomainError('RULE_VIOLATION', `a joint meeting is convened by a street working committee or a community committee, not a ${host.kind}`, field);
  }
}
