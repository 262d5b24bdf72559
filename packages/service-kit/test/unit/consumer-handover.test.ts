import { describe, expect, it } from 'vitest';
import type { ConsumerInfo } from '@nats-io/jetstream';
import { filterCovers, filterSubjectsOf, handoverStart, obsoleteDurables, subjectWithin } from '../../src/inbox/consumer-handover.ts';

/** The parts of a consumer's info the handover reads. */
const consumer = (name: string, filter: { filter_subject?: string; filter_subjects?: string[] }, ackedThrough: number) =>
  ({ name, config: { durable_name: name, ...filter }, ack_floor: { stream_seq: ackedThrough, consumer_seq: 0 }, num_pending: 0, num_ack_pending: 0 }) as unknown as ConsumerInfo;

describe('subjectWithin', () => {
  it('matches literal subjects exactly', () => {
    expect(subjectWithin('p.social-work.case.opened', 'p.social-work.case.opened')).toBe(true);
    expect(subjectWithin('p.social-work.case.opened', 'p.social-work.case.closed')).toBe(false);
    expect(subjectWithin('p.social-work.case', 'p.social-work.case.opened')).toBe(false);
    expect(subjectWithin('p.social-work.case.opened.x', 'p.social-work.case.opened')).toBe(false);
  });

  it('lets > stand for one or more trailing tokens and * for exactly one', () => {
    expect(subjectWithin('p.social-work.case.opened', 'p.social-work.>')).toBe(true);
    expect(subjectWithin('p.social-work', 'p.social-work.>')).toBe(false);
    expect(subjectWithin('p.social-work.case.opened', 'p.*.case.opened')).toBe(true);
    expect(subjectWithin('p.social-work.case.opened', 'p.*.case')).toBe(false);
  });

  it('counts a pattern within another only when the other is at least as wide, token by token', () => {
    expect(subjectWithin('p.social-work.case.>', 'p.social-work.>')).toBe(true);
    expect(subjectWithin('p.social-work.>', 'p.social-work.>')).toBe(true);
    expect(subjectWithin('p.social-work.>', 'p.social-work.case.>')).toBe(false);
    expect(subjectWithin('p.*.case.opened', 'p.social-work.case.opened')).toBe(false);
    expect(subjectWithin('p.social-work.>', 'p.social-work.*')).toBe(false);
    expect(subjectWithin('p.social-work.*', 'p.social-work.>')).toBe(true);
  });
});

describe('filterCovers', () => {
  it('reads a consumer without a filter as taking the whole stream', () => {
    expect(filterCovers([], 'p.anything.at.all')).toBe(true);
  });

  it('needs one of several filters to take the subject whole', () => {
    expect(filterCovers(['p.social-work.case.opened', 'p.social-work.case.closed'], 'p.social-work.case.closed')).toBe(true);
    expect(filterCovers(['p.social-work.case.opened'], 'p.social-work.>')).toBe(false);
  });
});

describe('filterSubjectsOf', () => {
  it('lists one subject, several, or none', () => {
    expect(filterSubjectsOf({ filter_subject: 'p.a.>' })).toEqual(['p.a.>']);
    expect(filterSubjectsOf({ filter_subjects: ['p.a.x', 'p.a.y'] })).toEqual(['p.a.x', 'p.a.y']);
    expect(filterSubjectsOf({})).toEqual([]);
  });
});

describe('obsoleteDurables', () => {
  const list = [
    consumer('self-governance__social-work', {}, 0),
    consumer('self-governance__social-work_case_opened', {}, 0),
    consumer('self-governance-archive__social-work', {}, 0),
    consumer('social-work__self-governance', {}, 0),
    consumer('partner-alpha', {}, 0),
  ];

  it('takes only this service’s durables that the plan no longer has', () => {
    const planned = new Set(['self-governance__social-work_case_opened']);
    expect(obsoleteDurables(list, 'self-governance', planned).map((c) => c.name)).toEqual(['self-governance__social-work']);
  });

  it('finds nothing when the plan has every durable', () => {
    const planned = new Set(['self-governance__social-work', 'self-governance__social-work_case_opened']);
    expect(obsoleteDurables(list, 'self-governance', planned)).toEqual([]);
  });
});

describe('handoverStart', () => {
  const opened = 'p.social-work.case.opened';
  const closed = 'p.social-work.case.closed';

  it('starts one past the floor of a retired durable that received the subject', () => {
    expect(handoverStart([consumer('sg__social-work', { filter_subjects: [opened, closed] }, 4_200)], [opened])).toBe(4_201);
    expect(handoverStart([consumer('sg__social-work', { filter_subject: 'p.social-work.>' }, 17)], [closed])).toBe(18);
  });

  it('takes the lowest floor when several retired durables received it, so nothing is skipped', () => {
    const retired = [consumer('a', { filter_subject: 'p.social-work.>' }, 900), consumer('b', { filter_subject: opened }, 300)];
    expect(handoverStart(retired, [opened])).toBe(301);
    expect(handoverStart(retired, [closed])).toBe(901);
  });

  it('ignores a retired durable that missed one of the new durable’s subjects', () => {
    expect(handoverStart([consumer('a', { filter_subject: opened }, 900)], [closed])).toBeUndefined();
    expect(handoverStart([consumer('a', { filter_subject: opened }, 900)], [opened, closed])).toBeUndefined();
    expect(handoverStart([consumer('a', { filter_subject: opened }, 900)], ['p.social-work.>'])).toBeUndefined();
  });

  it('starts at the beginning when nothing is retired', () => {
    expect(handoverStart([], [opened])).toBeUndefined();
  });

  it('hands over from a retired durable that had acknowledged nothing as the stream’s first event', () => {
    expect(handoverStart([consumer('a', {}, 0)], [opened])).toBe(1);
  });
});
