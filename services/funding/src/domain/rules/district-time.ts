import { DomainError } from '@sanshe/service-kit';
import { isoDate } from './text.ts';

/**
 * The districts keep Beijing time (UTC+8 all year, no daylight saving): "today", award dates and
 * report periods are theirs, not the server's.
 */
const OFFSET = '+08:00';

export interface Period {
  from: string;
  to: string;
  /** Half-open instant range [start, end): from 00:00 on `from` to 00:00 the day after `to`. */
  start: Date;
  end: Date;
}

/** A report period of whole district days, both ends included. */
export function parsePeriod(input: { from: string; to: string }, field = 'period'): Period {
  const from = isoDate(input.from, `${field}.from`);
  const to = isoDate(input.to, `${field}.to`);
  if (from > to) throw new DomainError('BAD_USER_INPUT', 'a period ends on or after the day it starts', `${field}.to`);
  const start = new Date(`${from}T00:00:00${OFFSET}`);
  const end = new Date(new Date(`${to}T00:00:00${OFFSET}`).getTime() + 24 * 3600 * 1000);
  return { from, to, start, end };
}
