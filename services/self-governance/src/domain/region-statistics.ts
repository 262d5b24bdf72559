import { sql } from 'drizzle-orm';
import { batchByPeriod, DomainError, MAX_STATISTICS_REGIONS, statisticsId, statisticsKey, type StatisticsBatch, type StatisticsKey } from '@sanshe/service-kit';
import { PROPOSAL_STAGES, type ProposalStage, type RegionRow } from '../db/schema.ts';
import type { Db } from '../context.ts';

/**
 * Region statistics (`RegionStatistics`): self-governance owns the entity — the region, the period
 * and the region tree — and contributes its own figures. Public: aggregates only, the same for
 * every caller.
 *
 * A region's records are those of the communities and villages in it (codes nest by prefix; each
 * community row carries its street and district codes). The figures of any number of regions
 * come from ONE statement per distinct period: the asked codes are matched to their communities
 * through the region tree (a few hundred rows); per community, each figure is a count over an
 * index range (community_code, time) — index-only where the index covers it; and the counts are
 * summed per asked region. The cost follows the communities asked and the records in the period,
 * never the size of the tables (README: measured at the contract's city scale).
 *
 * Stock: what exists at the end of the period (deliberation platforms created before it ends).
 * Flow: what happened in [startsAt, endsAt) — reported, held, submitted, resolved, fulfilled,
 * posted, planned — each by the timestamp of that happening.
 */

/** The entity's parent object: its key, and the region row (name, level) it is about. */
export type StatisticsRef = StatisticsKey & { region: RegionRow };

export interface ProposalStageCount {
  stage: ProposalStage;
  count: number;
}

export interface RegionFigures {
  communities: number;
  villages: number;
  population: number;
  households: number;
  deliberationPlatforms: number;
  deliberationMeetingsHeld: number;
  proposalsByStage: ProposalStageCount[];
  disputesReported: number;
  disputesResolved: number;
  needsReported: number;
  needsFulfilled: number;
  microWishesPosted: number;
  microWishesFulfilled: number;
  microProjects: number;
  microProjectCategories: number;
}

export type CountFigure = Exclude<keyof RegionFigures, 'proposalsByStage'>;

const COUNT_FIGURES: readonly CountFigure[] = [
  'communities',
  'villages',
  'population',
  'households',
  'deliberationPlatforms',
  'deliberationMeetingsHeld',
  'disputesReported',
  'disputesResolved',
  'needsReported',
  'needsFulfilled',
  'microWishesPosted',
  'microWishesFulfilled',
  'microProjects',
  'microProjectCategories',
];

/** The `RegionStatistics` fields self-governance answers from its figures (the statistics statement). */
export const FIGURE_FIELDS: ReadonlySet<string> = new Set<string>([...COUNT_FIGURES, 'proposalsByStage']);

/** Proposals come back as `proposals:<stage>` figures. */
const PROPOSAL_FIGURE = 'proposals:';

/**
 * The keys `Query.regionStatistics` asks for: each code checked (`statisticsKey`, naming
 * `codes`), duplicates answered once in the order first asked, at most MAX_STATISTICS_REGIONS.
 * With no codes the period is still checked — a bad date is the caller's error either way.
 */
export function statisticsKeysFor(codes: readonly string[], from: string, to: string): StatisticsKey[] {
  const distinct = [...new Set(codes)];
  if (distinct.length > MAX_STATISTICS_REGIONS) {
    throw new DomainError('BAD_USER_INPUT', `codes: at most ${MAX_STATISTICS_REGIONS} regions at once`, 'codes');
  }
  // A placeholder district code, only so that an empty request still has its period checked.
  if (distinct.length === 0) statisticsKey('000000', from, to);
  return distinct.map((code) => statisticsKey(code, from, to, 'codes'));
}

/** Zero for every figure: a region with no records. */
export function emptyFigures(): RegionFigures {
  const figures = Object.fromEntries(COUNT_FIGURES.map((f) => [f, 0])) as Omit<RegionFigures, 'proposalsByStage'>;
  return { ...figures, proposalsByStage: PROPOSAL_STAGES.map((stage) => ({ stage, count: 0 })) };
}

export interface FigureRow {
  code: string;
  figure: string;
  n: number;
}

/** Pivots the statement's long rows (region, figure, n) into figures per region code; missing ones are 0. */
export function figuresByRegion(codes: readonly string[], rows: readonly FigureRow[]): Map<string, RegionFigures> {
  const result = new Map(codes.map((code) => [code, emptyFigures()]));
  for (const { code, figure, n } of rows) {
    const figures = result.get(code);
    if (!figures) continue;
    if (figure.startsWith(PROPOSAL_FIGURE)) {
      const entry = figures.proposalsByStage.find((s) => s.stage === figure.slice(PROPOSAL_FIGURE.length));
      if (entry) entry.count = Number(n);
    } else if ((COUNT_FIGURES as readonly string[]).includes(figure)) {
      figures[figure as CountFigure] = Number(n);
    }
  }
  return result;
}

