import { selfGovernance as contracts } from '@sanshe/events';
import { and, eq } from 'drizzle-orm';
import { DomainError, recordEvent, tablePage, type AnyPgTx, type PageArgs } from '@sanshe/service-kit';
import { deliberationMeetings, deliberationPlatforms, type DeliberationMeetingRow, type DeliberationPlatformRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import type { WriteAccess } from '../authorization.ts';
import { requireGrid } from './grid-store.ts';
import { meetingLifecycle } from './lifecycles.ts';
import { guarded, lockById, optionalEq, requireCommunity, withinFilter } from './store-kit.ts';
import { isoDateTime, optionalText, text, wholeNumber } from './validation.ts';

/** 居民议事平台 and the 四会 held on them: 民情恳谈会, 事务协调会, 工作听证会, 民主评议会. */

type MeetingKind = DeliberationMeetingRow['kind'];
type MeetingStatus = DeliberationMeetingRow['status'];

export async function createPlatform(
  db: Db,
  input: { communityCode: string; name: string; description?: string | null; gridCode?: string | null },
  access: WriteAccess,
) {
  const name = text(input.name, 'input.name', { min: 2, max: 100 });
  const description = optionalText(input.description, 'input.description', { max: 1000 });
  return db.transaction(async (tx) => {
    access.allow({ regionCode: input.communityCode }, 'input.communityCode');
    await requireCommunity(tx, input.communityCode, 'input.communityCode');
    if (input.gridCode != null) await requireGrid(tx, input.gridCode, 'input.gridCode', input.communityCode);
    const [row] = await guarded(
      () => tx.insert(deliberationPlatforms).values({ communityCode: input.communityCode, gridCode: input.gridCode ?? null, name, description }).returning(),
      { field: 'input.name', message: `the community already has a platform named ${name}` },
    );
    await recordEvent(
      tx,
      contracts.deliberationPlatformCreated,
      { platformId: row!.id, communityCode: row!.communityCode, name, gridCode: row!.gridCode },
      { subject: row!.id },
    );
    await access.audit(tx, 'DeliberationPlatform', row!.id);
    return row!;
  });
}

export const listPlatforms = (db: Db, communityCode: string, args: PageArgs) =>
  tablePage(
    db,
    deliberationPlatforms,
    { time: deliberationPlatforms.createdAt, id: deliberationPlatforms.id, direction: 'asc' },
    eq(deliberationPlatforms.communityCode, communityCode),
    args,
  );

export async function scheduleMeeting(
  db: Db,
  input: { platformId: string; kind: MeetingKind; title: string; scheduledAt: string; agenda: string[] },
  access: WriteAccess,
) {
  const title = text(input.title, 'input.title', { min: 2, max: 200 });
  const scheduledAt = isoDateTime(input.scheduledAt, 'input.scheduledAt');
  if (input.agenda.length < 1 || input.agenda.length > 20) throw new DomainError('BAD_USER_INPUT', 'an agenda has 1 to 20 items', 'input.agenda');
  const agenda = input.agenda.map((item, i) => text(item, `input.agenda.${i}`, { max: 300 }));
  return db.transaction(async (tx) => {
    const platform = await lockById<DeliberationPlatformRow>(tx, deliberationPlatforms, input.platformId, 'input.platformId', 'deliberation platform');
    access.allow({ regionCode: platform.communityCode }, 'input.platformId');
    const [row] = await tx
      .insert(deliberationMeetings)
      .values({ platformId: platform.id, communityCode: platform.communityCode, kind: input.kind, title, agenda, scheduledAt })
      .returning();
    await recordEvent(
      tx,
      contracts.meetingScheduled,
      {
        meetingId: row!.id,
        platformId: platform.id,
        communityCode: platform.communityCode,
        kind: row!.kind,
        scheduledAt: scheduledAt.toISOString(),
        agendaItems: agenda.length,
      },
      { subject: row!.id },
    );
    await access.audit(tx, 'DeliberationMeeting', row!.id);
    return row!;
  });
}

export async function holdMeeting(db: Db, input: { meetingId: string; eligible: number; present: number; minutes: string }, access: WriteAccess) {
  const eligible = wholeNumber(input.eligible, 'input.eligible', { min: 1, max: 1_000_000 });
  const present = wholeNumber(input.present, 'input.present', { max: 1_000_000 });
  if (present > eligible) throw new DomainError('BAD_USER_INPUT', 'more present than invited', 'input.present');
  const minutes = text(input.minutes, 'input.minutes', { max: 20_000 });
  return db.transaction(async (tx) => {
    const meeting = await lockById<DeliberationMeetingRow>(tx, deliberationMeetings, input.meetingId, 'input.meetingId', 'meeting');
    access.allow({ regionCode: meeting.communityCode }, 'input.meetingId');
    const status = meetingLifecycle.apply(meeting.status, 'hold', 'input.meetingId');
    const heldAt = new Date();
    const [row] = await tx
      .update(deliberationMeetings)
      .set({ status, eligibleCount: eligible, presentCount: present, minutes, heldAt })
      .where(eq(deliberationMeetings.id, meeting.id))
      .returning();
    await recordEvent(
      tx,
      contracts.meetingHeld,
      { meetingId: meeting.id, communityCode: meeting.communityCode, kind: meeting.kind, eligible, present, heldAt: heldAt.toISOString() },
      { subject: meeting.id },
    );
    await access.audit(tx, 'DeliberationMeeting', meeting.id);
    return row!;
  });
}

export async function cancelMeeting(db: Db, input: { meetingId: string; reason: string }, access: WriteAccess) {
  const reason = text(input.reason, 'input.reason', { max: 500 });
  return db.transaction(async (tx) => {
    const meeting = await lockById<DeliberationMeetingRow>(tx, deliberationMeetings, input.meetingId, 'input.meetingId', 'meeting');
    access.allow({ regionCode: meeting.communityCode }, 'input.meetingId');
    const status = meetingLifecycle.apply(meeting.status, 'cancel', 'input.meetingId');
    const [row] = await tx
      .update(deliberationMeetings)
      .set({ status, cancelledAt: new Date(), cancellationReason: reason })
      .where(eq(deliberationMeetings.id, meeting.id))
      .returning();
    await recordEvent(tx, contracts.meetingCancelled, { meetingId: meeting.id, communityCode: meeting.communityCode, kind: meeting.kind }, { subject: meeting.id });
    await access.audit(tx, 'DeliberationMeeting', meeting.id);
    return row!;
  });
}

/** A meeting a proposal step refers to: same community, not called off. */
export async function requireMeetingFor(tx: AnyPgTx, meetingId: string | null | undefined, communityCode: string, field = 'input.meetingId') {
  if (meetingId == null) return null;
  const meeting = await lockById<DeliberationMeetingRow>(tx, deliberationMeetings, meetingId, field, 'meeting');
  if (meeting.communityCode !== communityCode) throw new DomainError('RULE_VIOLATION', 'the meeting belongs to another community', field);
  if (meeting.status === 'cancelled') throw new DomainError('RULE_VIOLATION', 'the meeting was cancelled', field);
  return meeting;
}

export interface MeetingFilter {
  within?: string | null;
  communityCode?: string;
  platformId?: string;
  kind?: MeetingKind | null;
  status?: MeetingStatus | null;
}

export const listMeetings = (db: Db, filter: MeetingFilter, args: PageArgs) =>
  tablePage(
    db,
    deliberationMeetings,
    { time: deliberationMeetings.scheduledAt, id: deliberationMeetings.id, direction: 'desc' },
    and(
      withinFilter(deliberationMeetings.communityCode, filter.within),
      optionalEq(deliberationMeetings.communityCode, filter.communityCode),
      optionalEq(deliberationMeetings.platformId, filter.platformId),
      optionalEq(deliberationMeetings.kind, filter.kind),
      optionalEq(deliberationMeetings.status, filter.status),
    ),
    args,
  );
