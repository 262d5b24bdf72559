import type { Identity } from '@sanshe/service-kit';
import type { AnySubgraph } from '@sanshe/testing';
import { ok } from './graphql.ts';
import { volunteerInput } from './volunteers.ts';

export const IMPORT_VOLUNTEERS = `mutation ($input: ImportVolunteersInput!) { importVolunteers(input: $input) { importId count ids } }`;
export const IMPORT_RECORDS = `mutation ($input: ImportVolunteerRecordsInput!) { importVolunteerRecords(input: $input) { importId count minutes } }`;

/** Imports volunteers (valid, random ID numbers) with the given overrides per record; returns their ids in order. */
export async function importVolunteers(service: AnySubgraph, records: Record<string, unknown>[], identity?: Identity): Promise<string[]> {
  const data = await ok<{ importVolunteers: { ids: string[] } }>(service, IMPORT_VOLUNTEERS, { input: { records: records.map((r) => volunteerInput(r)) } }, identity);
  return data.importVolunteers.ids;
}

/** Imports verified service records (a duration of the activity 社区助老送餐 unless overridden). */
export async function importRecords(service: AnySubgraph, records: Record<string, unknown>[], identity?: Identity) {
  const input = { records: records.map((r) => ({ activity: '助老', ...r })) };
  return (await ok<{ importVolunteerRecords: { importId: string; count: number; minutes: number } }>(service, IMPORT_RECORDS, { input }, identity)).importVolunteerRecords;
}
