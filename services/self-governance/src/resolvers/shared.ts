import { maskIdNumber, maskName, maskPhone, type Identity } from '@sanshe/service-kit';
import type { DisputePartyResolvers, ResidentContactResolvers } from '../generated/resolvers-types.ts';
import type { RegionRow } from '../db/schema.ts';
import type { Loaders } from '../loaders.ts';

/**
 * Personal data leaves this service masked unless the caller may see it. Until the authorization
 * issue lands nobody may: this is the one place that decision is made.
 */
export function maySeePersonalData(_identity: Identity): boolean {
  return false;
}

const reveal = <T extends string | null>(value: T, identity: Identity, mask: (v: string) => string): T =>
  value === null || maySeePersonalData(identity) ? value : (mask(value) as T);

export const ResidentContact: ResidentContactResolvers = {
  name: (c, _args, { identity }) => reveal(c.name, identity, maskName),
  phone: (c, _args, { identity }) => reveal(c.phone, identity, maskPhone),
};

export const DisputeParty: DisputePartyResolvers = {
  name: (p, _args, { identity }) => reveal(p.name, identity, maskName),
  phone: (p, _args, { identity }) => reveal(p.phone, identity, maskPhone),
  idNumber: (p, _args, { identity }) => reveal(p.idNumber, identity, maskIdNumber),
};

/** A person's name that is personal data only when it names a resident. */
export const maskedLabel = (label: string | null, isPerson: boolean, identity: Identity): string | null =>
  label === null || !isPerson ? label : reveal(label, identity, maskName);

export const iso = (value: Date | null): string | null => value?.toISOString() ?? null;

/** Every row hangs off a registered community (foreign key), so the lookup cannot miss. */
export async function communityOf(loaders: Loaders, code: string): Promise<RegionRow> {
  const row = await loaders.region.load(code);
  if (!row) throw new Error(`community ${code} is missing from the region tree`);
  return row;
}

export async function required<T>(value: Promise<T | null>, what: string): Promise<T> {
  const row = await value;
  if (row === null) throw new Error(`${what} is missing`);
  return row;
}
