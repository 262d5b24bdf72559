import { and, count, eq, inArray, like, or } from 'drizzle-orm';
import { knownOrganizations, type AnyPgTx } from '@sanshe/service-kit';
import { organizationServiceFields, serviceCases, socialWorkers } from '../db/schema.ts';
import { streetOf, type Assignee, type NeedToMatch, type OrganizationCandidate, type WorkerCandidate } from './matching.ts';

/** Who could take each need of a batch, with loads that count the cases opened earlier in the batch. */
export interface MatchPools {
  /** The need's pool: the social workers of its street and the organizations known in its community, with their current load. */
  poolFor(need: NeedToMatch): { workers: WorkerCandidate[]; organizations: OrganizationCandidate[] };
  /** A case was opened for `assignee`: the needs after it see one more open case in its load. */
  assign(assignee: Assignee): void;
}

type Worker = Omit<WorkerCandidate, 'openCases'>;
type Organization = Omit<OrganizationCandidate, 'openCases'>;

/**
 * Everyone who could take any need of a batch, read once for the whole batch: the social workers of
 * the needs' streets and the organizations known in their communities, with their state, service
 * fields and open-case loads — four statements however many needs, where reading each need's pool
 * on its own cost four a need. `matchCase` (matching.ts) applies the rule to each need's pool.
 */
export async function loadMatchPools(tx: AnyPgTx, needs: readonly NeedToMatch[]): Promise<MatchPools> {
  const streets = [...new Set(needs.map((need) => streetOf(need.communityCode)))];
  const communities = [...new Set(needs.map((need) => need.communityCode))];
  const workers: Worker[] =
    streets.length === 0
      ? []
      : await tx
          .select({ id: socialWorkers.id, communityCode: socialWorkers.communityCode, certificationLevel: socialWorkers.certificationLevel })
          .from(socialWorkers)
          .where(or(...streets.map((street) => like(socialWorkers.communityCode, `${street}%`))));
  const organizations: Organization[] =
    communities.length === 0
      ? []
      : (
          await tx
            .select({
              id: knownOrganizations.id,
              communityCode: knownOrganizations.communityCode,
              state: knownOrganizations.state,
              serviceFields: organizationServiceFields.serviceFields,
            })
            .from(knownOrganizations)
            .leftJoin(organizationServiceFields, eq(organizationServiceFields.organizationId, knownOrganizations.id))
            .where(inArray(knownOrganizations.communityCode, communities))
        ).map((o) => ({ ...o, serviceFields: o.serviceFields ?? [] }));

  const load = new Map<string, number>([
    ...(await openCaseCounts(tx, 'socialWorkerId', workers.map((w) => w.id))),
    ...(await openCaseCounts(tx, 'organizationId', organizations.map((o) => o.id))),
  ]);
  const workersOf = groupBy(workers, (w) => streetOf(w.communityCode));
  const organizationsOf = groupBy(organizations, (o) => o.communityCode);
  return {
    poolFor: (need) => ({
      workers: (workersOf.get(streetOf(need.communityCode)) ?? []).map((w) => ({ ...w, openCases: load.get(w.id) ?? 0 })),
      organizations: (organizationsOf.get(need.communityCode) ?? []).map((o) => ({ ...o, openCases: load.get(o.id) ?? 0 })),
    }),
    assign: (assignee) => load.set(assignee.id, (load.get(assignee.id) ?? 0) + 1),
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
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
