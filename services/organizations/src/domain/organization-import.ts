import { randomUUID } from 'node:crypto';
import { organizations as contracts, type CloudEvent } from '@sanshe/events';
import { inArray, or } from 'drizzle-orm';
import { auditLog, DomainError, isUniqueViolation, knownRegions, recordEvents, type PendingEvent, districtDate } from '@sanshe/service-kit';
import { evaluationGrades, organizationTransitions, organizations, type OrganizationRow } from '../db/schema.ts';
import type { Db } from '../context.ts';
import { authorize, type Caller } from '../authorization.ts';
import { checkDuplicatesWithin, recordField, type ImportRecord } from './import-rules.ts';
import { factsOf } from './organization-refs.ts';

export interface ImportResult {
  count: number;
  ids: string[];
}

const UNIQUE = { organizations_credit_code_key: 'creditCode', organizations_filing_number_key: 'filingNumber' } as const;

/** The instant a grade takes effect: its day's start in district time, never before the registration itself. */
function gradedAt(at: Date, gradedOn: string): Date {
  const day = new Date(`${gradedOn}T00:00:00+08:00`);
  return day > at ? day : at;
}

/**
 * Files and registers parsed records (import-rules.ts) in one transaction: each record authorized
 * against its own community by its track's rule (FILED as fileOrganization, REGISTERED as
 * registerOrganization), communities checked against the replica, credit codes and filing numbers
 * against the import and the database — the first bad record, checked in that order, refuses
 * everything. Then multi-row INSERTs: organizations, history, grades, the events (the ones
 * fileOrganization / registerOrganization emit, plus organization.graded for a grade, dated at
 * the record's `at` so replicas learn when it happened), and an audit line per organization.
 * A fixed number of statements per import, whatever its size.
 */
