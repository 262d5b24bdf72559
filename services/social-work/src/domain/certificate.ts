/**
 * Certificates of volunteer service hours (志愿服务记录证明), "谁记录、谁证明": an organization
 * certifies only what it recorded. A certificate therefore covers ONE issuer's records — all of
 * that organization's verified records of the volunteer with a service date up to the issue date —
 * and stores exactly which records those are, so its total can always be recomputed from them
 * (records are immutable: there is no edit or delete of a record).
 *
 * Numbers: ZYZM-<year of the issue date>-<serial>, the serial a 6-digit count of the
 * certificates issued with an issue date in that year, in issue order (ZYZM-2024-000001, …).
 * Deterministic from the issue order, unique (also enforced by a unique constraint).
 */
import { DomainError } from '@sanshe/service-kit';
import { sumMinutes } from './hours.ts';

export interface CertifiableRecord {
  id: string;
  volunteerId: string;
  organizationId: string;
  serviceDate: string;
  minutes: number;
  verifiedAt: Date | null;
}

export interface Coverage {
  recordIds: string[];
  totalMinutes: number;
  recordCount: number;
  firstServiceDate: string;
  lastServiceDate: string;
}

/** The records a certificate of `organizationId` for `volunteerId` issued on `issuedOn` covers. */
export function certificateCoverage(
  records: readonly CertifiableRecord[],
  scope: { volunteerId: string; organizationId: string; issuedOn: string },
): Coverage {
  const covered = records
    .filter(
      (r) =>
        r.volunteerId === scope.volunteerId &&
        r.organizationId === scope.organizationId &&
        r.verifiedAt !== null &&
        r.serviceDate <= scope.issuedOn,
    )
    .sort((a, b) => a.serviceDate.localeCompare(b.serviceDate) || a.id.localeCompare(b.id));
  if (covered.length === 0) {
    throw new DomainError(
      'RULE_VIOLATION',
      'this organization has no verified service of the volunteer to certify (whoever records it certifies it)',
      'input.organizationId',
    );
  }
  return {
    recordIds: covered.map((r) => r.id),
    totalMinutes: sumMinutes(covered),
    recordCount: covered.length,
    firstServiceDate: covered[0]!.serviceDate,
    lastServiceDate: covered.at(-1)!.serviceDate,
  };
}

export const CERTIFICATE_PREFIX = 'ZYZM';

export function certificateNumber(issuedOn: string, serial: number): string {
  if (!Number.isInteger(serial) || serial < 1 || serial > 999_999) throw new RangeError(`certificate serial out of range: ${serial}`);
  return `${CERTIFICATE_PREFIX}-${issuedOn.slice(0, 4)}-${String(serial).padStart(6, '0')}`;
}

/** The year's next serial, from the numbers already issued in that year. */
export function nextSerial(issuedNumbersOfYear: readonly string[]): number {
  let max = 0;
  for (const n of issuedNumbersOfYear) max = Math.max(max, Number(n.slice(-6)));
  return max + 1;
}
