import { z } from 'zod';
import { socialWork as contracts } from '@sanshe/events';
import { and, eq, inArray, like, max, sql } from 'drizzle-orm';
import { DomainError, isUniqueViolation, recordEvent, requireOrganization, tablePage, type Identity, type PageArgs, districtDate } from '@sanshe/service-kit';
import { auditMutation, authorizeMutation } from '../authorization.ts';
import {
  volunteerCertificateRecords,
  volunteerCertificates,
  volunteerServiceRecords,
  type VolunteerCertificateRow,
} from '../db/schema.ts';
import type { Db } from '../context.ts';
import { CERTIFICATE_PREFIX, certificateCoverage, certificateNumber, nextSerial } from './certificate.ts';
import { allOf, idEquals, parseFilter } from './listing.ts';
import { requireVolunteer } from './lookup.ts';
import { visible, type Viewer } from './visibility.ts';
import type { IssueCertificateInput } from './volunteer-rules.ts';

/** Issues a certificate of the organization's verified records of the volunteer (see certificate.ts). */
export async function issueCertificate(db: Db, input: IssueCertificateInput, actor: Identity, today = new Date()): Promise<VolunteerCertificateRow> {
  return db.transaction(async (tx) => {
    // Locking the volunteer keeps a record from being added or verified while its total is taken.
    const volunteer = await requireVolunteer(tx, input.volunteerId, 'input.volunteerId', true);
    authorizeMutation(actor, 'issueVolunteerCertificate', { communityCode: volunteer.communityCode, organizationId: input.organizationId });
    await requireOrganization(tx, input.organizationId, 'input.organizationId');
    const issuedOn = input.issuedOn ?? districtDate(today);
    const records = await tx
      .select()
      .from(volunteerServiceRecords)
      .where(and(eq(volunteerServiceRecords.volunteerId, volunteer.id), eq(volunteerServiceRecords.organizationId, input.organizationId)));
    const coverage = certificateCoverage(records, { volunteerId: volunteer.id, organizationId: input.organizationId, issuedOn });

    // Serials are counted per year of issue, one issuer at a time.
    const year = issuedOn.slice(0, 4);
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`volunteer-certificate-serial-${year}`}))`);
    const [last] = await tx
      .select({ number: max(volunteerCertificates.number) })
      .from(volunteerCertificates)
      .where(like(volunteerCertificates.number, `${CERTIFICATE_PREFIX}-${year}-%`));
    const number = certificateNumber(issuedOn, nextSerial(last?.number ? [last.number] : []));

    let row: VolunteerCertificateRow;
    try {
      [row] = (await tx
        .insert(volunteerCertificates)
        .values({
          number,
          volunteerId: volunteer.id,
          organizationId: input.organizationId,
          handlerName: input.handlerName,
          issuedOn,
          totalMinutes: coverage.totalMinutes,
          recordCount: coverage.recordCount,
          firstServiceDate: coverage.firstServiceDate,
          lastServiceDate: coverage.lastServiceDate,
        })
        .returning()) as [VolunteerCertificateRow];
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('CONFLICT', `certificate number ${number} is taken; try again`, 'input.issuedOn');
      throw error;
    }
    await tx.insert(volunteerCertificateRecords).values(coverage.recordIds.map((recordId) => ({ certificateId: row.id, recordId })));
    await recordEvent(
      tx,
      contracts.volunteerCertificateIssued,
      {
        certificateId: row.id,
        number: row.number,
        volunteerId: row.volunteerId,
        organizationId: row.organizationId,
        issuedOn: row.issuedOn,
        totalMinutes: row.totalMinutes,
        recordCount: row.recordCount,
      },
      { subject: row.id },
    );
    await auditMutation(tx, actor, 'issueVolunteerCertificate', 'VolunteerCertificate', row.id, { volunteerId: row.volunteerId, organizationId: row.organizationId });
    return row;
  });
}

export async function findCertificateByNumber(db: Db, number: string, viewer: Viewer): Promise<VolunteerCertificateRow | null> {
  const [row] = await db
    .select()
    .from(volunteerCertificates)
    .where(and(eq(volunteerCertificates.number, number.trim()), visible.certificate(viewer)));
  return row ?? null;
}

const certificateFilter = z.object({ volunteerId: z.string().nullish(), organizationId: z.string().nullish() });


/** Certificates the viewer may see, in issue order. */
export function listCertificates(db: Db, filter: unknown, args: PageArgs, viewer: Viewer) {
  const f = parseFilter(certificateFilter, filter);
  const c = volunteerCertificates;
  const where = allOf(
    visible.certificate(viewer),
    f.volunteerId && idEquals(c.volunteerId, f.volunteerId),
    f.organizationId && idEquals(c.organizationId, f.organizationId),
  );
  return tablePage(db, c, { time: c.issuedAt, id: c.id, direction: 'asc' }, where, args);
}

/** The records a certificate covers (of those the viewer may see: all of them, to whoever sees the certificate), in recording order. */
export function listCertificateRecords(db: Db, certificateId: string, args: PageArgs, viewer: Viewer) {
  const r = volunteerServiceRecords;
  const covered = db
    .select({ id: volunteerCertificateRecords.recordId })
    .from(volunteerCertificateRecords)
    .where(idEquals(volunteerCertificateRecords.certificateId, certificateId));
  return tablePage(db, r, { time: r.recordedAt, id: r.id, direction: 'asc' }, allOf(inArray(r.id, covered), visible.volunteerRecord(viewer)), args);
}

/** The covered records' minutes summed now, per certificate, in one grouped statement. */
export async function recomputeCertificateMinutes(db: Db, certificateIds: readonly string[]): Promise<number[]> {
  const rows = await db
    .select({ id: volunteerCertificateRecords.certificateId, minutes: sql<string>`coalesce(sum(${volunteerServiceRecords.minutes}), 0)` })
    .from(volunteerCertificateRecords)
    .innerJoin(volunteerServiceRecords, eq(volunteerServiceRecords.id, volunteerCertificateRecords.recordId))
    .where(inArray(volunteerCertificateRecords.certificateId, [...certificateIds]))
    .groupBy(volunteerCertificateRecords.certificateId);
  const byId = new Map(rows.map((r) => [r.id, Number(r.minutes)]));
  return certificateIds.map((id) => byId.get(id) ?? 0);
}