/**
 * The one statement of a period. Codes are validated region codes (digits only) joined into a
 * single text parameter, so the statement text is the same however many regions are asked for.
 *
 * Per community, each figure is a correlated count — an index range scan on (community_code,
 * time), index-only where the index covers it — so a request reads the index entries of its own
 * communities in its own period and nothing else; a hash join over whole tables is never the plan.
 */
function figuresStatement(batch: StatisticsBatch) {
  const codes = batch.regionCodes.join(',');
  const s = sql`${batch.startsAt.toISOString()}::timestamptz`;
  const e = sql`${batch.endsAt.toISOString()}::timestamptz`;
  const inPeriod = (column: string) => sql`${sql.raw(column)} >= ${s} and ${sql.raw(column)} < ${e}`;
  const count = (table: string, column: string, condition?: string) =>
    sql`(select count(*) from ${sql.raw(table)} where community_code = w.code${sql.raw(condition ? ` and ${condition}` : '')} and ${inPeriod(column)})`;
  return sql`
    with asked(code) as (select distinct unnest(string_to_array(${codes}, ','))),
    -- Each asked region's communities and villages: a community row names its street and district.
    members as (
      select a.code as region_code, c.code as community_code, c.level,
        coalesce(c.population, 0) as population, coalesce(c.households, 0) as households
      from regions c
      cross join lateral (values (c.code), (c.street_code), (c.district_code)) as up(code)
      join asked a on a.code = up.code
      where c.level in ('community', 'village')
    ),
    per_community as (
      select w.code as community_code,
        (select count(*) from deliberation_platforms where community_code = w.code and created_at < ${e}) as "deliberationPlatforms",
        ${count('deliberation_meetings', 'scheduled_at', "status = 'held'")} as "deliberationMeetingsHeld",
        ${count('disputes', 'reported_at')} as "disputesReported",
        ${count('disputes', 'closed_at', "status = 'resolved'")} as "disputesResolved",
        ${count('needs', 'reported_at')} as "needsReported",
        ${count('needs', 'closed_at', "status = 'fulfilled'")} as "needsFulfilled",
        ${count('micro_wishes', 'posted_at')} as "microWishesPosted",
        ${count('micro_wishes', 'fulfilled_at', "status = 'fulfilled'")} as "microWishesFulfilled",
        ${count('micro_projects', 'created_at')} as "microProjects",
        (select array_agg(distinct category) from micro_projects where community_code = w.code and ${inPeriod('created_at')}) as categories,
        (select jsonb_object_agg(stage, n) from (
          select stage, count(*) as n from proposals where community_code = w.code and ${inPeriod('submitted_at')} group by stage
        ) p) as stages
      from (select distinct community_code as code from members) w
    )
    select m.region_code as code, f.figure, sum(f.n)::int as n
      from members m
      join per_community p on p.community_code = m.community_code
      cross join lateral (values
        ('communities', (m.level = 'community')::int), ('villages', (m.level = 'village')::int),
        ('population', m.population), ('households', m.households),
        ('deliberationPlatforms', p."deliberationPlatforms"), ('deliberationMeetingsHeld', p."deliberationMeetingsHeld"),
        ('disputesReported', p."disputesReported"), ('disputesResolved', p."disputesResolved"),
        ('needsReported', p."needsReported"), ('needsFulfilled', p."needsFulfilled"),
        ('microWishesPosted', p."microWishesPosted"), ('microWishesFulfilled', p."microWishesFulfilled"),
        ('microProjects', p."microProjects")
      ) as f(figure, n)
      group by m.region_code, f.figure
    union all
    select m.region_code, ${sql.raw(`'${PROPOSAL_FIGURE}'`)} || st.key, sum(st.value::int)::int
      from members m
      join per_community p on p.community_code = m.community_code
      cross join lateral jsonb_each_text(coalesce(p.stages, '{}'::jsonb)) as st
      group by m.region_code, st.key
    union all
    -- Distinct over the whole region, not summed per community.
    select m.region_code, 'microProjectCategories', count(distinct c.category)::int
      from members m
      join per_community p on p.community_code = m.community_code
      cross join lateral unnest(p.categories) as c(category)
      group by m.region_code
  `;
}

/**
 * Self-governance's figures for any number of keys: one statement per distinct period (a
 * dashboard asks for one), however many regions. Keyed by statistics id; a region without
 * records (or not registered) has zeros.
 */
export async function selfGovernanceStatistics(db: Db, keys: readonly StatisticsKey[]): Promise<Map<string, RegionFigures>> {
  const result = new Map<string, RegionFigures>();
  const batches = batchByPeriod(keys);
  const answers = await Promise.all(batches.map(async (batch) => ({ batch, rows: (await db.execute(figuresStatement(batch))) as unknown as FigureRow[] })));
  for (const { batch, rows } of answers) {
    for (const [code, figures] of figuresByRegion(batch.regionCodes, rows)) result.set(statisticsId(code, batch.from, batch.to), figures);
  }
  return result;
}
