import { z } from 'zod';
import { communityCode } from '@sanshe/events';
import { DomainError, parseInput } from '@sanshe/service-kit';
import { isoDate, refuseFuture } from './district-date.ts';
import { idRef, optionalIdRef } from './id-input.ts';

const openStation = z.object({
  name: z.string().trim().min(2).max(60),
  kind: z.enum(['station', 'centre']),
  communityCode,
  operatorOrganizationId: optionalIdRef,
  openedOn: isoDate,
});

export function parseOpenStation(input: unknown, today = new Date()) {
  const parsed = parseInput(openStation, input);
  refuseFuture(parsed.openedOn, today, 'input.openedOn', 'an opening date');
  return parsed;
}

const reassign = z.object({ socialWorkerId: idRef, communityCode, stationId: optionalIdRef });

export function parseReassignSocialWorker(input: unknown) {
  return parseInput(reassign, input);
}

const supervision = z.object({
  supervisorId: idRef,
  superviseeId: idRef,
  supervisedOn: isoDate,
  minutes: z.number().int().min(1).max(24 * 60),
  topics: z
    .array(z.string().trim().min(1).max(100))
    .min(1)
    .max(10)
    .transform((t) => [...new Set(t)]),
});

export function parseSupervision(input: unknown, today = new Date()) {
  const parsed = parseInput(supervision, input);
  if (parsed.supervisorId === parsed.superviseeId) {
    throw new DomainError('BAD_USER_INPUT', 'a social worker does not supervise themselves', 'input.superviseeId');
  }
  refuseFuture(parsed.supervisedOn, today, 'input.supervisedOn', 'a supervision');
  return parsed;
}

/** Supervisors (督导) hold at least the intermediate certificate (社会工作师). */
export function canSupervise(level: string | null): boolean {
  return level === 'intermediate' || level === 'senior';
}

const evaluation = z.object({
  evaluatorOrganizationId: idRef,
  stationId: optionalIdRef,
  socialWorkerId: optionalIdRef,
  periodStart: isoDate,
  periodEnd: isoDate,
  score: z.number().int().min(0).max(100),
});

export function parseEvaluation(input: unknown, today = new Date()) {
  const parsed = parseInput(evaluation, input);
  if ((parsed.stationId === null) === (parsed.socialWorkerId === null)) {
    throw new DomainError('BAD_USER_INPUT', 'an evaluation is of a station or of a social worker', 'input.stationId');
  }
  if (parsed.periodEnd < parsed.periodStart) throw new DomainError('BAD_USER_INPUT', 'the period ends after it starts', 'input.periodEnd');
  refuseFuture(parsed.periodEnd, today, 'input.periodEnd', 'an evaluated period');
  return parsed;
}

export type PerformanceGrade = 'excellent' | 'good' | 'pass' | 'fail';

export function gradeOf(score: number): PerformanceGrade {
  if (score >= 90) return 'excellent';
  if (score >= 75) return 'good';
  if (score >= 60) return 'pass';
  return 'fail';
}

export type OpenStationInput = ReturnType<typeof parseOpenStation>;
export type ReassignSocialWorkerInput = ReturnType<typeof parseReassignSocialWorker>;
export type SupervisionInput = ReturnType<typeof parseSupervision>;
export type EvaluationInput = ReturnType<typeof parseEvaluation>;
