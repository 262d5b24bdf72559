import { eq, inArray } from 'drizzle-orm';
import { DomainError, isUniqueViolation, isUuid, type Identity, type Tx } from '@sanshe/service-kit';
import { organizations, type OrganizationRow } from '../db/schema.ts';
import type * as schema from '../db/schema.ts';
import { requireVisible } from '../authorization.ts';

export type OrgTx = Tx<typeof schema>;

/** The organization a write is about, locked for the rest of the transaction; NOT_FOUND otherwise. */
export async function lockOrganization(tx: OrgTx, id: string, field = 'id'): Promise<OrganizationRow> {
  const [row] = isUuid(id) ? await tx.select().from(organizations).where(eq(organizations.id, id)).for('update') : [];
  if (!row) throw new DomainError('NOT_FOUND', `no organization with id ${id}`, field);
  return row;
}

/** As `lockOrganization`, and reported unknown as well when the caller may not see it. */
export async function lockVisibleOrganization(tx: OrgTx, identity: Identity, id: string, field = 'id'): Promise<OrganizationRow> {
  const row = await lockOrganization(tx, id, field);
  requireVisible(identity, row, id, field);
  return row;
}

/** Several organizations locked in id order, so two writers never wait on each other in a cycle. */
export async function lockOrganizations(tx: OrgTx, ids: { id: string; field: string }[]): Promise<OrganizationRow[]> {
  for (const { id, field } of ids) if (!isUuid(id)) throw new DomainError('NOT_FOUND', `no organization with id ${id}`, field);
  const sorted = [...new Set(ids.map((i) => i.id.toLowerCase()))].sort();
  const rows = await tx.select().from(organizations).where(inArray(organizations.id, sorted)).orderBy(organizations.id).for('update');
  return ids.map(({ id, field }) => {
    const row = rows.find((r) => r.id === id.toLowerCase());
    if (!row) throw new DomainError('NOT_FOUND', `no organization with id ${id}`, field);
    return row;
  });
}

/** What every lifecycle event says about the organization it concerns. */
export const refOf = (row: OrganizationRow) => ({
  organizationId: row.id,
  communityCode: row.communityCode,
  streetCode: row.streetCode,
  districtCode: row.districtCode,
});

export const factsOf = (row: OrganizationRow) => ({
  ...refOf(row),
  name: row.name,
  category: row.category,
  serviceFields: row.serviceFields,
});

/** Runs a write; a unique violation of one of `constraints` becomes CONFLICT naming its field. */
export async function withConflicts<T>(constraints: Record<string, string>, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    for (const [constraint, field] of Object.entries(constraints)) {
      if (isUniqueViolation(error, constraint)) {
        throw new DomainError('CONFLICT', `another record already has this ${field.split('.').at(-1)}`, field);
      }
    }
    throw error;
  }
}
