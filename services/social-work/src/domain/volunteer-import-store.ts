/**
 * Bulk imports of volunteers and of verified service records (import-rules.ts has the rules). One
 * transaction per call and a fixed handful of set-based statements, however many records: the
 * city-scale generator loads 5,000,000 records as 1,000 calls of 5,000.
 */
import { randomUUID } from 'node:crypto';
import { socialWork as contracts } from '@sanshe/events';
import { sql, type SQL } from 'drizzle-orm';
import { DomainError, isUniqueViolation, isUuid, pendingEvent, recordEvent, recordEvents, type Identity, districtDate } from '@sanshe/service-kit';
import { auditMutation, authorizeMutation } from '../authorization.ts';
import { volunteers } from '../db/schema.ts';
import type { Db } from '../context.ts';
import { checkImportedHours, type RecordImportRecord, type VolunteerImportRecord } from './import-rules.ts';
import { recordset, textValues } from './json-rows.ts';
import { addToRollup } from './statistics-rollup.ts';

const distinct = <T>(values: readonly T[]) => [...new Set(values)];

/** The first record (by index) for which `bad` holds, refused with `error`. */
function refuseFirst<T>(records: readonly T[], bad: (record: T) => boolean, error: (record: T, index: number) => DomainError): void {
  const index = records.findIndex(bad);
  if (index >= 0) throw error(records[index]!, index);
}

/**
 * Registers the volunteers as registerVolunteer would, all or none: each record's community must
 * be one the caller's rule allows and a known community; no ID number may be registered already.
 * Each volunteer gets its `volunteer.registered` event (two statements for all of them); the
 * import gets one audit line.
 */
export async function importVolunteers(db: Db, records: readonly VolunteerImportRecord[], actor: Identity): Promise<{ importId: string; count: number; ids: string[] }> {
  return db.transaction(async (tx) => {
    records.forEach((r, i) => authorizeMutation(actor, 'importVolunteers', { communityCode: r.communityCode }, `input.records.${i}.communityCode`));

    const codes = distinct(records.map((r) => r.communityCode));
    const known = new Set(
      ((await tx.execute(sql`
        select code from known_regions where code in (select value from ${textValues(codes)}) and level in ('community', 'village')
      `)) as unknown as { code: string }[]).map((r) => r.code),
    );
    refuseFirst(records, (r) => !known.has(r.communityCode), (r, i) =>
      new DomainError('UNKNOWN_COMMUNITY', `no community or village with code ${r.communityCode} is known`, `input.records.${i}.communityCode`));

    const taken = new Set(
      ((await tx.execute(sql`
        select id_number from volunteers where id_number in (select value from ${textValues(records.map((r) => r.idNumber))})
      `)) as unknown as { id_number: string }[]).map((r) => r.id_number),
    );
    refuseFirst(records, (r) => taken.has(r.idNumber), (_r, i) =>
      new DomainError('CONFLICT', 'a volunteer with this ID number is already registered', `input.records.${i}.idNumber`));

    // Ids made here, so `ids` follows the records' order whatever order the rows are written in.
    const rows = records.map((r) => ({ id: randomUUID(), ...r }));
    try {
      await tx.insert(volunteers).values(rows);
    } catch (error) {
      if (isUniqueViolation(error)) throw new DomainError('CONFLICT', 'one of these ID numbers was registered meanwhile; import again', 'input.records');
      throw error;
    }
    await addToRollup(tx, rows.map((r) => ({ communityCode: r.communityCode, day: districtDate(r.registeredAt), volunteersRegistered: 1 })));
    await recordEvents(
      tx,
      rows.map((r) => pendingEvent(contracts.volunteerRegistered, { volunteerId: r.id, communityCode: r.communityCode, skills: r.skills }, { subject: r.id })),
    );
    const importId = randomUUID();
    await auditMutation(tx, actor, 'importVolunteers', 'VolunteerImport', importId, { count: rows.length, communityCodes: codes });
    return { importId, count: rows.length, ids: rows.map((r) => r.id) };
  });
}

