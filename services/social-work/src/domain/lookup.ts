/** Rows a write refers to, or NOT_FOUND naming the input field (an id that is not a UUID is not found). */
import { eq } from 'drizzle-orm';
import { DomainError, isUuid, type AnyPgTx } from '@sanshe/service-kit';
import {
  serviceCases,
  socialWorkers,
  socialWorkStations,
  volunteers,
  volunteerServiceRecords,
  type ServiceCaseRow,
  type SocialWorkerRow,
  type SocialWorkStationRow,
  type VolunteerRow,
  type VolunteerServiceRecordRow,
} from '../db/schema.ts';

function notFound(what: string, id: string, field: string): never {
  throw new DomainError('NOT_FOUND', `no ${what} with id ${id}`, field);
}

/** `lock`: the row is locked for update until the transaction ends (serialises writes about it). */
export async function requireSocialWorker(tx: AnyPgTx, id: string, field: string, lock = false): Promise<SocialWorkerRow> {
  if (!isUuid(id)) notFound('social worker', id, field);
  const query = tx.select().from(socialWorkers).where(eq(socialWorkers.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row ?? notFound('social worker', id, field);
}

export async function requireStation(tx: AnyPgTx, id: string, field: string): Promise<SocialWorkStationRow> {
  if (!isUuid(id)) notFound('social-work station', id, field);
  const [row] = await tx.select().from(socialWorkStations).where(eq(socialWorkStations.id, id));
  return row ?? notFound('social-work station', id, field);
}

export async function requireVolunteer(tx: AnyPgTx, id: string, field: string, lock = false): Promise<VolunteerRow> {
  if (!isUuid(id)) notFound('volunteer', id, field);
  const query = tx.select().from(volunteers).where(eq(volunteers.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row ?? notFound('volunteer', id, field);
}

export async function requireVolunteerRecord(tx: AnyPgTx, id: string, field: string): Promise<VolunteerServiceRecordRow> {
  if (!isUuid(id)) notFound('volunteer service record', id, field);
  const [row] = await tx.select().from(volunteerServiceRecords).where(eq(volunteerServiceRecords.id, id)).for('update');
  return row ?? notFound('volunteer service record', id, field);
}

export async function requireCase(tx: AnyPgTx, id: string, field: string): Promise<ServiceCaseRow> {
  if (!isUuid(id)) notFound('service case', id, field);
  const [row] = await tx.select().from(serviceCases).where(eq(serviceCases.id, id)).for('update');
  return row ?? notFound('service case', id, field);
}
