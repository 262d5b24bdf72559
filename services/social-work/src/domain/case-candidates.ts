import { and, count, eq, inArray, like } from 'drizzle-orm';
import { knownOrganizations, type AnyPgTx } from '@sanshe/service-kit';
import { organizationServiceFields, serviceCases, socialWorkers } from '../db/schema.ts';
import { streetOf, type NeedToMatch, type OrganizationCandidate, type WorkerCandidate } from './matching.ts';

/**
 * Everyone who could take a need, with their current open-case load: the social workers of the
 * need's street (its community's among them) and the organizations known in its community with
 * their state and service fields. `matchCase` (matching.ts) applies the rule.
 */
export async function loadMatchPool(
  tx: AnyPgTx,
  need: NeedToMatch,
): Promise<{ workers: WorkerCandidate[]; organizations: OrganizationCandidate[] }> {
  const workers = await tx
    .select({ id: socialWorkers.id, communityCode: socialWorkers.communityCode, certificationLevel: socialWorkers.certificationLevel })
    .from(socialWorkers)
    .where(like(socialWorkers.communityCode, `${streetOf(need.communityCode)}%`));
  const organizations = await tx
    .select({
      id: knownOrganizations.id,
      communityCode: knownOrganizations.communityCode,
      state: knownOrganizations.state,
      serviceFields: organizationServiceFields.serviceFields,
    })
    .from(knownOrganizations)
    .leftJoin(organizationServiceFields, eq(organizationServiceFields.organizationId, knownOrganizations.id))
    .where(eq(knownOrganizations.communityCode, need.communityCode));

  const workerLoad = await openCaseCounts(tx, 'socialWorkerId', workers.map((w) => w.id));
  const organizationLoad = await openCaseCounts(tx, 'organizationId', organizations.map((o) => o.id));
  return {
    workers: workers.map((w) => ({ ...w, openCases: workerLoad.get(w.id) ?? 0 })),
    organizations: organizations.map((o) => ({ ...o, serviceFields: o.serviceFields ?? [], openCases: organizationLoad.get(o.id) ?? 0 })),
  };
}

async function openCaseCounts(tx: AnyPgTx, by: 'socialWorkerId' | 'organizationId', ids: string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const column = serviceCases[by];
  const rows = await tx
    .select({ id: column, n: count() })
    .from(serviceCases)
    .where(and(eq(serviceCases.status, 'open'), inArray(column, ids)))
    .groupBy(column);
  return new Map(rows.map((r) => [r.id as string, r.n]));
}