interface ExistingRecord {
  id: string;
  volunteerId: string;
  serviceDate: string;
  startsAt: Date | null;
  endsAt: Date | null;
  minutes: number;
}

/**
 * The volunteers' records within a day of each (volunteer, date) asked for: one range of the
 * (volunteer, date) index per pair, each record once (one may be near two pairs).
 *
 * Each range is a LATERAL subquery fenced with OFFSET 0, so the planner cannot flatten it into a
 * join it would cost by statistics. Without them — a table never analyzed, as after a first bulk
 * load with autovacuum off or behind — it hashed the whole table for every import instead: on the
 * city dataset an import's lookup grew with the table to seconds, and the generator's record rate
 * fell as the table filled.
 */
export function recordsNear(days: readonly { volunteerId: string; day: string }[]): SQL {
  return sql`
    select distinct on (r.id) r.id::text, r.volunteer_id::text as "volunteerId", r.service_date::text as "serviceDate", r.starts_at as "startsAt", r.ends_at as "endsAt", r.minutes
    from ${recordset(days, 'k', '"volunteerId" uuid, day date')}
    cross join lateral (
      select id, volunteer_id, service_date, starts_at, ends_at, minutes from volunteer_service_records
      where volunteer_id = k."volunteerId" and service_date between k.day - 1 and k.day + 1
      offset 0
    ) r
    order by r.id
  `;
}

/**
 * Imports service records already verified in their organization's ledger, under
 * recordVolunteerService's rules, all or none: the volunteers exist (locked, in id order, as the
 * single mutation locks one); the caller's rule allows each record; the recording organizations
 * are known and active; no span overlaps and no day passes 24 hours — against the records there
 * and the import's own. Written as verified, with the statistics rollup, ONE
 * `volunteer-records.imported` event (counts and minutes per community, not 5,000 events) and one
 * audit line. Certificates are not touched: each covers the exact records it listed when issued,
 * and imported records count towards the recorder's next certificate.
 */
