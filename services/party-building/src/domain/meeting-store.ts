import { and, count, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import { DomainError, isUuid, type Identity, type PageArgs } from '@sanshe/service-kit';
import { auditMutation, authorizeCaller, authorizeWrite } from '../authorization.ts';
import { jointMeetings, partyOrganizations, type JointMeetingRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import { checkMeetingHost, parseMeetingInput } from './meeting-rules.ts';
import { isCalendarDate } from './past-day.ts';
import { dateIdConnection } from './date-paging.ts';
import { inRegion } from './region-scope.ts';

/** Records a 区域党建联席会议 after it was held: host, resident units, topics and outcomes. */
export async function recordJointMeeting(db: Db, identity: Identity, raw: unknown, now: Date = new Date()): Promise<JointMeetingRow> {
  authorizeCaller(identity, 'recordJointMeeting');
  const input = parseMeetingInput(raw, now);
  if (!isUuid(input.hostId)) throw new DomainError('NOT_FOUND', `no party organization ${input.hostId}`, 'input.hostId');
  return db.transaction(async (tx) => {
    const [host] = await tx.select().from(partyOrganizations).where(eq(partyOrganizations.id, input.hostId)).for('share');
    if (!host) throw new DomainError('NOT_FOUND', `no party organization ${input.hostId}`, 'input.hostId');
    authorizeWrite(identity, 'recordJointMeeting', { regionCode: host.regionCode }, 'input.hostId');
    checkMeetingHost(host);
    const [row] = (await tx
      .insert(jointMeetings)
      .values({
        hostId: host.id,
        regionCode: host.regionCode,
        heldOn: input.heldOn,
        participatingUnits: input.participatingUnits,
        topics: input.topics,
        outcomes: input.outcomes,
      })
      .returning()) as [JointMeetingRow];
    await auditMutation(tx, identity, 'recordJointMeeting', row.id, { regionCode: row.regionCode, hostId: host.id });
    return row;
  });
}

export interface MeetingFilter {
  regionCode: string;
  hostId?: string | null;
  from?: string | null;
  to?: string | null;
}

/** Meetings of a district, street or community (by the host's region), newest first. */
export function listJointMeetings(db: Db, filter: MeetingFilter, args: PageArgs) {
  const conditions: SQL[] = [inRegion(jointMeetings.regionCode, filter.regionCode)];
  if (filter.hostId != null) conditions.push(isUuid(filter.hostId) ? eq(jointMeetings.hostId, filter.hostId) : sql`false`);
  for (const bound of ['from', 'to'] as const) {
    const value = filter[bound];
    if (value == null) continue;
    if (!isCalendarDate(value)) throw new DomainError('BAD_USER_INPUT', `${bound} is a date YYYY-MM-DD`, bound);
    conditions.push(bound === 'from' ? gte(jointMeetings.heldOn, value) : lte(jointMeetings.heldOn, value));
  }
  const where = and(...conditions);
  return dateIdConnection(args, { date: jointMeetings.heldOn, id: jointMeetings.id }, {
    rows: (after, orderBy, limit) =>
      db
        .select()
        .from(jointMeetings)
        .where(and(where, after))
        .orderBy(...orderBy)
        .limit(limit),
    count: async () => (await db.select({ n: count() }).from(jointMeetings).where(where))[0]?.n ?? 0,
    keyOf: (r) => [r.heldOn, r.id],
  });
}
