import DataLoader from 'dataloader';
import { eq, inArray } from 'drizzle-orm';
import { isUuid } from '@sanshe/service-kit';
import { coverage, partyOrganizations, type PartyOrganizationRow } from './db/schema.ts';
import type { Db } from './context.ts';

/** Per request: an organizations list asking each row for its party organization is two queries. */
export function createLoaders(db: Db) {
  const partyOrganization = new DataLoader<string, PartyOrganizationRow | null>(async (ids) => {
    const valid = ids.filter(isUuid);
    const rows = valid.length ? await db.select().from(partyOrganizations).where(inArray(partyOrganizations.id, valid)) : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });
  return {
    partyOrganization,
    coveringOf: new DataLoader<string, PartyOrganizationRow | null>(async (organizationIds) => {
      const valid = organizationIds.filter(isUuid);
      const rows = valid.length
        ? await db
            .select({ organizationId: coverage.organizationId, party: partyOrganizations })
            .from(coverage)
            .innerJoin(partyOrganizations, eq(coverage.partyOrganizationId, partyOrganizations.id))
            .where(inArray(coverage.organizationId, valid))
        : [];
      const byOrg = new Map(rows.map((r) => [r.organizationId, r.party]));
      return organizationIds.map((id) => byOrg.get(id) ?? null);
    }),
    coveredBy: new DataLoader<string, string[]>(async (partyIds) => {
      const rows = await db.select().from(coverage).where(inArray(coverage.partyOrganizationId, [...partyIds]));
      return partyIds.map((id) => rows.filter((r) => r.partyOrganizationId === id).map((r) => r.organizationId));
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
