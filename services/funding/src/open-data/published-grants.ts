import { asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { knownOrganizations, knownRegions } from '@sanshe/service-kit';
import { grants } from '../db/grant-tables.ts';
import { programmes } from '../db/programme-tables.ts';
import { ledgerTransactions } from '../db/ledger-tables.ts';
import type { Queryable } from '../context.ts';
import { grantMoney } from '../domain/ledger/balances.ts';
import type { PublishedGrant } from './three-sixty-giving.ts';

const community = alias(knownRegions, 'community');
const funder = alias(knownRegions, 'funder');

/**
 * Every awarded grant with the names open data needs (organization and region names from the
 * replicas). Two statements: the grants with their names, and their paid sums from the ledger.
 */
export async function publishedGrants(db: Queryable): Promise<PublishedGrant[]> {
  const rows = await db
    .select({
      grant: grants,
      programme: { id: programmes.id, name: programmes.name },
      organizationName: knownOrganizations.name,
      communityName: community.name,
      funderCode: sql<string>`coalesce(${programmes.ownerRegionCode}, left(${grants.communityCode}, 6))`,
      funderName: funder.name,
      lastBookedAt: sql<string | null>`(select max(${ledgerTransactions.occurredAt}) from ${ledgerTransactions} where ${ledgerTransactions.grantId} = ${grants.id})`,
    })
    .from(grants)
    .innerJoin(programmes, eq(programmes.id, grants.programmeId))
    .leftJoin(knownOrganizations, eq(knownOrganizations.id, grants.organizationId))
    .leftJoin(community, eq(community.code, grants.communityCode))
    .leftJoin(funder, eq(funder.code, sql`coalesce(${programmes.ownerRegionCode}, left(${grants.communityCode}, 6))`))
    .orderBy(asc(grants.awardedAt), asc(grants.id));
  const money = await grantMoney(db, rows.map((r) => r.grant.id));
  return rows.map((r, i) => ({
    id: r.grant.id,
    title: r.grant.title,
    description: r.grant.description,
    amountFen: r.grant.amountFen,
    paidFen: money[i]!.paidFen,
    awardedAt: r.grant.awardedAt,
    updatedAt: r.grant.updatedAt,
    lastBookedAt: r.lastBookedAt ? new Date(r.lastBookedAt) : null,
    roundId: r.grant.roundId,
    organization: r.grant.organizationId ? { id: r.grant.organizationId, name: r.organizationName } : null,
    community: { code: r.grant.communityCode, name: r.communityName },
    funder: { code: r.funderCode, name: r.funderName },
    programme: r.programme,
  }));
}