export async function importOrganizations(db: Db, caller: Caller, records: readonly ImportRecord[]): Promise<ImportResult> {
  try {
    return await db.transaction(async (tx) => {
      for (const r of records) {
        authorize(caller, { regionCode: r.values.communityCode, track: r.track, field: recordField(r.index, 'communityCode') });
      }

      const codes = [...new Set(records.map((r) => r.values.communityCode))];
      const regions = new Map((await tx.select().from(knownRegions).where(inArray(knownRegions.code, codes))).map((k) => [k.code, k]));
      for (const r of records) {
        const region = regions.get(r.values.communityCode);
        if (!region || (region.level !== 'community' && region.level !== 'village')) {
          throw new DomainError('UNKNOWN_COMMUNITY', `no community or village with code ${r.values.communityCode} is known`, recordField(r.index, 'communityCode'));
        }
      }

      checkDuplicatesWithin(records);
      const creditCodes = records.flatMap((r) => (r.track === 'registered' ? [r.values.creditCode] : []));
      const filingNumbers = records.flatMap((r) => (r.values.filingNumber ? [r.values.filingNumber] : []));
      const clashes = [
        ...(creditCodes.length ? [inArray(organizations.creditCode, creditCodes)] : []),
        ...(filingNumbers.length ? [inArray(organizations.filingNumber, filingNumbers)] : []),
      ];
      if (clashes.length) {
        const taken = await tx
          .select({ creditCode: organizations.creditCode, filingNumber: organizations.filingNumber })
          .from(organizations)
          .where(or(...clashes));
        const takenCodes = new Set(taken.map((t) => t.creditCode));
        const takenNumbers = new Set(taken.map((t) => t.filingNumber));
        for (const r of records) {
          if (r.track === 'registered' && takenCodes.has(r.values.creditCode)) {
            throw new DomainError('CONFLICT', 'another record already has this creditCode', recordField(r.index, 'creditCode'));
          }
          if (r.values.filingNumber && takenNumbers.has(r.values.filingNumber)) {
            throw new DomainError('CONFLICT', 'another record already has this filingNumber', recordField(r.index, 'filingNumber'));
          }
        }
      }

      const now = new Date();
      const rows = records.map((r) => {
        const region = regions.get(r.values.communityCode)!;
        return {
          ...r.values,
          id: randomUUID(),
          state: r.track,
          track: r.track,
          streetCode: region.streetCode!,
          districtCode: region.districtCode,
          establishedOn: districtDate(r.at),
          filedAt: r.track === 'filed' ? r.at : null,
          registeredAt: r.track === 'registered' ? r.at : null,
          grade: r.grade?.grade ?? null,
          gradeValidUntil: r.grade?.validUntil ?? null,
          // Placed at its effective time, so lists (newest first) and statistics see it where it belongs.
          createdAt: r.at,
          updatedAt: now,
        };
      });
      const inserted = (await tx.insert(organizations).values(rows).returning()) as OrganizationRow[];
      const byId = new Map(inserted.map((row) => [row.id, row]));

      const pending: PendingEvent[] = [];
      const steps: { organizationId: string; action: 'file' | 'register' | 'grade'; at: Date; event: number }[] = [];
      records.forEach((r, i) => {
        const row = byId.get(rows[i]!.id)!;
        const facts = factsOf(row);
        steps.push({ organizationId: row.id, action: r.track === 'filed' ? 'file' : 'register', at: r.at, event: pending.length });
        pending.push(
          r.track === 'filed'
            ? { contract: contracts.organizationFiled, data: { ...facts, filingNumber: row.filingNumber! }, subject: row.id, time: r.at }
            : { contract: contracts.organizationRegistered, data: { ...facts, legalForm: row.legalForm!, creditCode: row.creditCode! }, subject: row.id, time: r.at },
        );
        if (r.grade) {
          const at = gradedAt(r.at, r.grade.gradedOn);
          steps.push({ organizationId: row.id, action: 'grade', at, event: pending.length });
          const { organizationId, communityCode, streetCode, districtCode } = facts;
          pending.push({
            contract: contracts.organizationGraded,
            data: { organizationId, communityCode, streetCode, districtCode, grade: r.grade.grade, score: r.grade.score, validUntil: r.grade.validUntil },
            subject: row.id,
            time: at,
          });
        }
      });
      const events: CloudEvent[] = await recordEvents(tx, pending);

      await tx.insert(organizationTransitions).values(
        steps.map((s) => ({
          organizationId: s.organizationId,
          action: s.action,
          fromState: s.action === 'grade' ? ('registered' as const) : null,
          toState: s.action === 'file' ? ('filed' as const) : ('registered' as const),
          eventId: events[s.event]!.id,
          occurredAt: s.at,
        })),
      );
      const graded = records.flatMap((r, i) => (r.grade ? [{ organizationId: rows[i]!.id, ...r.grade }] : []));
      if (graded.length) await tx.insert(evaluationGrades).values(graded);

      // One audit line per organization created, as one fileOrganization or registerOrganization would write.
      await tx.insert(auditLog).values(
        rows.map((row, i) => ({
          subject: caller.identity.subject,
          roles: caller.identity.roles,
          kind: 'mutation' as const,
          operation: caller.operation,
          entity: 'Organization',
          entityId: row.id,
          details: { record: records[i]!.index },
        })),
      );
      return { count: rows.length, ids: rows.map((r) => r.id) };
    });
  } catch (error) {
    // Another writer took a code between the check and the insert: name the record if the error says which.
    for (const [constraint, field] of Object.entries(UNIQUE)) {
      if (isUniqueViolation(error, constraint)) {
        const value = /\)=\((.*)\) already exists/.exec(detailOf(error))?.[1];
        const record = records.find((r) => (field === 'creditCode' ? r.track === 'registered' && r.values.creditCode === value : r.values.filingNumber === value));
        throw new DomainError('CONFLICT', `another record already has this ${field}`, record ? recordField(record.index, field) : 'input.records');
      }
    }
    throw error;
  }
}

function detailOf(error: unknown): string {
  const e = error as { detail?: string; cause?: unknown };
  return e?.detail ?? (e?.cause ? detailOf(e.cause) : '');
}