export async function importVolunteerRecords(
  db: Db,
  records: readonly RecordImportRecord[],
  actor: Identity,
): Promise<{ importId: string; count: number; minutes: number }> {
  return db.transaction(async (tx) => {
    refuseFirst(records, (r) => !isUuid(r.volunteerId), (r, i) => new DomainError('NOT_FOUND', `no volunteer with id ${r.volunteerId}`, `input.records.${i}.volunteerId`));
    const volunteerIds = distinct(records.map((r) => r.volunteerId)).sort();
    const communityOf = new Map(
      ((await tx.execute(sql`
        select id::text, community_code from volunteers
        where id in (select value::uuid from ${textValues(volunteerIds)})
        order by id for update
      `)) as unknown as { id: string; community_code: string }[]).map((r) => [r.id, r.community_code]),
    );
    refuseFirst(records, (r) => !communityOf.has(r.volunteerId), (r, i) => new DomainError('NOT_FOUND', `no volunteer with id ${r.volunteerId}`, `input.records.${i}.volunteerId`));

    records.forEach((r, i) =>
      authorizeMutation(actor, 'importVolunteerRecords', { communityCode: communityOf.get(r.volunteerId)!, organizationId: r.organizationId }, `input.records.${i}`),
    );

    refuseFirst(records, (r) => !isUuid(r.organizationId), (r, i) =>
      new DomainError('NOT_FOUND', `no social organization with id ${r.organizationId} is known`, `input.records.${i}.organizationId`));
    const organizationIds = distinct(records.map((r) => r.organizationId));
    const stateOf = new Map(
      ((await tx.execute(sql`
        select id::text, state from known_organizations where id in (select value::uuid from ${textValues(organizationIds)})
      `)) as unknown as { id: string; state: string }[]).map((r) => [r.id, r.state]),
    );
    refuseFirst(records, (r) => !stateOf.has(r.organizationId), (r, i) =>
      new DomainError('NOT_FOUND', `no social organization with id ${r.organizationId} is known`, `input.records.${i}.organizationId`));
    refuseFirst(records, (r) => ['suspended', 'deregistered'].includes(stateOf.get(r.organizationId)!), (r, i) =>
      new DomainError('RULE_VIOLATION', `organization ${r.organizationId} is ${stateOf.get(r.organizationId)}`, `input.records.${i}.organizationId`, { state: stateOf.get(r.organizationId) }));

    const days = distinct(records.map((r) => `${r.volunteerId}|${r.serviceDate}`)).map((key) => {
      const [volunteerId, day] = key.split('|') as [string, string];
      return { volunteerId, day };
    });
    const existing = ((await tx.execute(recordsNear(days))) as unknown as ExistingRecord[]).map((r) => ({
      ...r,
      startsAt: r.startsAt && new Date(r.startsAt),
      endsAt: r.endsAt && new Date(r.endsAt),
    }));
    checkImportedHours(records, existing);

    const rows = records.map((r) => ({
      volunteerId: r.volunteerId,
      organizationId: r.organizationId,
      activity: r.activity,
      serviceDate: r.serviceDate,
      startsAt: r.startsAt?.toISOString() ?? null,
      endsAt: r.endsAt?.toISOString() ?? null,
      minutes: r.minutes,
      verifiedAt: r.verifiedAt.toISOString(),
    }));
    await tx.execute(sql`
      insert into volunteer_service_records (volunteer_id, organization_id, activity, service_date, starts_at, ends_at, minutes, verified_at, recorded_at)
      select x."volunteerId", x."organizationId", x.activity, x."serviceDate", x."startsAt", x."endsAt", x.minutes, x."verifiedAt", x."verifiedAt"
      from ${recordset(rows, 'x', '"volunteerId" uuid, "organizationId" uuid, activity text, "serviceDate" date, "startsAt" timestamptz, "endsAt" timestamptz, minutes int, "verifiedAt" timestamptz')}
    `);
    await addToRollup(
      tx,
      records.map((r) => ({ communityCode: communityOf.get(r.volunteerId)!, day: r.serviceDate, verifiedMinutes: r.minutes, verifiedRecords: 1 })),
    );

    const importId = randomUUID();
    const summary = importSummary(records, communityOf);
    await recordEvent(tx, contracts.volunteerRecordsImported, { importId, ...summary }, { subject: importId });
    await auditMutation(tx, actor, 'importVolunteerRecords', 'VolunteerRecordImport', importId, {
      count: summary.recordCount,
      minutes: summary.totalMinutes,
      organizationIds: summary.organizationIds,
    });
    return { importId, count: summary.recordCount, minutes: summary.totalMinutes };
  });
}

/** What the import's event says: totals, the service-date range, the recorders and the minutes per community. */
export function importSummary(records: readonly RecordImportRecord[], communityOf: ReadonlyMap<string, string>) {
  const communities = new Map<string, { communityCode: string; records: number; minutes: number }>();
  let totalMinutes = 0;
  for (const r of records) {
    const code = communityOf.get(r.volunteerId)!;
    const c = communities.get(code) ?? { communityCode: code, records: 0, minutes: 0 };
    c.records += 1;
    c.minutes += r.minutes;
    communities.set(code, c);
    totalMinutes += r.minutes;
  }
  const dates = records.map((r) => r.serviceDate).sort();
  return {
    recordCount: records.length,
    totalMinutes,
    firstServiceDate: dates[0]!,
    lastServiceDate: dates.at(-1)!,
    organizationIds: distinct(records.map((r) => r.organizationId)).sort(),
    communities: [...communities.values()].sort((a, b) => a.communityCode.localeCompare(b.communityCode)),
  };
}
