import { z } from 'zod';
import { socialWork as contracts } from '@sanshe/events';
import { and, between, eq, gte, isNotNull, isNull, lte } from 'drizzle-orm';
import { DomainError, recordEvent, requireOrganization, tablePage, type Identity, type PageArgs, addDays } from '@sanshe/service-kit';
import { auditMutation, authorizeMutation } from '../authorization.ts';
import { volunteerServiceRecords, type VolunteerServiceRecordRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import { isoDate } from './district-date.ts';
import { addToRollup } from './statistics-rollup.ts';
import { checkAgainstExisting } from './hours.ts';
import { allOf, idEquals, parseFilter } from './listing.ts';
import { requireVolunteer, requireVolunteerRecord } from './lookup.ts';
import { visible, type Viewer } from './visibility.ts';
import type { RecordVolunteerServiceInput, VerifyVolunteerServiceInput } from './volunteer-rules.ts';

/**
 * Records a service by the recording organization. The volunteer's row is locked for the
 * transaction, so two records of one volunteer are checked against each other one after the other.
 */
export async function recordVolunteerService(db: Db, input: RecordVolunteerServiceInput, actor: Identity): Promise<VolunteerServiceRecordRow> {
  return db.transaction(async (tx) => {
    const volunteer = await requireVolunteer(tx, input.volunteerId, 'input.volunteerId', true);
    authorizeMutation(actor, 'recordVolunteerService', { communityCode: volunteer.communityCode, organizationId: input.organizationId });
    await requireOrganization(tx, input.organizationId, 'input.organizationId');
    // No record is longer than 24 h: the records starting a day either side are all that can clash.
    const nearby = await tx
      .select()
      .from(volunteerServiceRecords)
      .where(
        and(
          eq(volunteerServiceRecords.volunteerId, volunteer.id),
          between(volunteerServiceRecords.serviceDate, addDays(input.serviceDate, -1), addDays(input.serviceDate, 1)),
        ),
      );
    checkAgainstExisting(input, nearby);
    const [row] = (await tx.insert(volunteerServiceRecords).values(input).returning()) as [VolunteerServiceRecordRow];
    await recordEvent(
      tx,
      contracts.volunteerServiceRecorded,
      {
        recordId: row.id,
        volunteerId: row.volunteerId,
        organizationId: row.organizationId,
        communityCode: volunteer.communityCode,
        serviceDate: row.serviceDate,
        minutes: row.minutes,
      },
      { subject: row.id },
    );
    await auditMutation(tx, actor, 'recordVolunteerService', 'VolunteerServiceRecord', row.id, { volunteerId: row.volunteerId, organizationId: row.organizationId });
    return row;
  });
}

/**
 * The recording organization verifies its record ("谁记录、谁证明"); no other organization can.
 * Verifying a verified record changes nothing.
 */
export async function verifyVolunteerService(
  db: Db,
  input: VerifyVolunteerServiceInput,
  actor: Identity,
  now = new Date(),
): Promise<VolunteerServiceRecordRow> {
  return db.transaction(async (tx) => {
    const record = await requireVolunteerRecord(tx, input.recordId, 'input.recordId');
    const volunteer = await requireVolunteer(tx, record.volunteerId, 'input.recordId');
    authorizeMutation(actor, 'verifyVolunteerService', { communityCode: volunteer.communityCode, organizationId: record.organizationId });
    if (record.organizationId !== input.organizationId) {
      throw new DomainError('RULE_VIOLATION', 'only the organization that recorded the service verifies it', 'input.organizationId');
    }
    await requireOrganization(tx, input.organizationId, 'input.organizationId');
    if (record.verifiedAt) {
      await auditMutation(tx, actor, 'verifyVolunteerService', 'VolunteerServiceRecord', record.id, { changed: false });
      return record;
    }
    const [row] = (await tx
      .update(volunteerServiceRecords)
      .set({ verifiedAt: now })
      .where(eq(volunteerServiceRecords.id, record.id))
      .returning()) as [VolunteerServiceRecordRow];
    // Verified minutes are what the region statistics count: the rollup moves with them.
    await addToRollup(tx, [{ communityCode: volunteer.communityCode, day: row.serviceDate, verifiedMinutes: row.minutes, verifiedRecords: 1 }]);
    await recordEvent(
      tx,
      contracts.volunteerServiceVerified,
      {
        recordId: row.id,
        volunteerId: row.volunteerId,
        organizationId: row.organizationId,
        communityCode: volunteer.communityCode,
        minutes: row.minutes,
        verifiedAt: now.toISOString(),
      },
      { subject: row.id },
    );
    await auditMutation(tx, actor, 'verifyVolunteerService', 'VolunteerServiceRecord', row.id);
    return row;
  });
}

const recordFilter = z.object({
  volunteerId: z.string().nullish(),
  organizationId: z.string().nullish(),
  verified: z.boolean().nullish(),
  from: isoDate.nullish(),
  to: isoDate.nullish(),
});


/** Service records the viewer may see, in recording order. */
export function listVolunteerRecords(db: Db, filter: unknown, args: PageArgs, viewer: Viewer) {
  const f = parseFilter(recordFilter, filter);
  const r = volunteerServiceRecords;
  const where = allOf(
    visible.volunteerRecord(viewer),
    f.volunteerId && idEquals(r.volunteerId, f.volunteerId),
    f.organizationId && idEquals(r.organizationId, f.organizationId),
    f.verified === true && isNotNull(r.verifiedAt),
    f.verified === false && isNull(r.verifiedAt),
    f.from && gte(r.serviceDate, f.from),
    f.to && lte(r.serviceDate, f.to),
  );
  const order = { time: r.recordedAt, id: r.id, direction: 'asc' as const };
  return tablePage(db, r, order, where, args);
}
