import { z } from 'zod';
import { DomainError, parseInput, districtDate } from '@sanshe/service-kit';
import { isoDate, refuseFuture } from './district-date.ts';
import { idRef, optionalIdRef, optionalText } from './id-input.ts';

const assign = z.object({ caseId: idRef, socialWorkerId: optionalIdRef, organizationId: optionalIdRef });

export function parseAssignCase(input: unknown) {
  const parsed = parseInput(assign, input);
  if ((parsed.socialWorkerId === null) === (parsed.organizationId === null)) {
    throw new DomainError('BAD_USER_INPUT', 'a case is assigned to a social worker or to an organization', 'input.socialWorkerId');
  }
  return parsed;
}

const recordService = z.object({
  caseId: idRef,
  socialWorkerId: idRef,
  serviceDate: isoDate,
  minutes: z.number().int().min(1).max(24 * 60),
  notes: optionalText(2000),
});

export function parseRecordCaseService(input: unknown, today = new Date()) {
  const parsed = parseInput(recordService, input);
  refuseFuture(parsed.serviceDate, today, 'input.serviceDate', 'a service');
  return parsed;
}

const close = z.object({
  caseId: idRef,
  resolved: z.boolean(),
  reason: z.enum(['withdrawn', 'referred', 'unreachable', 'duplicate', 'other']).nullish().transform((v) => v ?? null),
});

export function parseCloseCase(input: unknown) {
  const parsed = parseInput(close, input);
  if (!parsed.resolved && parsed.reason === null) throw new DomainError('BAD_USER_INPUT', 'say why the need was not met', 'input.reason');
  if (parsed.resolved && parsed.reason !== null) throw new DomainError('BAD_USER_INPUT', 'a resolved case has no reason for not meeting the need', 'input.reason');
  return parsed;
}

interface CaseState {
  status: string;
  openedAt: Date;
  socialWorkerId: string | null;
  organizationId: string | null;
}

/** Changes happen to open cases only. */
export function requireOpen(serviceCase: CaseState, field = 'input.caseId'): void {
  if (serviceCase.status !== 'open') throw new DomainError('ILLEGAL_TRANSITION', 'the case is closed', field);
}

/** A service is recorded on an open, assigned case, not dated before the case opened. */
export function checkCaseService(serviceCase: CaseState, serviceDate: string): void {
  requireOpen(serviceCase);
  if (serviceCase.socialWorkerId === null && serviceCase.organizationId === null) {
    throw new DomainError('RULE_VIOLATION', 'assign the case before recording services on it', 'input.caseId');
  }
  if (serviceDate < districtDate(serviceCase.openedAt)) {
    throw new DomainError('BAD_USER_INPUT', 'a service is not dated before its case opened', 'input.serviceDate');
  }
}

/** A case is resolved by the services delivered on it: closing it resolved needs at least one. */
export function checkClose(serviceCase: CaseState, resolved: boolean, serviceCount: number): void {
  requireOpen(serviceCase);
  if (resolved && serviceCount === 0) {
    throw new DomainError('RULE_VIOLATION', 'a case is resolved by a service: record one before closing it resolved', 'input.resolved');
  }
}

export type AssignCaseInput = ReturnType<typeof parseAssignCase>;
export type RecordCaseServiceInput = ReturnType<typeof parseRecordCaseService>;
export type CloseCaseInput = ReturnType<typeof parseCloseCase>;
