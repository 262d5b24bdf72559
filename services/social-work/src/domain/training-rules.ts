import { z } from 'zod';
import { parseInput } from '@sanshe/service-kit';
import { isoDate, refuseFuture } from './district-date.ts';
import { idRef } from './id-input.ts';

/** A training lasts 1 minute to 31 days of minutes (multi-day courses are one record). */
export const MAX_TRAINING_MINUTES = 31 * 24 * 60;

const training = {
  title: z.string().trim().min(2).max(100),
  provider: z.string().trim().min(2).max(100),
  trainedOn: isoDate,
  minutes: z.number().int().min(1).max(MAX_TRAINING_MINUTES),
};

const workerTraining = z.object({ socialWorkerId: idRef, ...training });
const volunteerTraining = z.object({ volunteerId: idRef, ...training });

export function parseSocialWorkerTraining(input: unknown, today = new Date()) {
  const parsed = parseInput(workerTraining, input);
  refuseFuture(parsed.trainedOn, today, 'input.trainedOn', 'a training');
  return parsed;
}

export function parseVolunteerTraining(input: unknown, today = new Date()) {
  const parsed = parseInput(volunteerTraining, input);
  refuseFuture(parsed.trainedOn, today, 'input.trainedOn', 'a training');
  return parsed;
}

const commendation = z.object({
  volunteerId: idRef,
  title: z.string().trim().min(2).max(100),
  conferredBy: z.string().trim().min(2).max(100),
  conferredOn: isoDate,
});

export function parseVolunteerCommendation(input: unknown, today = new Date()) {
  const parsed = parseInput(commendation, input);
  refuseFuture(parsed.conferredOn, today, 'input.conferredOn', 'a commendation');
  return parsed;
}

export type SocialWorkerTrainingInput = ReturnType<typeof parseSocialWorkerTraining>;
export type VolunteerTrainingInput = ReturnType<typeof parseVolunteerTraining>;
export type VolunteerCommendationInput = ReturnType<typeof parseVolunteerCommendation>;
