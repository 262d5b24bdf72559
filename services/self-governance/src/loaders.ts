import DataLoader from 'dataloader';
import { and, asc, inArray, isNull, type InferSelectModel } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { batchedAuditHandle, isUuid, selectRows, type StatisticsKey } from '@sanshe/service-kit';
import * as t from './db/schema.ts';
import type { Db } from './context.ts';
import { currentTerms } from './domain/committee-store.ts';
import { disclosureCoverage, type Coverage } from './domain/disclosure-store.ts';
import { emptyFigures, selfGovernanceStatistics, type RegionFigures } from './domain/region-statistics.ts';

/**
 * Created per request: nested fields of a list (each proposal's platform, history and votes, each
 * dispute's parties, each grid's leader …) are one statement per field, not one per row.
 */
function byKey<Row>(db: Db, table: PgTable, column: PgColumn, keyOf: (row: Row) => string, valid: (key: string) => boolean = isUuid) {
  return new DataLoader<string, Row | null>(async (keys) => {
    const wanted = [...new Set(keys.filter(valid))];
    const rows = wanted.length ? ((await selectRows(db, table, inArray(column, wanted))) as Row[]) : [];
    const map = new Map(rows.map((r) => [keyOf(r), r]));
    return keys.map((k) => map.get(k) ?? null);
  });
}

function groupedBy<Row>(db: Db, table: PgTable, column: PgColumn, keyOf: (row: Row) => string, order: PgColumn[]) {
  return new DataLoader<string, Row[]>(async (keys) => {
    const rows = (await selectRows(
      db,
      table,
      inArray(column, [...keys]),
      order.map((c) => asc(c)),
    )) as Row[];
    return keys.map((k) => rows.filter((r) => keyOf(r) === k));
  });
}

type Row<T extends PgTable> = InferSelectModel<T>;
const byId = <T extends PgTable & { id: PgColumn }>(db: Db, table: T) => byKey<Row<T>>(db, table, table.id, (r) => (r as { id: string }).id);

export function createLoaders(db: Db) {
  return {
    region: byKey<t.RegionRow>(db, t.regions, t.regions.code, (r) => r.code, (k) => /^(\d{6}|\d{9}|\d{12})$/.test(k)),
    /** Direct children of regions, by code: `RegionStatistics.children` of every parent in one statement. */
    childRegions: groupedBy<t.RegionRow>(db, t.regions, t.regions.parentCode, (r) => r.parentCode ?? '', [t.regions.code]),
    /** Self-governance's figures of `RegionStatistics`: one statement per distinct period for the whole request tick. */
    regionStatistics: new DataLoader<StatisticsKey, RegionFigures, string>(
      async (keys) => {
        const figures = await selfGovernanceStatistics(db, keys);
        return keys.map((k) => figures.get(k.id) ?? emptyFigures());
      },
      { cacheKeyFn: (k) => k.id },
    ),
    committee: byId(db, t.residentsCommittees),
    committeeByCommunity: byKey<t.ResidentsCommitteeRow>(db, t.residentsCommittees, t.residentsCommittees.communityCode, (r) => r.communityCode, (k) => /^\d{12}$/.test(k)),
    term: byId(db, t.committeeTerms),
    currentTerm: new DataLoader<string, t.CommitteeTermRow | null>((ids) => currentTerms(db, ids)),
    station: byId(db, t.serviceStations),
    group: byId(db, t.residentGroups),
    grid: byKey<t.GridRow>(db, t.grids, t.grids.code, (r) => r.code, (k) => /^\d{15}$/.test(k)),
    building: byId(db, t.buildings),
    unit: byId(db, t.units),
    /** The serving leader of a grid (by code), building or unit (by id). */
    leaderOf: new DataLoader<string, t.AreaLeaderRow | null>(async (areas) => {
      const rows = await selectRows(db, t.areaLeaders, and(inArray(t.areaLeaders.area, [...areas]), isNull(t.areaLeaders.steppedDownAt)));
      const map = new Map(rows.map((r) => [r.area, r]));
      return areas.map((a) => map.get(a) ?? null);
    }),
    platform: byId(db, t.deliberationPlatforms),
    meeting: byId(db, t.deliberationMeetings),
    proposal: byId(db, t.proposals),
    vote: byId(db, t.proposalVotes),
    stepsOf: groupedBy<t.ProposalStepRow>(db, t.proposalSteps, t.proposalSteps.proposalId, (r) => r.proposalId, [t.proposalSteps.at, t.proposalSteps.id]),
    votesOf: groupedBy<t.ProposalVoteRow>(db, t.proposalVotes, t.proposalVotes.proposalId, (r) => r.proposalId, [t.proposalVotes.takenAt, t.proposalVotes.id]),
    dispute: byId(db, t.disputes),
    partiesOf: groupedBy<t.DisputePartyRow>(db, t.disputeParties, t.disputeParties.disputeId, (r) => r.disputeId, [t.disputeParties.position]),
    need: byId(db, t.needs),
    needOfWish: byKey<t.NeedRow>(db, t.needs, t.needs.microWishId, (r) => r.microWishId ?? ''),
    microWish: byId(db, t.microWishes),
    microProject: byId(db, t.microProjects),
    disclosure: byId(db, t.disclosures),
    evaluation: byId(db, t.evaluations),
    personalDataAudit: batchedAuditHandle(db),
    coverage: new DataLoader<{ code: string; period: string }, Coverage, string>((keys) => disclosureCoverage(db, keys), {
      cacheKeyFn: (k) => `${k.code}|${k.period}`,
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
