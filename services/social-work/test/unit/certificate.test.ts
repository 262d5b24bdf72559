import { describe, expect, it } from 'vitest';
import { refusal } from '@sanshe/testing/refusal';
import { certificateCoverage, certificateNumber, nextSerial, type CertifiableRecord } from '../../src/domain/certificate.ts';
import { sumMinutes } from '../../src/domain/hours.ts';

const V = 'volunteer-1';
const ORG = 'org-a';
const OTHER = 'org-b';
const verified = new Date('2024-06-01T00:00:00Z');

function record(id: string, serviceDate: string, minutes: number, overrides: Partial<CertifiableRecord> = {}): CertifiableRecord {
  return { id, volunteerId: V, organizationId: ORG, serviceDate, minutes, verifiedAt: verified, ...overrides };
}

const records: CertifiableRecord[] = [
  record('r3', '2024-03-01', 125),
  record('r1', '2024-01-15', 90),
  record('r2', '2024-02-10', 45),
  record('r4', '2024-03-02', 30, { verifiedAt: null }), // not verified
  record('r5', '2024-03-03', 600, { organizationId: OTHER }), // another recorder's
  record('r6', '2024-03-04', 60, { volunteerId: 'volunteer-2' }), // another volunteer's
  record('r7', '2024-04-01', 200), // after the issue date below
];

describe('certificate totals', () => {
  it('sums the issuer’s verified records of the volunteer up to the issue date', () => {
    expect(certificateCoverage(records, { volunteerId: V, organizationId: ORG, issuedOn: '2024-03-31' })).toEqual({
      recordIds: ['r1', 'r2', 'r3'],
      totalMinutes: 260,
      recordCount: 3,
      firstServiceDate: '2024-01-15',
      lastServiceDate: '2024-03-01',
    });
  });

  it('includes records of the issue date itself', () => {
    expect(certificateCoverage(records, { volunteerId: V, organizationId: ORG, issuedOn: '2024-04-01' }).totalMinutes).toBe(460);
    expect(certificateCoverage(records, { volunteerId: V, organizationId: ORG, issuedOn: '2024-03-01' }).recordIds).toEqual(['r1', 'r2', 'r3']);
    expect(certificateCoverage(records, { volunteerId: V, organizationId: ORG, issuedOn: '2024-02-29' }).recordIds).toEqual(['r1', 'r2']);
  });

  it('certifies only what the issuer recorded: whoever records it certifies it', () => {
    expect(certificateCoverage(records, { volunteerId: V, organizationId: OTHER, issuedOn: '2024-12-31' })).toMatchObject({ recordIds: ['r5'], totalMinutes: 600 });
    expect(refusal(() => certificateCoverage(records, { volunteerId: V, organizationId: 'org-c', issuedOn: '2024-12-31' }))).toEqual({
      code: 'RULE_VIOLATION',
      field: 'input.organizationId',
    });
    // Nothing verified before the date: nothing to certify.
    expect(refusal(() => certificateCoverage(records, { volunteerId: V, organizationId: ORG, issuedOn: '2024-01-14' })).code).toBe('RULE_VIOLATION');
  });

  it('is reproducible: recomputing from the covered records gives the stored total, whatever their order', () => {
    const scope = { volunteerId: V, organizationId: ORG, issuedOn: '2024-03-31' };
    const issued = certificateCoverage(records, scope);
    const covered = records.filter((r) => issued.recordIds.includes(r.id));
    expect(sumMinutes(covered)).toBe(issued.totalMinutes);
    expect(certificateCoverage([...records].reverse(), scope)).toEqual(issued);
    // Records added later (after the date, or unverified, or by others) do not change it.
    const later = [...records, record('r8', '2024-05-01', 999), record('r9', '2024-03-05', 15, { verifiedAt: null })];
    expect(certificateCoverage(later, scope)).toEqual(issued);
  });
});

describe('certificate numbers', () => {
  it('are ZYZM-<year>-<6-digit serial>', () => {
    expect(certificateNumber('2024-03-31', 1)).toBe('ZYZM-2024-000001');
    expect(certificateNumber('2025-01-01', 123456)).toBe('ZYZM-2025-123456');
    expect(() => certificateNumber('2024-01-01', 0)).toThrow(RangeError);
    expect(() => certificateNumber('2024-01-01', 1_000_000)).toThrow(RangeError);
  });

  it('continue the year’s serials', () => {
    expect(nextSerial([])).toBe(1);
    expect(nextSerial(['ZYZM-2024-000001', 'ZYZM-2024-000007', 'ZYZM-2024-000003'])).toBe(8);
  });
});
